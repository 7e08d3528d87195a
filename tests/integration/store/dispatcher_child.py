"""A dispatcher process for the crash test: `python dispatcher_child.py DB_URL CALLS_FILE BLOCK`.

Every handler call appends "key attempt outcome_unknown" to CALLS_FILE (flushed and synced, so
the line survives SIGKILL). The effect whose key is BLOCK hangs on its first, known attempt:
the test kills the process there. Exits when nothing is due.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from breachflow.dispatcher import Dispatcher
from models.db import make_engine
from models.outbox import Effect

NAME = "crash-test-dispatcher"


def main(db_url: str, calls_file: str, block_key: str) -> None:
    calls = Path(calls_file)

    def handle(effect: Effect) -> Mapping[str, Any]:
        with calls.open("a", encoding="utf-8") as out:
            out.write(f"{effect.key} {effect.attempt} {effect.outcome_unknown}\n")
            out.flush()
            os.fsync(out.fileno())
        if effect.key == block_key and not effect.outcome_unknown:
            time.sleep(3600)  # killed here by the test
        return {"handled_by": os.getpid()}

    engine = make_engine(db_url)
    dispatcher = Dispatcher(engine, {"test.effect": handle}, name=NAME)
    dispatcher.recover()
    dispatcher.run_until_idle()
    engine.dispose()


if __name__ == "__main__":
    main(*sys.argv[1:4])

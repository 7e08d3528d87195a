"""The watchdog is its own process: `serve` frozen (SIGSTOP) is alarmed while it is frozen, once
per outage, and the end of each outage is said."""

from __future__ import annotations

import json
import os
import signal
import time

from tests.e2e.service.conftest import Served


def _texts(served: Served) -> list[str]:
    path = served.data_dir / "slack.jsonl"
    lines = path.read_text().splitlines() if path.exists() else []
    return [json.loads(line)["text"] for line in lines if "watchdog" in json.loads(line)["key"]]


def _wait_for(served: Served, count: int, seconds: float = 120) -> list[str]:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if len(texts := _texts(served)) >= count:
            return texts
        time.sleep(0.5)
    raise AssertionError(f"{count} watchdog messages expected, got {_texts(served)}")


def test_a_frozen_serve_is_alarmed_once_per_outage_by_the_separate_watchdog(
    served: Served,
) -> None:
    """On the shared service, whose watchdog checks every second."""
    for outage in (1, 2):
        os.kill(served.process.pid, signal.SIGSTOP)
        try:
            texts = _wait_for(served, 2 * outage - 1)
            time.sleep(8)  # several more checks while it stays frozen
            assert len(_texts(served)) == 2 * outage - 1
            assert "breachflow serve does not answer" in texts[-1]
        finally:
            os.kill(served.process.pid, signal.SIGCONT)
        assert "again" in _wait_for(served, 2 * outage)[-1]

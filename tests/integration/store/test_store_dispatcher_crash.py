"""A dispatcher killed with SIGKILL mid-effect, then restarted, finishes the pending effects
without repeating the finished ones."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine
from store_factories import NOW

from models.db import read_scope, session_scope
from models.outbox import enqueue, list_effects

pytestmark = pytest.mark.integration

CHILD = Path(__file__).with_name("dispatcher_child.py")
KEYS = [f"effect-{i}" for i in range(1, 6)]
BLOCKED = "effect-3"


def _spawn(db_url: str, calls: Path, block: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, str(CHILD), db_url, str(calls), block])


def _wait_for_line(process: subprocess.Popen[bytes], calls: Path, line: str) -> None:
    """Wait until the child has logged `line` (it is then inside the handler)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if calls.exists() and line in calls.read_text(encoding="utf-8").splitlines():
            return
        if process.poll() is not None:
            pytest.fail(f"dispatcher exited with {process.returncode} before {line!r}")
        time.sleep(0.05)
    process.kill()
    pytest.fail(f"dispatcher never logged {line!r}")


def test_a_killed_dispatcher_restarts_and_finishes_without_repeats(
    db_url: str, engine: Engine, tmp_path: Path
) -> None:
    """Kill mid-effect 3 of 5; the restart redoes only effect 3 (flagged) and does 4 and 5."""
    with session_scope(engine) as session:
        for key in KEYS:
            enqueue(session=session, key=key, kind="test.effect", payload={}, now=NOW)
    calls = tmp_path / "calls.txt"

    first = _spawn(db_url, calls, BLOCKED)
    _wait_for_line(first, calls, f"{BLOCKED} 1 False")
    first.send_signal(signal.SIGKILL)
    assert first.wait(timeout=30) == -signal.SIGKILL

    with read_scope(engine) as session:
        states = {e.key: e.state for e in list_effects(session=session)}
    assert states == {
        "effect-1": "done",
        "effect-2": "done",
        "effect-3": "running",
        "effect-4": "pending",
        "effect-5": "pending",
    }

    second = _spawn(db_url, calls, BLOCKED)
    assert second.wait(timeout=60) == 0

    assert calls.read_text(encoding="utf-8").splitlines() == [
        "effect-1 1 False",
        "effect-2 1 False",
        "effect-3 1 False",
        "effect-3 2 True",
        "effect-4 1 False",
        "effect-5 1 False",
    ]
    with read_scope(engine) as session:
        effects = list_effects(session=session)
    assert {e.key: (e.state, e.attempts) for e in effects} == {
        "effect-1": ("done", 1),
        "effect-2": ("done", 1),
        "effect-3": ("done", 2),
        "effect-4": ("done", 1),
        "effect-5": ("done", 1),
    }
    assert {e.result["handled_by"] for e in effects if e.result} == {first.pid, second.pid}

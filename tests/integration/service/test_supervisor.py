"""`serve`'s supervision: a dead part is started again with growing delays; one that keeps
dying is reported so `serve` can exit non-zero; parts die with `serve`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from breachflow.settings import Settings
from breachflow.supervisor import MAX_RESTARTS, Part, Service


def _service(tmp_path: Path) -> Service:
    settings = Settings(data_dir=tmp_path / "data", _env_file=None)  # type: ignore[call-arg]
    return Service(settings=settings, echo=lambda _line: None)


def _wait_exit(part: Part) -> None:
    assert part.process is not None
    part.process.wait(10)


def test_a_dying_part_is_restarted_with_backoff_then_given_up(tmp_path: Path) -> None:
    service = _service(tmp_path)
    part = Part("flaky", [sys.executable, "-c", "raise SystemExit(3)"], dict(os.environ))
    service.parts["flaky"] = part
    service._spawn(part)
    now = 1000.0
    delays = []
    for _ in range(MAX_RESTARTS):
        _wait_exit(part)
        assert service.supervise_once(now) is None  # noted dead, restart planned
        delays.append(part.next_start - now)
        assert service.supervise_once(part.next_start) is None  # started again
        assert part.process is not None
        now = part.next_start
    _wait_exit(part)
    assert service.supervise_once(now) == "flaky"
    assert delays == sorted(delays)
    assert delays[0] < delays[-1]


def test_a_part_killed_with_its_parent_dies_too(tmp_path: Path) -> None:
    """The parent-death signal: kill -9 of `serve` takes its children with it."""
    script = (
        "import subprocess, sys, time\n"
        "from breachflow.supervisor import _die_with_parent\n"
        "import os\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'],"
        " preexec_fn=_die_with_parent(os.getpid()))\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(120)\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=Path.cwd()
    )
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait(10)
    end = time.monotonic() + 10
    while time.monotonic() < end and _alive(child):
        time.sleep(0.1)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return stat[0] != "Z"

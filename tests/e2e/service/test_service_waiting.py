"""Twenty breaches waiting for their review cost no process and no thread each.

The twenty are reported when the shared service starts, so their runs overlap the other
tests; this test waits for each to be suspended, whenever it runs.
"""

from __future__ import annotations

from pathlib import Path

from breachflow import prefect_runs
from rules.lifecycle import State, Step
from tests.e2e.service.conftest import TWENTY, Served
from tests.e2e.service.served_support import children, state


def _threads(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Threads:"):
            return int(line.split()[1])
    raise AssertionError("no Threads line")


def test_twenty_breaches_waiting_for_review_hold_no_process_or_thread(served: Served) -> None:
    """Suspended review runs leave the worker: no child process and no thread per breach."""
    worker = served.info["pids"]["worker-1"]
    breach_ids = served.waiting  # reported when the service started
    assert len(breach_ids) == TWENTY
    for breach_id in breach_ids:
        prefect_runs.wait_suspended(served.engine, breach_id, Step.REVIEW, seconds=240)
        assert state(served, breach_id) == State.AWAITING_REVIEW
    # Opened through Prefect's API, a waiting decision never had a process; the runner's only
    # lasting child is multiprocessing's resource tracker, whatever the number waiting.
    assert [pid for pid in children(worker) if not _is_resource_tracker(pid)] == []
    # The processes' threads (dispatchers, reconciler, clock, web, Prefect clients): not one
    # more per waiting breach.
    assert _threads(served.info["pid"]) < TWENTY
    assert _threads(worker) < TWENTY


def _is_resource_tracker(pid: int) -> bool:
    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    return b"multiprocessing.resource_tracker" in cmdline

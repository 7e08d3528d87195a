"""Twenty breaches waiting for their review cost no process and no thread each.

The twenty are reported when the shared service starts, so their runs overlap the other
tests; this test waits for each to be suspended, whenever it runs.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

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


def test_the_waiting_runs_are_read_from_prefect_in_pages(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the reconciler asks each pass: every waiting run in one request per page; a run
    Prefect does not know is left out (the reconciler opens that decision again)."""
    runs = [
        prefect_runs.wait_suspended(served.engine, breach_id, Step.REVIEW, seconds=240)
        for breach_id in served.waiting
    ]
    unknown = str(uuid.uuid4())
    monkeypatch.setattr(prefect_runs, "PAGE", 3)  # seven pages for the twenty-one
    seen = prefect_runs.run_states([*runs, unknown])
    assert sorted(seen) == sorted(runs)
    assert {run.type for run in seen.values()} == {"PAUSED"}
    assert {run.name for run in seen.values()} == {"Suspended"}


def _is_resource_tracker(pid: int) -> bool:
    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    return b"multiprocessing.resource_tracker" in cmdline

"""The service as an operator sees it: waiting costs nothing, crashes heal, the demo, Prefect."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from breachflow import prefect_runs, services
from breachflow.services.steps import DEPLOYMENT
from rules.lifecycle import State, Step
from tests.e2e.service.conftest import (
    ROOT,
    Served,
    service_env,
    start_service,
    stop_service,
)
from tests.e2e.service.served_support import (
    children as _children,
)
from tests.e2e.service.served_support import (
    counts,
    decide,
    report,
    review_input,
    state,
    wait_state,
)


def test_flow_runs_can_be_listed_through_the_prefect_client(served: Served) -> None:
    """The fastapi pin keeps `read_flow_runs` working (TECH-NOTES.md: HTTP 422 otherwise)."""
    from prefect import get_client

    report(served)
    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(limit=200)
        deployments = {d.name for d in client.read_deployments()}
    assert runs
    assert deployments == {DEPLOYMENT}


def test_demo_auto_approve_through_the_running_service_reaches_filed(served: Served) -> None:
    """`breachflow demo --auto-approve` answers each suspended decision, as the UI would; the
    audit trail verifies afterwards."""
    env = served.env
    result = subprocess.run(
        [sys.executable, "-m", "breachflow", "demo", "--auto-approve"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " has been filed" in result.stdout
    assert "Prefect UI" in result.stdout
    verify = subprocess.run(
        [sys.executable, "-m", "breachflow", "audit", "verify"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_demo_auto_approve_without_a_service_in_a_fresh_data_folder(tmp_path: Path) -> None:
    """No service running: the phases run in-process and the breach still reaches filed with
    its processor notice, its GBA draft and an intact audit trail."""
    env = service_env(tmp_path / "data")
    result = subprocess.run(
        [sys.executable, "-m", "breachflow", "demo", "--auto-approve"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BR-" in result.stdout
    assert " has been filed" in result.stdout
    folder = next((tmp_path / "data" / "documents").iterdir())
    names_ = sorted(p.name for p in folder.iterdir())
    assert any("processor_notice-bakkerij-peeters" in n for n in names_)
    assert any("gba_notification" in n for n in names_)
    verify = subprocess.run(
        [sys.executable, "-m", "breachflow", "audit", "verify"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr


def _kill_everything(served: Served) -> None:
    """A crash: SIGKILL the service, its runner with its flow-run processes, and Prefect."""
    pids = [served.process.pid, *served.info["pids"].values()]
    for pid in list(pids):
        pids.extend(_children(pid))
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    served.process.wait()
    served.engine.dispose()


def _wait_running(served: Served, breach_id: uuid.UUID, step: Step) -> None:
    """Until the step's flow run is running (its process started, the phase under way)."""
    end = time.monotonic() + 120
    while time.monotonic() < end:
        run_id = prefect_runs.latest_run_id(served.engine, breach_id, step)
        seen = prefect_runs.run_state(run_id) if run_id else None
        if seen and seen[0] == "RUNNING":
            return
        time.sleep(0.05)
    raise AssertionError(f"no running {step.value} run")


def test_killed_mid_phase_the_reconciler_finishes_and_nothing_is_done_twice(
    tmp_path: Path,
) -> None:
    """Kill -9 the whole service while the breach's first phase runs; start it again: the
    reconciler carries the breach on, with no obligation, document or effect duplicated."""
    data_dir = tmp_path / "data"
    first = start_service(data_dir)
    from prefect.settings import PREFECT_API_URL, temporary_settings

    breach_id = report(first)
    with temporary_settings({PREFECT_API_URL: first.info["prefect_api_url"]}):
        _wait_running(first, breach_id, Step.ASSESS)
    _kill_everything(first)
    # The kill landed mid-phase: the run had started and the assessment was not stored.
    assert state(first, breach_id) == State.RECEIVED
    (data_dir / "run" / "service.json").unlink(missing_ok=True)
    second = start_service(data_dir, reconcile_seconds=3)
    try:
        with temporary_settings({PREFECT_API_URL: second.info["prefect_api_url"]}):
            decide(second, breach_id, Step.REVIEW, review_input(second, breach_id))
            wait_state(second, breach_id, State.AWAITING_APPROVAL)
            after = counts(second, breach_id)
            # Run every phase again by hand: idempotent, nothing added.
            for phase in (services.run_assessment, services.draft_documents):
                phase(
                    engine=second.engine,
                    settings=second.settings,
                    breach_id=breach_id,
                    now=datetime.now(UTC),
                )
            assert counts(second, breach_id) == after
            assert after["documents"] == 3  # GBA draft, processor notice, register entry
    finally:
        took = stop_service(second)
    assert took < 10
    assert not (data_dir / "run" / "service.json").exists()

"""Helpers for the served lifecycle tests: report, wait, decide, count."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

from breachflow import prefect_runs
from models.breaches import get_breach
from models.db import read_scope
from models.documents import list_documents
from models.obligations import list_obligations
from models.outbox import list_effects
from rules.lifecycle import State, Step
from tests.e2e.service.conftest import Served
from tests.integration.flows.flow_support import demo_report, file_report

WAIT = 300.0


def report(served: Served, **changes: Any) -> uuid.UUID:
    return file_report(served.engine, served.settings, demo_report(**changes)).id


def state(served: Served, breach_id: uuid.UUID) -> str:
    with read_scope(served.engine) as session:
        return get_breach(session=session, breach_id=breach_id).state


def measures(served: Served, breach_id: uuid.UUID) -> dict[str, list[str]]:
    with read_scope(served.engine) as session:
        breach = get_breach(session=session, breach_id=breach_id)
    return {"taken": breach.measures_taken, "planned": breach.measures_planned}


def wait_state(served: Served, breach_id: uuid.UUID, wanted: State, seconds: float = WAIT) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if state(served, breach_id) == wanted:
            return
        time.sleep(0.3)
    raise AssertionError(f"still {state(served, breach_id)}, not {wanted}")


def wait_pause_key(run_id: str, suffix: str, seconds: float = WAIT) -> None:
    """Wait until the run is suspended under the pause key ending in `suffix` (attempt n)."""
    from prefect import get_client

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        with get_client(sync_client=True) as client:
            run = client.read_flow_run(uuid.UUID(run_id))
        if (
            run.state
            and run.state.is_paused()
            and str(run.state.state_details.pause_key).endswith(suffix)
        ):
            return
        time.sleep(0.3)
    raise AssertionError(f"run {run_id} not suspended under key *{suffix}")


def review_input(served: Served, breach_id: uuid.UUID, **changes: Any) -> dict[str, Any]:
    with read_scope(served.engine) as session:
        aware_at = get_breach(session=session, breach_id=breach_id).aware_at
    values = {
        "decided_by": "Dana DPO",
        "aware_at": aware_at.isoformat(),
        "outcome": "accept",
        "completeness": "complete",
        # The sample breach lies in the past: its 72 hours are long gone (Art. 33(1)).
        "late_reason": "test: the sample breach lies in the past",
    }
    values.update(changes)
    return values


def decide(served: Served, breach_id: uuid.UUID, step: Step, values: dict[str, Any]) -> str:
    """Answer the breach's suspended `step` run as the Resume form does; its run id."""
    run_id = prefect_runs.wait_suspended(served.engine, breach_id, step, seconds=WAIT)
    prefect_runs.answer(run_id, values)
    return run_id


def documents(served: Served, breach_id: uuid.UUID) -> list[tuple[str, str, int]]:
    with read_scope(served.engine) as session:
        return sorted(
            (d.kind, d.party, d.version)
            for d in list_documents(session=session, breach_id=breach_id)
        )


def counts(served: Served, breach_id: uuid.UUID) -> dict[str, int]:
    with read_scope(served.engine) as session:
        return {
            "obligations": len(list_obligations(session=session, breach_id=breach_id)),
            "documents": len(list_documents(session=session, breach_id=breach_id)),
            "effects": len(list_effects(session=session, breach_id=breach_id)),
        }


def children(pid: int) -> list[int]:
    """Direct child processes of `pid` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found

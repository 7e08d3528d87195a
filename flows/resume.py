"""Find a breach's waiting decision run and answer it: what `demo --auto-approve` and the tests
use, the same path as the Resume button in the Prefect UI (`resume_flow_run` with run_input)."""

from __future__ import annotations

import time
import uuid
from typing import Any

from sqlalchemy import Engine

from flows.starter import FLOW_START
from models.db import read_scope
from models.outbox import list_effects


def latest_run_id(engine: Engine, breach_id: uuid.UUID, deployment: str) -> str | None:
    """The flow run the newest start of `deployment` for this breach created (None: not yet)."""
    with read_scope(engine) as session:
        effects = [
            e
            for e in list_effects(session=session, breach_id=breach_id)
            if e.kind == FLOW_START and e.payload.get("deployment") == deployment
        ]
    for effect in reversed(effects):
        run_id = (effect.result or {}).get("flow_run_id")
        if run_id:
            return str(run_id)
    return None


def run_state(flow_run_id: str) -> tuple[str, str]:
    """(state type, state name) of a flow run, e.g. ("PAUSED", "Suspended")."""
    from prefect import get_client

    with get_client(sync_client=True) as client:
        run = client.read_flow_run(uuid.UUID(flow_run_id))
    assert run.state is not None
    return run.state.type.value, run.state.name


def wait_suspended(
    engine: Engine, breach_id: uuid.UUID, deployment: str, *, seconds: float = 120.0
) -> str:
    """Wait until the breach's run of `deployment` is suspended for input; its flow run id."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        run_id = latest_run_id(engine, breach_id, deployment)
        if run_id and run_state(run_id)[0] == "PAUSED":
            return run_id
        time.sleep(0.5)
    raise TimeoutError(f"no suspended {deployment} run for {breach_id} within {seconds} s")


def answer(flow_run_id: str, run_input: dict[str, Any]) -> None:
    """Resume a suspended decision run with the form's values (validated by the server)."""
    from prefect.flow_runs import resume_flow_run

    resume_flow_run(uuid.UUID(flow_run_id), run_input=run_input)

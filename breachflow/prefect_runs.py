"""A breach's step runs in Prefect: find the waiting decision run and answer it, as the Resume
button in the Prefect UI does (`resume_flow_run` with the form's values). What
`breachflow demo --auto-approve` uses with a running service, and the served tests."""

from __future__ import annotations

import time
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from breachflow.services.steps import deployment_of
from models.db import read_scope
from models.outbox import FLOW_START, list_effects
from rules.lifecycle import Step


def latest_run_id(engine: Engine, breach_id: uuid.UUID, step: Step) -> str | None:
    """The flow run the newest start of `step` for this breach created (None: not yet)."""
    deployment = deployment_of(step)
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


def run_state(flow_run_id: str) -> tuple[str, str, datetime | None] | None:
    """(state type, state name, start time) of a flow run, e.g. ("PAUSED", "Suspended", ...);
    None when Prefect does not know it."""
    from prefect import get_client
    from prefect.exceptions import ObjectNotFound

    try:
        with get_client(sync_client=True) as client:
            run = client.read_flow_run(uuid.UUID(flow_run_id))
    except ObjectNotFound:
        return None
    if run.state is None:
        return "SCHEDULED", "Scheduled", run.start_time
    return run.state.type.value, run.state.name or "", run.start_time


def wait_suspended(
    engine: Engine, breach_id: uuid.UUID, step: Step, *, seconds: float = 120.0
) -> str:
    """Wait until the breach's run of `step` is suspended for input; its flow run id."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        run_id = latest_run_id(engine, breach_id, step)
        seen = run_state(run_id) if run_id else None
        if run_id and seen and seen[0] == "PAUSED":
            return run_id
        time.sleep(0.5)
    raise TimeoutError(f"no {step.value} run was waiting for a decision after {seconds:.0f} s")


def answer(flow_run_id: str, run_input: dict[str, Any]) -> None:
    """Resume a suspended decision run with the form's values (validated by the server); coded
    choices go as the words the form offers (`flows.choices.worded`)."""
    from prefect.flow_runs import resume_flow_run

    from flows.choices import worded

    resume_flow_run(uuid.UUID(flow_run_id), run_input=worded(run_input))

"""A breach's step runs in Prefect: find the waiting decision run and answer it, as the Resume
button in the Prefect UI does (`resume_flow_run` with the form's values). What
`breachflow demo --auto-approve` uses with a running service, and the served tests."""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

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


class SeenRun(NamedTuple):
    """A flow run as Prefect reports it."""

    type: str  # the state type, e.g. "PAUSED"
    name: str  # the state name, e.g. "Suspended"
    since: datetime | None  # when it entered that state
    started: datetime | None  # when it first ran


PAGE = 200  # the most runs Prefect's API returns per request


def run_states(flow_run_ids: Sequence[str]) -> dict[str, SeenRun]:
    """Each run of `flow_run_ids` that Prefect knows, asked in one request (per `PAGE`) with
    one client: a client per run costs a TLS context and a connection each."""
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    given = {uuid.UUID(run_id): run_id for run_id in flow_run_ids}
    ids = list(given)
    seen: dict[str, SeenRun] = {}
    if not ids:
        return seen
    with get_client(sync_client=True) as client:
        for start in range(0, len(ids), PAGE):
            page = ids[start : start + PAGE]
            runs = client.read_flow_runs(
                flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=page)), limit=len(page)
            )
            for run in runs:
                state = run.state
                seen[given[run.id]] = (
                    SeenRun(state.type.value, state.name or "", state.timestamp, run.start_time)
                    if state is not None
                    else SeenRun("SCHEDULED", "Scheduled", None, run.start_time)
                )
    return seen


def run_state(flow_run_id: str) -> SeenRun | None:
    """One run's `SeenRun`, e.g. ("PAUSED", "Suspended", ...); None when Prefect does not know
    it."""
    return run_states([flow_run_id]).get(flow_run_id)


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
    choices go as the words the form offers (`breachflow.decision_choices.worded`)."""
    from prefect.flow_runs import resume_flow_run

    from breachflow.decision_choices import worded

    resume_flow_run(uuid.UUID(flow_run_id), run_input=worded(run_input))

"""Reconciliation: every open breach's next step is running or queued, or it is started again.

Prefect does not resume runs that died with their process, and a start can fail: the breach's
state in the database says which step should carry it (`rules.lifecycle.expected_step`), and
the outbox records each start of that step with the flow run it created.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session

from breachflow.services.steps import deployment_of, latest_decision, start_step
from models.breaches import list_breaches, lock_breach
from models.db import read_scope, session_scope
from models.outbox import FLOW_START, list_effects
from models.tables import OutboxEffect
from rules.lifecycle import OPEN, Decision, State, Step, expected_step

ALIVE = frozenset({"SCHEDULED", "PENDING", "RUNNING", "PAUSED", "CANCELLING"})

# `run_state(flow_run_id) -> (state type, start time)`, or None when Prefect does not know it.
RunState = Callable[[str], tuple[str, datetime | None] | None]


@dataclass(frozen=True)
class Restart:
    """A step started again, and why."""

    reference: str
    state: str
    step: Step
    reason: str


def _filing_recorded(session: Session, breach_id: uuid.UUID) -> bool:
    """A filing decision taken since the last approval: `record-filing` carries the breach."""
    filing = latest_decision(session, breach_id, Decision.FILING)
    approval = latest_decision(session, breach_id, Decision.APPROVAL)
    return bool(filing and approval and filing["at"] >= approval["at"])


def reconcile(
    *,
    engine: Engine,
    run_state: RunState,
    now: datetime,
    dead_if_started_before: datetime | None = None,
) -> list[Restart]:
    """Start again every step a breach's state expects but Prefect no longer has.

    A run counts as missing when its start effect failed, Prefect does not know it, it ended
    (completed, failed, crashed, cancelled, or a wait that expired) without moving the breach
    on, or, at start-up (`dead_if_started_before`), it was running in a process that died with
    the last service.
    """
    plans: list[tuple[str, str, uuid.UUID, Step, list[OutboxEffect]]] = []
    with read_scope(engine) as session:
        for breach in list_breaches(session=session, states=[s.value for s in OPEN]):
            step = expected_step(
                State(breach.state), filing_recorded=_filing_recorded(session, breach.id)
            )
            if step is None:
                continue
            effects = [
                e
                for e in list_effects(session=session, breach_id=breach.id)
                if e.kind == FLOW_START and e.payload.get("deployment") == deployment_of(step)
            ]
            plans.append((breach.reference, breach.state, breach.id, step, effects))
    restarts: list[Restart] = []
    for reference, state, breach_id, step, effects in plans:
        reason = missing(effects, run_state, dead_if_started_before)
        if reason is None:
            continue
        with session_scope(engine) as session:
            current = lock_breach(session=session, breach_id=breach_id)
            if current.state != state:
                continue
            start_step(
                session=session,
                breach_id=current.id,
                step=step,
                key=f"restart-{len(effects) + 1}",
                now=now,
            )
        restarts.append(Restart(reference, state, step, reason))
    return restarts


def missing(
    effects: Sequence[OutboxEffect], run_state: RunState, dead_if_started_before: datetime | None
) -> str | None:
    """Why the step's last start no longer carries the breach, or None when it does."""
    if not effects:
        return "no start recorded"
    last = effects[-1]
    if last.state in ("pending", "running"):
        return None  # the dispatcher is on it
    if last.state == "failed":
        return "the start failed"
    run_id = (last.result or {}).get("flow_run_id")
    if not run_id:
        return "no flow run id"
    seen = run_state(str(run_id))
    if seen is None:
        return "Prefect does not know the run"
    state_type, started = seen
    if state_type not in ALIVE:
        return f"run ended {state_type.lower()}"
    if (
        state_type in ("RUNNING", "PENDING")
        and dead_if_started_before is not None
        and started is not None
        and started < dead_if_started_before
    ):
        return "run was in a process that died"
    return None

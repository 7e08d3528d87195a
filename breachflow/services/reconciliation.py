"""Reconciliation: every open breach's next step is queued or alive, or it is started again.

The breach's state in the database says which step carries it (`rules.lifecycle.expected_step`)
and the outbox records each start of that step. A phase is alive while its start waits in the
outbox or is claimed (a claim is a lease: a dead worker's claim returns to the queue); a phase
that ran without moving the breach on runs again. A decision is alive while its Prefect run
waits for the DPO, is queued for a runner, or has been running only briefly; a run Prefect does
not know, that ended, or that was left pending or running by a process that died (Prefect does
not resume those) is opened again. Prefect is asked about all the runs of a pass in one call
(one request per 200 runs), not one per breach: a pass costs little more with hundreds waiting.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine

from breachflow.services.steps import deployment_of, filing_recorded, start_step
from models.breaches import list_breaches, lock_breach
from models.db import read_scope, session_scope
from models.outbox import FLOW_START, list_effects
from models.tables import OutboxEffect
from rules.lifecycle import OPEN, State, Step, expected_step

# `run_states(flow_run_ids) -> {flow_run_id: (state type, since when)}`; a run Prefect does not
# know is left out.
RunStates = Callable[[Sequence[str]], Mapping[str, tuple[str, datetime | None]]]


@dataclass(frozen=True)
class Restart:
    """A step started again, and why."""

    reference: str
    state: str
    step: Step
    reason: str


def reconcile(
    *,
    engine: Engine,
    run_states: RunStates,
    now: datetime,
    stale_after: timedelta = timedelta(minutes=2),
) -> list[Restart]:
    """Start again every step a breach waits on that is neither queued nor alive (see the
    module docstring); `run_states` asks Prefect about the decision runs."""
    plans: list[tuple[str, str, uuid.UUID, Step, list[OutboxEffect]]] = []
    with read_scope(engine) as session:
        for breach in list_breaches(session=session, states=[s.value for s in OPEN]):
            step = expected_step(
                State(breach.state), filing_recorded=filing_recorded(session, breach.id)
            )
            if step is None:
                continue
            effects = [
                e
                for e in list_effects(session=session, breach_id=breach.id)
                if e.kind == FLOW_START and e.payload.get("deployment") == deployment_of(step)
            ]
            plans.append((breach.reference, breach.state, breach.id, step, effects))
    asked = [run_id for _, _, _, step, effects in plans if (run_id := open_run(step, effects))]
    seen = run_states(asked)
    restarts: list[Restart] = []
    for reference, state, breach_id, step, effects in plans:
        reason = missing(step, effects, seen, now - stale_after)
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


def open_run(step: Step, effects: Sequence[OutboxEffect]) -> str | None:
    """The decision run the step's last start opened, if its state is Prefect's to tell."""
    if not step.is_decision or not effects or effects[-1].state != "done":
        return None
    run_id = (effects[-1].result or {}).get("flow_run_id")
    return str(run_id) if run_id else None


def missing(
    step: Step,
    effects: Sequence[OutboxEffect],
    runs: Mapping[str, tuple[str, datetime | None]],
    stale_before: datetime,
) -> str | None:
    """Why the step's last start no longer carries the breach, or None when it does."""
    if not effects:
        return "no start recorded"
    last = effects[-1]
    if last.state in ("pending", "running"):
        return None  # queued, or claimed under a lease
    if last.state == "failed":
        return "the start failed"
    if not step.is_decision:
        return "the phase ran without moving the breach on"
    run_id = open_run(step, effects)  # the start is done (the four states are checked above)
    if run_id is None:
        return "no decision run was opened"
    seen = runs.get(run_id)
    if seen is None:
        return "Prefect does not know the decision run"
    state_type, since = seen
    if state_type in ("PAUSED", "SCHEDULED"):
        return None  # waits for the DPO, or resumed and queued for a runner
    if state_type in ("PENDING", "RUNNING"):
        if since is not None and since < stale_before:
            return f"the decision run was left {state_type.lower()} by a process that died"
        return None
    return f"the decision run ended {state_type.lower()}"

"""How a service moves a breach on, inside the caller's transaction.

`apply` carries out a `rules.lifecycle` transition: the new state (with its reminders), the
start of the next step and the security team's alert are written in the same transaction as
the change that causes them, so they commit together or not at all. A step is started through
the outbox (`flow.start`), never directly; its key names the start, so a repeat adds nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlmodel import Session

from breachflow.alerts import enqueue_alert
from breachflow.clock.planning import plan_reminders_for_breach
from breachflow.settings import Settings
from models.breaches import lock_breach, set_breach_state
from models.decisions import list_decisions, record_decision
from models.outbox import DECISION_CLOSE, FLOW_START, EffectIn, enqueue
from models.tables import Breach, DecisionCreate, OutboxEffect
from rules.lifecycle import DECISION_STEP, Decision, Event, State, Step, require, transition

# Who acts when no person does (phases, the reconciler).
SYSTEM = "breachflow"
# Every step is served as the deployment "<flow name>/breachflow" (see `flows.deployments`).
DEPLOYMENT = "breachflow"


def deployment_of(step: Step) -> str:
    """Prefect's "flow-name/deployment-name" for a step."""
    return f"{step.value}/{DEPLOYMENT}"


def start_key(breach_id: uuid.UUID, step: Step, key: str) -> str:
    """The outbox key (and Prefect idempotency key) of one start of `step` for a breach."""
    return f"flow:{deployment_of(step)}:{breach_id}:{key}"


def start_effect(breach_id: uuid.UUID, step: Step, key: str, now: datetime) -> EffectIn:
    """The outbox effect that starts `step` for the breach; `key` names this start."""
    return EffectIn(
        key=start_key(breach_id, step, key),
        kind=FLOW_START,
        payload={"deployment": deployment_of(step), "parameters": {"breach_id": str(breach_id)}},
        breach_id=breach_id,
        created_at=now,
    )


def start_step(
    *, session: Session, breach_id: uuid.UUID, step: Step, key: str, now: datetime
) -> OutboxEffect:
    """Queue `step` for the breach in the caller's transaction (a repeated key adds nothing)."""
    effect = start_effect(breach_id, step, key, now)
    return enqueue(
        session=session,
        key=effect.key,
        kind=effect.kind,
        payload=effect.payload,
        now=now,
        breach_id=breach_id,
    )


def apply(
    *,
    session: Session,
    settings: Settings,
    breach: Breach,
    event: Event,
    actor: str,
    now: datetime,
    key: str = "1",
    alert: Mapping[str, Any] | None = None,
) -> Breach:
    """Carry out `event` on the (locked) breach: its new state, the next step (started under
    `key`) and the alert the transition sends (with `alert` as its details)."""
    move = transition(breach.state, event)
    if breach.state != move.target.value:
        breach = set_breach_state(
            session=session, breach_id=breach.id, state=move.target, actor=actor, now=now
        )
        # Reminders follow the obligations and the states in which a person's decision waits.
        plan_reminders_for_breach(session=session, breach_id=breach.id, settings=settings, now=now)
    if move.start is not None:
        start_step(session=session, breach_id=breach.id, step=move.start, key=key, now=now)
    if move.alert is not None:
        enqueue_alert(
            session=session,
            settings=settings,
            breach=breach,
            event=move.alert.value,
            now=now,
            details=dict(alert or {}),
        )
    return breach


def lock_for(session: Session, breach_id: uuid.UUID, decision: Decision) -> Breach:
    """The breach, locked, if it waits for `decision` (`WrongState` otherwise)."""
    breach = lock_breach(session=session, breach_id=breach_id)
    require(State(breach.state), decision)
    return breach


def record(
    session: Session,
    breach: Breach,
    decision: Decision,
    decided_by: str,
    payload: Mapping[str, Any],
    now: datetime,
    *,
    decided_by_email: str | None = None,
    actor: str | None = None,
) -> None:
    """Keep a person's decision as entered (the audit trail records it too), and close the
    decision's waiting Prefect run (taken on breachflow's pages, it waits no more; taken in
    that run itself, the run is running and is left alone). `decided_by_email`: the signed-in
    person's e-mail; None records `decided_by` as typed, not authenticated. `actor`: the audit
    actor already formed (`rules.actors`), for a decision that follows from an actor's act."""
    record_decision(
        session=session,
        decision_in=DecisionCreate(
            breach_id=breach.id,
            kind=decision.value,
            decided_by=decided_by,
            decided_by_email=decided_by_email,
            payload=dict(payload),
        ),
        now=now,
        actor=actor,
    )
    step = DECISION_STEP.get(decision)
    if step is not None:
        close_waiting_run(
            session, breach.id, step, decision_count(session, breach.id, decision), decided_by, now
        )


def close_waiting_run(
    session: Session,
    breach_id: uuid.UUID,
    step: Step,
    number: int,
    decided_by: str,
    now: datetime,
) -> None:
    """Queue the closing of the breach's waiting Prefect run of `step` (the `number`-th time):
    the decision was taken, or is no longer asked, elsewhere."""
    enqueue(
        session=session,
        key=f"{DECISION_CLOSE}:{breach_id}:{step.value}:{number}",
        kind=DECISION_CLOSE,
        payload={
            "breach_id": str(breach_id),
            "deployment": deployment_of(step),
            "decided_by": decided_by,
        },
        now=now,
        breach_id=breach_id,
    )


def decision_count(session: Session, breach_id: uuid.UUID, decision: Decision) -> int:
    """How many `decision`s were taken: numbers the next start's key (loops get new keys)."""
    return sum(
        1 for d in list_decisions(session=session, breach_id=breach_id) if d.kind == decision
    )


def decision_page_id(session: Session, breach: Breach, decision: Decision) -> str:
    """The id of the waiting `decision` on breachflow's pages, `BR-2026-0001.review.1`: the
    breach, the decision and which time it is asked (so a taken decision's id goes stale)."""
    return f"{breach.reference}.{decision.value}.{decision_count(session, breach.id, decision) + 1}"


def latest_decision(
    session: Session, breach_id: uuid.UUID, decision: Decision
) -> dict[str, Any] | None:
    """The payload of the newest `decision` (with `decided_by`, `decided_by_email` and `at`),
    or None."""
    rows = [d for d in list_decisions(session=session, breach_id=breach_id) if d.kind == decision]
    if not rows:
        return None
    last = rows[-1]
    return {
        **last.payload,
        "decided_by": last.decided_by,
        "decided_by_email": last.decided_by_email,
        "at": last.at.isoformat(),
    }


# Decisions that start a new drafting round (new facts after filing or while drafts wait,
# Part 2 prepared); a send-back does too.
_NEW_ROUND = frozenset({Decision.FOLLOW_UP, Decision.REDRAFT, Decision.PART2})


def draft_round(session: Session, breach_id: uuid.UUID) -> int:
    """1 + drafts sent back + new facts that replaced drafts + follow-ups + Part 2: the round
    every draft of this round is stored with, and the round an approval must name."""
    rounds = 1
    for decision in list_decisions(session=session, breach_id=breach_id):
        if decision.kind == Decision.APPROVAL and decision.payload.get("action") == "send_back":
            rounds += 1
        if decision.kind in _NEW_ROUND:
            rounds += 1
    return rounds


def filing_recorded(session: Session, breach_id: uuid.UUID) -> bool:
    """A filing decision taken on the approved drafts (since the last approval): they were
    filed as they are, so `record-filing` carries the breach, and new facts start a follow-up
    once the filing is applied rather than a new draft."""
    approval = latest_decision(session, breach_id, Decision.APPROVAL)
    filing = latest_decision(session, breach_id, Decision.FILING)
    return bool(approval and filing and filing["at"] >= approval["at"])

"""Persistence of DPO decisions: what, by whom (signed in or as typed, `rules.actors`), when."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Session, col, select

from models.audit import record_change
from models.breaches import get_breach
from models.tables import Decision, DecisionCreate
from rules.actors import decider_actor


def record_decision(
    *, session: Session, decision_in: DecisionCreate, now: datetime, actor: str | None = None
) -> Decision:
    """Store one decision; audited with the decider as actor (`Name <email>` when signed in,
    else the typed name marked not authenticated), or as `actor` when the decision follows
    from something an actor did (a client's new facts: `token:...`)."""
    if not decision_in.decided_by.strip():
        raise ValueError("a decision needs who decided it")
    get_breach(session=session, breach_id=decision_in.breach_id)
    decision = Decision.model_validate({**decision_in.model_dump(), "at": now})
    session.add(decision)
    session.flush()
    record_change(
        session=session,
        actor=actor or decider_actor(decision.decided_by, decision.decided_by_email),
        entity_type="decision",
        entity_id=decision.id,
        action="create",
        before=None,
        after=decision,
        at=now,
    )
    return decision


def list_decisions(*, session: Session, breach_id: uuid.UUID) -> list[Decision]:
    """A breach's decisions, oldest first."""
    return list(
        session.exec(
            select(Decision).where(Decision.breach_id == breach_id).order_by(col(Decision.at))
        )
    )

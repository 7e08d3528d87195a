"""Persistence of obligations: duties with a clock, unique per (breach, kind, party, activity)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from models.audit import record_change, snapshot
from models.breaches import NotFoundError
from models.sql import insert_if_absent
from models.tables import Obligation, ObligationCreate


def ensure_obligation(
    *, session: Session, obligation_in: ObligationCreate, actor: str, now: datetime
) -> tuple[Obligation, bool]:
    """The obligation for this (breach, kind, party, activity), created if absent, reopened
    if cancelled (the outcome in force requires it again, e.g. after new facts).

    Returns (row, created or reopened). Re-running the rules never duplicates nor rewrites an
    open or done obligation: it keeps its due_at and terms snapshot; concurrent callers are
    safe. A reopened one takes the due_at and terms planned now, and `terms["reopened_at"]`.
    """
    new_id = uuid.uuid4()
    values = {
        **obligation_in.model_dump(),
        "id": new_id,
        "state": "open",
        "created_at": now,
    }
    created = insert_if_absent(
        session=session,
        table=Obligation,
        values=Obligation.model_validate(values).model_dump(),
        conflict_columns=["breach_id", "kind", "party", "activity_id"],
    )
    obligation = session.exec(
        select(Obligation).where(
            Obligation.breach_id == obligation_in.breach_id,
            Obligation.kind == obligation_in.kind,
            Obligation.party == obligation_in.party,
            Obligation.activity_id == obligation_in.activity_id,
        )
    ).one()
    if created:
        record_change(
            session=session,
            actor=actor,
            entity_type="obligation",
            entity_id=obligation.id,
            action="create",
            before=None,
            after=obligation,
            at=now,
        )
    elif obligation.state == "cancelled":
        _reopen(session, obligation, obligation_in, actor, now)
        return obligation, True
    return obligation, created


def _reopen(
    session: Session, obligation: Obligation, planned: ObligationCreate, actor: str, now: datetime
) -> None:
    _change(
        session,
        obligation,
        "reopen",
        actor,
        now,
        state="open",
        due_at=planned.due_at,
        terms={**planned.terms, "reopened_at": now.isoformat()},
        done_at=None,
        late_reason=None,
    )


def _change(
    session: Session,
    obligation: Obligation,
    action: str,
    actor: str,
    now: datetime,
    **changes: Any,
) -> Obligation:
    """Change an obligation and audit the change as `action` (before and after)."""
    before = snapshot(obligation)
    for name, value in changes.items():
        setattr(obligation, name, value)
    session.add(obligation)
    session.flush()
    record_change(
        session=session,
        actor=actor,
        entity_type="obligation",
        entity_id=obligation.id,
        action=action,
        before=before,
        after=obligation,
        at=now,
    )
    return obligation


def get_obligation(*, session: Session, obligation_id: uuid.UUID) -> Obligation:
    """The obligation with this id, or NotFoundError."""
    obligation = session.get(Obligation, obligation_id)
    if obligation is None:
        raise NotFoundError(f"no obligation {obligation_id}")
    return obligation


def _set_state(
    *,
    session: Session,
    obligation_id: uuid.UUID,
    state: str,
    actor: str,
    now: datetime,
    done_at: datetime | None,
    late_reason: str | None,
) -> Obligation:
    obligation = get_obligation(session=session, obligation_id=obligation_id)
    if obligation.state != "open":
        raise ValueError(f"obligation {obligation_id} is already {obligation.state}")
    return _change(
        session,
        obligation,
        state,
        actor,
        now,
        state=state,
        done_at=done_at,
        late_reason=late_reason,
    )


def complete_obligation(
    *,
    session: Session,
    obligation_id: uuid.UUID,
    done_at: datetime,
    late_reason: str | None,
    actor: str,
    now: datetime,
) -> Obligation:
    """Mark an open obligation done; one finished after its due_at needs the reason for delay
    (Art. 33(1): a late notification states its reasons)."""
    obligation = get_obligation(session=session, obligation_id=obligation_id)
    late = obligation.due_at is not None and done_at > obligation.due_at
    if late and not (late_reason or "").strip():
        raise ValueError("done after its due time: a late reason is required")
    return _set_state(
        session=session,
        obligation_id=obligation_id,
        state="done",
        actor=actor,
        now=now,
        done_at=done_at,
        late_reason=late_reason,
    )


def cancel_obligation(
    *, session: Session, obligation_id: uuid.UUID, reason: str, actor: str, now: datetime
) -> Obligation:
    """Cancel an open obligation (e.g. the DPO decided no notification); the reason is kept."""
    return _set_state(
        session=session,
        obligation_id=obligation_id,
        state="cancelled",
        actor=actor,
        now=now,
        done_at=None,
        late_reason=reason,
    )


def list_obligations(*, session: Session, breach_id: uuid.UUID) -> list[Obligation]:
    """A breach's obligations by due time (those without one last)."""
    return list(
        session.exec(
            select(Obligation)
            .where(Obligation.breach_id == breach_id)
            .order_by(
                col(Obligation.due_at).is_(None), col(Obligation.due_at), col(Obligation.kind)
            )
        )
    )


def list_open_obligations(
    *, session: Session, due_before: datetime | None = None
) -> list[Obligation]:
    """Open obligations with a due time, soonest first: what the scheduler rebuilds jobs from."""
    statement = (
        select(Obligation)
        .where(Obligation.state == "open", col(Obligation.due_at).is_not(None))
        .order_by(col(Obligation.due_at))
    )
    if due_before is not None:
        statement = statement.where(col(Obligation.due_at) < due_before)
    return list(session.exec(statement))

"""Persistence of breaches: references, creation, awareness, facts and state.

Every change appends an audit event in the same transaction. Functions flush, never commit:
the caller's `session_scope` commits the change, its audit event and its outbox rows together.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import Session, col, select

from models.audit import EventIn, append_events, record_change, snapshot
from models.sql import insert_if_absent, insert_rows, row_values
from models.tables import CHANNELS, Breach, BreachCreate, ReferenceCounter
from rules.deadlines import BRUSSELS
from rules.lifecycle import State


class NotFoundError(LookupError):
    """The row asked for does not exist."""


def format_reference(year: int, number: int) -> str:
    """BR-YYYY-NNNN; the number keeps growing past 9999 (BR-2026-10000) rather than wrapping."""
    return f"BR-{year:04d}-{number:04d}"


def allocate_reference(*, session: Session, now: datetime) -> str:
    """The next reference for `now`'s year in Brussels, allocated atomically."""
    return allocate_references(session=session, now=now, count=1)[0]


def allocate_references(*, session: Session, now: datetime, count: int) -> list[str]:
    """The next `count` references for `now`'s year in Brussels, allocated atomically.

    The per-year counter row is created if absent (insert-or-skip) and moved on with a single
    UPDATE ... RETURNING, which PostgreSQL serialises on the row lock and SQLite on the write lock.
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    year = now.astimezone(BRUSSELS).year
    moved = update(ReferenceCounter).where(col(ReferenceCounter.year) == year)
    moved = moved.values(last_number=col(ReferenceCounter.last_number) + count)
    last = session.execute(moved.returning(col(ReferenceCounter.last_number))).scalar_one_or_none()
    if last is None:  # the year's first reference
        insert_if_absent(
            session=session,
            table=ReferenceCounter,
            values={"year": year, "last_number": 0},
            conflict_columns=["year"],
        )
        last = session.execute(moved.returning(col(ReferenceCounter.last_number))).scalar_one()
    return [format_reference(year, number) for number in range(last - count + 1, last + 1)]


def skip_references_through(*, session: Session, year: int, number: int) -> bool:
    """Move the year's counter on to at least `number`, so BR-year-(number+1) is the next
    reference (after a restore: references handed out since the copy was made must not be
    given to another breach). True when it moved."""
    insert_if_absent(
        session=session,
        table=ReferenceCounter,
        values={"year": year, "last_number": 0},
        conflict_columns=["year"],
    )
    moved = session.execute(
        update(ReferenceCounter)
        .where(col(ReferenceCounter.year) == year, col(ReferenceCounter.last_number) < number)
        .values(last_number=number)
        .returning(col(ReferenceCounter.year))
    ).first()
    return moved is not None


def create_breach(
    *, session: Session, breach_in: BreachCreate, actor: str, now: datetime
) -> Breach:
    """Store a new breach in state `received` with a fresh reference; audited as `create`."""
    return create_breaches(session=session, items=[(breach_in, actor, now)])[0]


def create_breaches(
    *, session: Session, items: Sequence[tuple[BreachCreate, str, datetime]]
) -> list[Breach]:
    """Store new breaches (each with its reporting actor and time received) in state
    `received`, with consecutive references in the given order, each audited as `create`.

    Several at once is how the intake files the reports that arrive together: one reference
    update (per year), one insert per table and one audit-head update for the lot."""
    for breach_in, _actor, _now in items:
        if breach_in.channel not in CHANNELS:
            raise ValueError(f"channel must be one of {CHANNELS}, not {breach_in.channel!r}")
    references = _references(session, [now for _breach_in, _actor, now in items])
    breaches = [
        Breach.model_validate(
            {
                **breach_in.model_dump(),
                "reference": reference,
                "state": State.RECEIVED.value,
                "created_at": now,
                "updated_at": now,
            }
        )
        for (breach_in, _actor, now), reference in zip(items, references, strict=True)
    ]
    insert_rows(session=session, table=Breach, rows=[row_values(b) for b in breaches])
    for breach in breaches:  # persistent in this session, as if loaded: no second INSERT
        make_transient_to_detached(breach)
        session.add(breach)
    append_events(
        session=session,
        events=[
            EventIn(actor, "breach", breach.id, "create", None, snapshot(breach), now)
            for (_breach_in, actor, now), breach in zip(items, breaches, strict=True)
        ],
    )
    return breaches


def _references(session: Session, instants: Sequence[datetime]) -> list[str]:
    """A reference for each instant, in order (a batch may straddle New Year in Brussels)."""
    years = [instant.astimezone(BRUSSELS).year for instant in instants]
    first_of_year = {year: instants[years.index(year)] for year in dict.fromkeys(years)}
    allocated = {
        year: iter(allocate_references(session=session, now=at, count=years.count(year)))
        for year, at in first_of_year.items()
    }
    return [next(allocated[year]) for year in years]


def get_breach(*, session: Session, breach_id: uuid.UUID) -> Breach:
    """The breach with this id, or NotFoundError."""
    breach = session.get(Breach, breach_id)
    if breach is None:
        raise NotFoundError(f"no breach {breach_id}")
    return breach


def get_breach_by_reference(*, session: Session, reference: str) -> Breach:
    """The breach with this BR-YYYY-NNNN reference, or NotFoundError."""
    breach = session.exec(select(Breach).where(Breach.reference == reference)).one_or_none()
    if breach is None:
        raise NotFoundError(f"no breach {reference}")
    return breach


def list_breaches(
    *, session: Session, states: Iterable[str] | None = None, limit: int | None = None
) -> list[Breach]:
    """Breaches, newest first, optionally only those in `states`."""
    statement = select(Breach).order_by(col(Breach.created_at).desc(), col(Breach.reference).desc())
    if states is not None:
        statement = statement.where(col(Breach.state).in_(list(states)))
    if limit is not None:
        statement = statement.limit(limit)
    return list(session.exec(statement))


def _change(
    *, session: Session, breach: Breach, actor: str, action: str, now: datetime, **changes: Any
) -> Breach:
    before = snapshot(breach)
    for name, value in changes.items():
        setattr(breach, name, value)
    breach.updated_at = now
    Breach.model_validate(breach.model_dump())  # re-check types after the change
    session.add(breach)
    session.flush()
    record_change(
        session=session,
        actor=actor,
        entity_type="breach",
        entity_id=breach.id,
        action=action,
        before=before,
        after=breach,
        at=now,
    )
    return breach


def set_breach_state(
    *, session: Session, breach_id: uuid.UUID, state: State, actor: str, now: datetime
) -> Breach:
    """Move a breach to `state` (`rules.lifecycle` decides which moves are allowed)."""
    if state not in set(State):
        raise ValueError(f"state must be one of {', '.join(State)}, not {state!r}")
    state = State(state)
    breach = get_breach(session=session, breach_id=breach_id)
    return _change(
        session=session,
        breach=breach,
        actor=actor,
        action=f"state:{state.value}",
        now=now,
        state=state.value,
    )


def set_measures(
    *,
    session: Session,
    breach_id: uuid.UUID,
    taken: Sequence[str],
    planned: Sequence[str],
    actor: str,
    now: datetime,
) -> Breach:
    """Record the DPO's measures taken and planned (catalogue codes, checked by the caller)."""
    breach = get_breach(session=session, breach_id=breach_id)
    return _change(
        session=session,
        breach=breach,
        actor=actor,
        action="set_measures",
        now=now,
        measures_taken=list(taken),
        measures_planned=list(planned),
    )


def set_aware_at(
    *,
    session: Session,
    breach_id: uuid.UUID,
    aware_at: datetime,
    set_by: str,
    gap_reason: str | None,
    now: datetime,
) -> Breach:
    """Record the confirmed awareness instant, who set it and why it differs from detection."""
    breach = get_breach(session=session, breach_id=breach_id)
    return _change(
        session=session,
        breach=breach,
        actor=set_by,
        action="set_aware_at",
        now=now,
        aware_at=aware_at,
        aware_set_by=set_by,
        aware_gap_reason=gap_reason,
    )


def update_breach(
    *, session: Session, breach_id: uuid.UUID, changes: dict[str, Any], actor: str, now: datetime
) -> Breach:
    """Change descriptive fields (facts, description, occurred_*, affected activities, ...).

    Reference, state, id and timestamps of the record itself cannot be changed here.
    """
    protected = {"id", "reference", "state", "created_at", "updated_at"}
    if bad := protected & changes.keys():
        raise ValueError(f"cannot change {sorted(bad)} with update_breach")
    if unknown := changes.keys() - Breach.model_fields.keys():
        raise ValueError(f"unknown breach fields {sorted(unknown)}")
    breach = get_breach(session=session, breach_id=breach_id)
    return _change(session=session, breach=breach, actor=actor, action="update", now=now, **changes)


def lock_breach(*, session: Session, breach_id: uuid.UUID) -> Breach:
    """The breach row locked for this transaction, to serialise per-breach version numbers
    (PostgreSQL row lock; on SQLite the write transaction already holds the lock)."""
    breach = session.exec(
        select(Breach)
        .where(Breach.id == breach_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()
    if breach is None:
        raise NotFoundError(f"no breach {breach_id}")
    return breach

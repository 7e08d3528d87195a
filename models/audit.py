"""The audit trail: append under a lock on the head, verify by walking the chain and replaying it.

Each event's `hash` is an HMAC-SHA256, keyed outside the database (`models.audit_chain`), over
the canonical JSON of (id, at, actor, entity_type, entity_id, action, before, after,
prev_hash). The key comes with the session's engine (`models.db.bind_audit_key`), so the
persistence functions that record changes need no extra argument. The single `audit_head` row
records the last seq and hash: appenders lock it (SQLite: the whole write transaction is `BEGIN
IMMEDIATE`; PostgreSQL: `SELECT ... FOR UPDATE` on the row), so two writers can never both
extend the same event. What the head cannot prove (a chain cut short with its head rewound, a
table emptied and its head reset) the anchors kept outside the database do.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, update
from sqlmodel import Session, SQLModel, col, select

from models.audit_chain import (
    GENESIS_HASH,
    canonical_json,
    event_hash,
    hash_body,
    instant_text,
    keyed_hash,
    to_jsonable,
    unkeyed_hash,
)
from models.audit_replay import REPLAYED, Difference, latest_after, replay_differences
from models.audit_walk import Anchor, Fault, FaultKind, Head, chain_fault
from models.db import audit_key_of
from models.sql import insert_if_absent, insert_rows
from models.tables import AuditEvent, AuditHead

__all__ = [
    "GENESIS_HASH",
    "Anchor",
    "AuditHeadMissing",
    "AuditKeyMissing",
    "EventIn",
    "VerifyResult",
    "adopt_unkeyed_chain",
    "append_event",
    "append_events",
    "canonical_json",
    "current_head",
    "event_hash",
    "record_change",
    "snapshot",
    "to_jsonable",
    "verify_chain",
]

HEAD_ID = 1


class AuditKeyMissing(RuntimeError):
    """The engine has no audit key: events cannot be hashed (nor checked)."""

    def __init__(self) -> None:
        super().__init__(
            "this database engine has no audit key: open it with "
            "breachflow.store.engine_for(settings), or make_engine(url, audit_key=...)"
        )


class AuditHeadMissing(RuntimeError):
    """The head row was deleted while events exist: appending would fork the chain."""

    def __init__(self) -> None:
        super().__init__(
            "the audit chain's head row is missing: nothing more can be recorded until the "
            "database is restored (see `breachflow audit verify`)"
        )


def audit_key(session: Session) -> bytes:
    """The audit key of the session's engine."""
    key = audit_key_of(session.get_bind())
    if key is None:
        raise AuditKeyMissing
    return key


def snapshot(row: SQLModel | None) -> dict[str, Any] | None:
    """A row as a JSON-ready dict, for an event's before/after."""
    if row is None:
        return None
    # A copy in JSON types; `append_events` normalises it as the JSON column will read it back.
    data: dict[str, Any] = row.model_dump(mode="json")
    return data


def _locked_head(session: Session) -> AuditHead:
    """The head row, locked for this transaction (FOR UPDATE is a no-op on SQLite, whose
    transaction already holds the write lock). Created only for a chain that has no event."""
    statement = (
        select(AuditHead)
        .where(AuditHead.id == HEAD_ID)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    head = session.exec(statement).one_or_none()
    if head is None:
        if session.exec(select(func.count()).select_from(AuditEvent)).one():
            raise AuditHeadMissing
        insert_if_absent(
            session=session,
            table=AuditHead,
            values={"id": HEAD_ID, "last_seq": 0, "last_hash": GENESIS_HASH},
            conflict_columns=["id"],
        )
        head = session.exec(statement).one()
    return head


@dataclass(frozen=True)
class EventIn:
    """One event to append: what happened, to what, by whom, when."""

    actor: str
    entity_type: str
    entity_id: uuid.UUID | str
    action: str
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None
    at: datetime


def append_events(*, session: Session, events: Sequence[EventIn]) -> list[dict[str, Any]]:
    """Append events to the chain, in order, inside the caller's transaction (no commit);
    returns the stored rows.

    One head lock, one multi-row insert and one head update however many events: the intake
    files a batch of reports in one transaction (intake.reporting). Rows are plain dicts, not
    models: building a table model costs more than hashing the event."""
    if not events:
        return []
    key = audit_key(session)
    head = _locked_head(session)
    seq, prev_hash = head.last_seq, head.last_hash
    rows: list[dict[str, Any]] = []
    for given in events:
        seq += 1
        row: dict[str, Any] = {
            "id": uuid.uuid4(),
            "seq": seq,
            # Round the instant as the database will, so the stored event re-hashes identically.
            "at": datetime.fromisoformat(instant_text(given.at)),
            "actor": given.actor,
            "entity_type": given.entity_type,
            "entity_id": str(given.entity_id),
            "action": given.action,
            "before": to_jsonable(given.before) if given.before is not None else None,
            "after": to_jsonable(given.after) if given.after is not None else None,
            "prev_hash": prev_hash,
        }
        body = hash_body(**{k: v for k, v in row.items() if k != "seq"})
        row["hash"] = prev_hash = keyed_hash(body, key)
        rows.append(row)
    insert_rows(session=session, table=AuditEvent, rows=rows)
    head.last_seq, head.last_hash = seq, prev_hash
    session.add(head)
    session.flush()
    return rows


def append_event(
    *,
    session: Session,
    actor: str,
    entity_type: str,
    entity_id: uuid.UUID | str,
    action: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    at: datetime,
) -> AuditEvent:
    """Append one event to the chain inside the caller's transaction (flushes, no commit)."""
    given = EventIn(actor, entity_type, entity_id, action, before, after, at)
    return AuditEvent(**append_events(session=session, events=[given])[0])


def record_change(
    *,
    session: Session,
    actor: str,
    entity_type: str,
    entity_id: uuid.UUID | str,
    action: str,
    before: SQLModel | Mapping[str, Any] | None,
    after: SQLModel | Mapping[str, Any] | None,
    at: datetime,
) -> AuditEvent:
    """`append_event` taking rows or dicts: what persistence functions call on every change."""
    return append_event(
        session=session,
        actor=actor,
        entity_type=entity_type,
        entity_id=entity_id,
        action=action,
        before=snapshot(before) if isinstance(before, SQLModel) else before,
        after=snapshot(after) if isinstance(after, SQLModel) else after,
        at=at,
    )


def current_head(session: Session) -> Head | None:
    """The head row as it stands (None when it was deleted)."""
    row = session.exec(
        select(AuditHead).where(AuditHead.id == HEAD_ID).execution_options(populate_existing=True)
    ).one_or_none()
    return Head(row.last_seq, row.last_hash) if row is not None else None


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of verifying the trail: `ok` only when the chain is intact, ends at its
    head, matches every anchor and every replayed row equals its table row."""

    ok: bool
    events: int
    problem: FaultKind | None = None
    seq: int | None = None
    event_id: uuid.UUID | None = None
    message: str = "audit chain intact"
    differences: tuple[Difference, ...] = ()
    anchors: int = 0


def _read_chain(session: Session) -> tuple[list[AuditEvent], Head | None]:
    """The events in seq order and the head. In a snapshot (`read_scope`) they agree; in a
    READ COMMITTED transaction a head that moved on is followed by the events added since."""
    events = list(session.exec(select(AuditEvent).order_by(col(AuditEvent.seq))))
    while True:
        head = current_head(session)
        last = events[-1].seq if events else 0
        if head is None or head.seq <= last:
            return events, head
        more = list(
            session.exec(
                select(AuditEvent).where(col(AuditEvent.seq) > last).order_by(col(AuditEvent.seq))
            )
        )
        if not more:
            return events, head
        events += more


def verify_chain(session: Session, *, anchors: Sequence[Anchor] = ()) -> VerifyResult:
    """Walk the chain with the engine's key, name its first fault rightly (`models.audit_walk`),
    check it against `anchors`, and replay it against the tables (`models.audit_replay`)."""
    key = audit_key(session)
    events, head = _read_chain(session)
    fault: Fault | None = chain_fault(events, key, head, anchors)
    if fault is not None and events and head is not None and _intact_unkeyed(events, head):
        fault = Fault(
            "unkeyed",
            f"the {len(events)} events were written before breachflow keyed its audit trail: "
            "open the data folder with breachflow once (`breachflow serve`) to key them",
        )
    differences = tuple(replay_differences(session, events))
    n = len(events)
    if fault is not None:
        return VerifyResult(
            False,
            n,
            fault.kind,
            fault.seq,
            fault.event_id,
            fault.message,
            differences,
            len(anchors),
        )
    if differences:
        message = f"{len(differences)} row(s) differ from the audit trail"
        return VerifyResult(False, n, None, message=message, differences=differences)
    return VerifyResult(True, n, message=f"audit chain intact: {n} events", anchors=len(anchors))


def adopt_unkeyed_chain(session: Session, *, actor: str, now: datetime) -> int:
    """Key a chain written before the audit key existed; returns the events keyed.

    Called once, when the key is first made for a database that already holds events: if the
    chain verifies with the earlier plain hashes it is re-hashed with the key (in order), an
    event records the unkeyed head it replaced, and each row that a migration changed without
    an event (0004 moved private keys out of the facts) gets a `migrated` event, so the trail
    and the tables agree from here on. A chain that does not verify is left as it is, for
    `verify_chain` to report."""
    key = audit_key(session)
    events = list(session.exec(select(AuditEvent).order_by(col(AuditEvent.seq))))
    head = current_head(session)
    if not events or head is None or not _intact_unkeyed(events, head):
        return 0
    prev = GENESIS_HASH
    for event in events:
        body = hash_body(
            id=event.id,
            at=event.at,
            actor=event.actor,
            entity_type=event.entity_type,
            entity_id=event.entity_id,
            action=event.action,
            before=event.before,
            after=event.after,
            prev_hash=prev,
        )
        keyed = keyed_hash(body, key)
        session.execute(
            update(AuditEvent)
            .where(col(AuditEvent.id) == event.id)
            .values(prev_hash=prev, hash=keyed)
        )
        prev = keyed
    session.execute(update(AuditHead).where(col(AuditHead.id) == HEAD_ID).values(last_hash=prev))
    session.expire_all()
    append_event(
        session=session,
        actor=actor,
        entity_type="audit",
        entity_id="chain",
        action="keyed",
        before={"unkeyed_head": head.hash, "events": len(events)},
        after={"keyed_head": prev, "events": len(events)},
        at=now,
    )
    _record_migrations(session, events, actor=actor, now=now)
    return len(events)


def _intact_unkeyed(events: Sequence[AuditEvent], head: Head) -> bool:
    prev = GENESIS_HASH
    for expected_seq, event in enumerate(events, start=1):
        if (
            event.seq != expected_seq
            or event.prev_hash != prev
            or unkeyed_hash(event) != event.hash
        ):
            return False
        prev = event.hash
    return head == Head(len(events), prev)


def _record_migrations(
    session: Session, events: Sequence[AuditEvent], *, actor: str, now: datetime
) -> None:
    latest = latest_after(events)
    changed = {(d.entity_type, d.entity_id) for d in replay_differences(session, events)}
    for entity_type, entity_id in sorted(changed):
        table = REPLAYED[entity_type]
        row = session.get(table, uuid.UUID(entity_id))
        if row is None:
            continue  # gone: nothing to record it as
        event = latest.get((entity_type, entity_id))
        record_change(
            session=session,
            actor=actor,
            entity_type=entity_type,
            entity_id=entity_id,
            action="migrated",
            before=event.after if event is not None else None,
            after=row,
            at=now,
        )

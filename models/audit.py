"""The hash-chained audit trail: append under a lock on the head, verify by walking the chain.

Each event's `hash` is sha256 over the canonical JSON of (id, at, actor, entity_type, entity_id,
action, before, after, prev_hash). The single `audit_head` row records the last seq and hash:
appenders lock it (SQLite: the whole write transaction is `BEGIN IMMEDIATE`; PostgreSQL:
`SELECT ... FOR UPDATE` on the row), so two writers can never both extend the same event.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlmodel import Session, SQLModel, col, select

from models.sql import insert_if_absent, insert_rows
from models.tables import AuditEvent, AuditHead

GENESIS_HASH = "0" * 64
HEAD_ID = 1

Problem = Literal["edited", "inserted", "deleted"]


def canonical_json(value: Any) -> str:
    """Deterministic JSON: sorted keys, no spaces, UTF-8 kept, datetimes/UUIDs as strings."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def to_jsonable(value: Any) -> Any:
    """Normalise a value exactly as it will read back from a JSON column."""
    return json.loads(canonical_json(value))


def snapshot(row: SQLModel | None) -> dict[str, Any] | None:
    """A row as a JSON-ready dict, for an event's before/after."""
    if row is None:
        return None
    # A copy in JSON types; `append_events` normalises it as the JSON column will read it back.
    data: dict[str, Any] = row.model_dump(mode="json")
    return data


def _instant(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def event_hash(event: AuditEvent) -> str:
    """The hash an event must carry, computed from its fields and its `prev_hash`."""
    return _hash_of(
        id=event.id,
        at=event.at,
        actor=event.actor,
        entity_type=event.entity_type,
        entity_id=event.entity_id,
        action=event.action,
        before=event.before,
        after=event.after,
        prev_hash=event.prev_hash,
    )


def _hash_of(
    *,
    id: uuid.UUID,
    at: datetime,
    actor: str,
    entity_type: str,
    entity_id: str,
    action: str,
    before: Any,
    after: Any,
    prev_hash: str,
) -> str:
    body = {
        "id": str(id),
        "at": _instant(at),
        "actor": actor,
        "entity_type": entity_type,
        "entity_id": entity_id,
        "action": action,
        "before": before,
        "after": after,
        "prev_hash": prev_hash,
    }
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def _locked_head(session: Session) -> AuditHead:
    """The head row, locked for this transaction (FOR UPDATE is a no-op on SQLite, whose
    transaction already holds the write lock)."""
    statement = (
        select(AuditHead)
        .where(AuditHead.id == HEAD_ID)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    head = session.exec(statement).one_or_none()
    if head is None:
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
    head = _locked_head(session)
    seq, prev_hash = head.last_seq, head.last_hash
    rows: list[dict[str, Any]] = []
    for given in events:
        seq += 1
        row: dict[str, Any] = {
            "id": uuid.uuid4(),
            "seq": seq,
            # Round the instant as the database will, so the stored event re-hashes identically.
            "at": datetime.fromisoformat(_instant(given.at)),
            "actor": given.actor,
            "entity_type": given.entity_type,
            "entity_id": str(given.entity_id),
            "action": given.action,
            "before": to_jsonable(given.before) if given.before is not None else None,
            "after": to_jsonable(given.after) if given.after is not None else None,
            "prev_hash": prev_hash,
        }
        row["hash"] = prev_hash = _hash_of(**_without(row, "seq"))
        rows.append(row)
    insert_rows(session=session, table=AuditEvent, rows=rows)
    head.last_seq, head.last_hash = seq, prev_hash
    session.add(head)
    session.flush()
    return rows


def _without(row: Mapping[str, Any], *names: str) -> dict[str, Any]:
    return {key: value for key, value in row.items() if key not in names}


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


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of walking the chain; `ok` only when every link and the head agree."""

    ok: bool
    events: int
    problem: Problem | None = None
    seq: int | None = None
    event_id: uuid.UUID | None = None
    message: str = "audit chain intact"


def _bad(problem: Problem, seq: int, event_id: uuid.UUID | None, why: str, n: int) -> VerifyResult:
    who = f"event #{seq}" + (f" ({event_id})" if event_id else "")
    return VerifyResult(False, n, problem, seq, event_id, f"{who} was {problem}: {why}")


class _Walk:
    """Checks events in seq order, one batch after another, remembering where it stands."""

    def __init__(self) -> None:
        self.events: list[AuditEvent] = []
        self.prev: AuditEvent | None = None
        self.prev_prev_hash: str | None = None

    @property
    def last_seq(self) -> int:
        return self.prev.seq if self.prev is not None else 0

    @property
    def last_hash(self) -> str:
        return self.prev.hash if self.prev is not None else GENESIS_HASH

    def feed(self, batch: list[AuditEvent]) -> VerifyResult | None:
        """The first problem in `batch`, or None when every event links to the one before."""
        self.events.extend(batch)
        n = len(self.events)
        for event in batch:
            prev = self.prev
            expected_prev = self.last_hash
            expected_seq = self.last_seq + 1
            if event_hash(event) != event.hash:
                return _bad("edited", event.seq, event.id, "its hash does not match its content", n)
            if event.prev_hash != expected_prev:
                if prev is not None and event.prev_hash == self.prev_prev_hash:
                    return _bad("inserted", prev.seq, prev.id, f"#{event.seq} links past it", n)
                if event.seq > expected_seq:
                    why = f"#{event.seq} does not link to #{expected_seq - 1}"
                    return _bad("deleted", expected_seq, None, why, n)
                if prev is None:
                    return _bad("inserted", event.seq, event.id, "it does not start the chain", n)
                return _bad("edited", prev.seq, prev.id, f"#{event.seq} no longer links to it", n)
            if event.seq != expected_seq:
                why = f"renumbered, expected #{expected_seq}"
                return _bad("edited", event.seq, event.id, why, n)
            self.prev_prev_hash = expected_prev
            self.prev = event
        return None


def verify_chain(session: Session) -> VerifyResult:
    """Walk the chain in seq order and name the first edited, inserted or deleted event.

    - an event whose own hash does not match its fields was edited;
    - a link that skips the previous event but matches the one before it: that event was inserted;
    - a link that breaks at a gap in seq numbers: the missing events were deleted;
    - a link that breaks otherwise: the previous event was edited (and its hash recomputed);
    - a chain that ends before or after the head: events deleted from or appended to the end.

    Safe while writers append: in a snapshot (`read_scope`) events and head agree; in a READ
    COMMITTED transaction a head that moved on is followed by reading the events added since.
    """
    walk = _Walk()
    batch = list(session.exec(select(AuditEvent).order_by(col(AuditEvent.seq))))
    while True:
        problem = walk.feed(batch)
        if problem is not None:
            return problem
        head = session.exec(
            select(AuditHead)
            .where(AuditHead.id == HEAD_ID)
            .execution_options(populate_existing=True)
        ).one_or_none()
        head_seq = head.last_seq if head is not None else 0
        head_hash = head.last_hash if head is not None else GENESIS_HASH
        if head_seq <= walk.last_seq:
            break
        batch = list(
            session.exec(
                select(AuditEvent)
                .where(col(AuditEvent.seq) > walk.last_seq)
                .order_by(col(AuditEvent.seq))
            )
        )
        if not batch:
            break
    n = len(walk.events)
    if walk.last_seq < head_seq:
        why = f"the chain ends at #{walk.last_seq} but its head records #{head_seq}"
        return _bad("deleted", walk.last_seq + 1, None, why, n)
    if walk.last_seq > head_seq:
        extra = next(e for e in walk.events if e.seq == head_seq + 1)
        why = f"it comes after the recorded head #{head_seq}"
        return _bad("inserted", extra.seq, extra.id, why, n)
    if walk.last_hash != head_hash:
        last_id = walk.prev.id if walk.prev is not None else None
        return _bad("edited", walk.last_seq, last_id, "its hash differs from the recorded head", n)
    return VerifyResult(True, n, message=f"audit chain intact: {n} events")

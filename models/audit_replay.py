"""Replaying the audit trail against the tables: a row changed behind the trail's back.

Every change to a breach, assessment, obligation, decision or document appends an event with
the row as it became (`after`). Replayed, the last event of each row must equal the row as it
is now; a row without an event was inserted behind the trail's back, an event without its row
names a deletion. A column the event does not hold (added by a later migration) is not
compared.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, SQLModel, select

from models.audit_chain import to_jsonable
from models.tables import Assessment, AuditEvent, Breach, Decision, Document, Obligation
from models.types import UTCDateTime

REPLAYED: Mapping[str, type[SQLModel]] = {
    "breach": Breach,
    "assessment": Assessment,
    "obligation": Obligation,
    "decision": Decision,
    "document": Document,
}


@dataclass(frozen=True)
class Difference:
    """One row that differs from what its audit events say."""

    entity_type: str
    entity_id: str
    label: str  # e.g. `breach BR-2026-0001`, `obligation authority_notification of BR-...`
    what: str  # `deleted`, `inserted` or the field that differs
    now: Any = None
    then: Any = None
    seq: int | None = None  # the event it was compared with

    def message(self) -> str:
        if self.what == "deleted":
            return (
                f"{self.label} ({self.entity_id}) was deleted behind the audit trail's back "
                f"(its last event is #{self.seq})"
            )
        if self.what == "inserted":
            return (
                f"{self.label} ({self.entity_id}) has no audit event: it was inserted behind "
                "the audit trail's back"
            )
        return (
            f"{self.label} ({self.entity_id}): {self.what} is {_short(self.now)} but the audit "
            f"trail says {_short(self.then)} (event #{self.seq})"
        )


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def latest_after(events: Iterable[AuditEvent]) -> dict[tuple[str, str], AuditEvent]:
    """The last event with a row snapshot of each replayed row, by (type, id)."""
    latest: dict[tuple[str, str], AuditEvent] = {}
    for event in events:
        if event.entity_type in REPLAYED and event.after is not None:
            latest[(event.entity_type, event.entity_id)] = event
    return latest


def _datetime_columns(table: type[SQLModel]) -> frozenset[str]:
    columns = table.__table__.columns  # type: ignore[attr-defined]
    return frozenset(c.key for c in columns if isinstance(c.type, UTCDateTime))


def _instant(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


def _field_differences(
    row: SQLModel, event: AuditEvent, datetimes: frozenset[str]
) -> list[tuple[str, Any, Any]]:
    now = to_jsonable(row.model_dump(mode="json"))
    then: Mapping[str, Any] = event.after or {}
    found = []
    for name in sorted(now.keys() & then.keys()):
        current, recorded = now[name], then[name]
        if name in datetimes:
            current, recorded = _instant(current), _instant(recorded)
        if current != recorded:
            found.append((name, now[name], then[name]))
    return found


def _labels(session: Session) -> dict[str, str]:
    """Breach id -> reference, to name every row by its breach."""
    return {str(b.id): b.reference for b in session.exec(select(Breach))}


def _label(entity_type: str, data: Mapping[str, Any], refs: Mapping[str, str]) -> str:
    """How a person finds the row: a breach by its reference, the others by their breach."""
    if entity_type == "breach":
        return f"breach {data.get('reference', '?')}"
    breach = refs.get(str(data.get("breach_id", "")), "?")
    if entity_type == "assessment":
        return f"assessment v{data.get('version', '?')} of {breach}"
    if entity_type == "document":
        return f"document {data.get('kind', '?')} v{data.get('version', '?')} of {breach}"
    return f"{entity_type} {data.get('kind', '?')} of {breach}"


def replay_differences(session: Session, events: Iterable[AuditEvent]) -> list[Difference]:
    """Every row that differs from its last audit event, every row without one, and every
    audited row that is gone."""
    latest = latest_after(events)
    refs = _labels(session)
    differences: list[Difference] = []
    for entity_type, table in REPLAYED.items():
        datetimes = _datetime_columns(table)
        rows = {str(row.id): row for row in session.exec(select(table))}  # type: ignore[attr-defined]
        for entity_id, row in rows.items():
            event = latest.get((entity_type, entity_id))
            label = _label(entity_type, row.model_dump(), refs)
            if event is None:
                differences.append(Difference(entity_type, entity_id, label, "inserted"))
                continue
            differences += [
                Difference(entity_type, entity_id, label, name, now, then, event.seq)
                for name, now, then in _field_differences(row, event, datetimes)
            ]
        for (kind, entity_id), event in latest.items():
            if kind == entity_type and entity_id not in rows:
                label = _label(entity_type, event.after or {}, refs)
                differences.append(
                    Difference(entity_type, entity_id, label, "deleted", seq=event.seq)
                )
    return differences

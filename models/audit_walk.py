"""Walking the audit chain and naming its first fault rightly.

Pure over the rows read: the events in `seq` order, the head row, the anchors kept outside the
database. Each fault has its name:

- `rewritten`: an event's content no longer matches its keyed hash (edited, with or without
  every later hash recomputed: without the key they cannot be), the head row rewound or
  edited, or an anchored event no longer has the hash it was anchored with;
- `inserted`: an event that fails the key where the next one links past it, or after the head;
- `deleted`: an event links to one the chain no longer holds (a gap in the middle);
- `reordered`: an event links to one found elsewhere in the chain (`seq` numbers swapped);
- `truncated`: the chain ends before its head row, or before an anchor (the last events
  deleted and the head rewound, or the whole table emptied and the head reset);
- `head_deleted`: the head row (which appenders lock) is gone;
- `unkeyed`: the chain was written before the audit key and has not been adopted yet.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from models.audit_chain import GENESIS_HASH, event_hash
from models.tables import AuditEvent
from rules.deadlines import BRUSSELS

FaultKind = Literal[
    "rewritten", "inserted", "deleted", "reordered", "truncated", "head_deleted", "unkeyed"
]


@dataclass(frozen=True)
class Head:
    """The head row: the last event's seq and hash as appenders recorded them."""

    seq: int
    hash: str


@dataclass(frozen=True)
class Anchor:
    """The head as it was sent outside the database (a file, Slack, the e-mail log)."""

    seq: int
    hash: str
    at: datetime
    reason: str


@dataclass(frozen=True)
class Fault:
    kind: FaultKind
    message: str
    seq: int | None = None
    event_id: uuid.UUID | None = None


def _event(e: AuditEvent) -> str:
    return f"event #{e.seq} ({e.id})"


def _when(at: datetime) -> str:
    return at.astimezone(BRUSSELS).strftime("%Y-%m-%d %H:%M Brussels")


def in_force(anchors: Sequence[Anchor]) -> list[Anchor]:
    """The anchors a chain must match: a `restore` anchor (a backup brought back on purpose)
    drops the earlier anchors past the restored head, whose events went with the restore."""
    kept: list[Anchor] = []
    for anchor in anchors:
        if anchor.reason == "restore":
            kept = [a for a in kept if a.seq <= anchor.seq]
        kept.append(anchor)
    return kept


@dataclass
class _Walk:
    events: Sequence[AuditEvent]
    key: bytes

    def __post_init__(self) -> None:
        self.ok = [event_hash(e, self.key) == e.hash for e in self.events]
        self.position = {e.hash: i for i, e in enumerate(self.events) if self.ok[i]}
        self.last_seq = 0
        self.last_hash = GENESIS_HASH

    def fault(self, head: Head | None) -> Fault | None:
        if self.events and not any(self.ok):
            n = len(self.events)
            return Fault(
                "rewritten",
                f"none of the {n} events matches the audit key: the key is not the one this "
                "chain was written with, or the whole chain was rewritten",
                self.events[0].seq,
                self.events[0].id,
            )
        for i, event in enumerate(self.events):
            found = self._fault_at(i, event, head)
            if found is not None:
                return found
            self.last_seq, self.last_hash = event.seq, event.hash
        return None

    def _fault_at(self, i: int, event: AuditEvent, head: Head | None) -> Fault | None:
        if not self.ok[i]:
            return self._unkeyed(i, event, head)
        if event.prev_hash != self.last_hash:
            if event.prev_hash == GENESIS_HASH:
                why = f"{_event(event)} is out of order: it starts the chain"
                return Fault("reordered", why, event.seq, event.id)
            j = self.position.get(event.prev_hash)
            if j is not None:
                after = self.events[j]
                return Fault(
                    "reordered",
                    f"{_event(event)} is out of order: it belongs right after #{after.seq}",
                    event.seq,
                    event.id,
                )
            if event.seq > self.last_seq + 1:
                gone = f"#{self.last_seq + 1}" + (
                    f" to #{event.seq - 1}" if event.seq - 1 > self.last_seq + 1 else ""
                )
                why = f"{gone} missing: #{event.seq} links to an event the chain no longer holds"
            else:
                why = f"#{event.seq} links to an event the chain no longer holds (renumbered)"
            return Fault(
                "deleted", f"events were deleted before #{event.seq}: {why}", self.last_seq + 1
            )
        if event.seq != self.last_seq + 1:
            return Fault(
                "rewritten",
                f"{_event(event)} was renumbered: it links to #{self.last_seq}",
                event.seq,
                event.id,
            )
        return None

    def _unkeyed(self, i: int, event: AuditEvent, head: Head | None) -> Fault:
        following = self.events[i + 1] if i + 1 < len(self.events) else None
        if head is not None and event.seq > head.seq and following is None:
            why = f"it fails the key and comes after the recorded head #{head.seq}"
            return Fault("inserted", f"{_event(event)} was inserted: {why}", event.seq, event.id)
        if following is not None and self.ok[i + 1] and following.prev_hash == self.last_hash:
            why = f"it fails the key and #{following.seq} links past it"
            return Fault("inserted", f"{_event(event)} was inserted: {why}", event.seq, event.id)
        later = len(self.events) - i - 1
        failing = sum(1 for ok in self.ok[i + 1 :] if not ok)
        also = (
            f"; all {later} events after it fail too (their hashes recomputed without the key)"
            if later and failing == later
            else ""
        )
        return Fault(
            "rewritten",
            f"{_event(event)} was rewritten: its content no longer matches its keyed hash{also}",
            event.seq,
            event.id,
        )


def _head_fault(head: Head | None, last_seq: int, last_hash: str) -> Fault | None:
    if head is None:
        return Fault(
            "head_deleted",
            f"the chain's head row was deleted (the chain itself ends at #{last_seq}); "
            "nothing can be added to the trail until it is restored from a backup",
        )
    if head.seq > last_seq:
        return Fault(
            "truncated",
            f"the chain was truncated: it ends at #{last_seq} but its head records "
            f"#{head.seq}: the last {head.seq - last_seq} event(s) were deleted",
            last_seq + 1,
        )
    if head.seq < last_seq:
        return Fault(
            "rewritten",
            f"the head row was rewritten: it records #{head.seq} but the chain runs to #{last_seq}",
            head.seq,
        )
    if head.hash != last_hash:
        return Fault(
            "rewritten",
            f"the head row was rewritten: its hash is not event #{last_seq}'s",
            last_seq,
        )
    return None


def _anchor_fault(anchors: Sequence[Anchor], hashes: dict[int, str], last_seq: int) -> Fault | None:
    for anchor in in_force(anchors):
        if anchor.seq > last_seq:
            if last_seq == 0:
                why = "it holds no events"
                what = "emptied"
            else:
                why = f"it ends at #{last_seq}"
                what = "truncated"
            return Fault(
                "truncated",
                f"the chain was {what}: {why}, but event #{anchor.seq} was anchored on "
                f"{_when(anchor.at)} ({anchor.reason})",
                last_seq + 1,
            )
        expected = GENESIS_HASH if anchor.seq == 0 else hashes.get(anchor.seq)
        if expected != anchor.hash:
            return Fault(
                "rewritten",
                f"the chain was rewritten: event #{anchor.seq} no longer has the hash anchored "
                f"on {_when(anchor.at)} ({anchor.reason})",
                anchor.seq,
            )
    return None


def chain_fault(
    events: Sequence[AuditEvent], key: bytes, head: Head | None, anchors: Sequence[Anchor]
) -> Fault | None:
    """The first fault of the chain (events in `seq` order), or None when it is intact, ends
    at its head row and matches every anchor in force."""
    walk = _Walk(events, key)
    found = walk.fault(head)
    if found is not None:
        return found
    found = _head_fault(head, walk.last_seq, walk.last_hash)
    if found is not None:
        return found
    hashes = {e.seq: e.hash for e in events}
    return _anchor_fault(anchors, hashes, walk.last_seq)

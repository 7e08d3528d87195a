"""How an audit event is hashed: HMAC-SHA256 over its canonical JSON, keyed outside the database.

With a plain hash, whoever can write to the database can edit an event and recompute every
later hash, and the chain looks intact. The key lives outside the database (a file in the data
folder, or a setting), so rewriting needs it. `unkeyed_hash` is the earlier plain SHA-256,
kept only to adopt a chain written before the key existed (`models.audit.adopt_unkeyed_chain`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from datetime import UTC, datetime
from typing import Any, Protocol

GENESIS_HASH = "0" * 64


class EventFields(Protocol):
    """What an event's hash covers: every field but `seq` (a locator; the links prove order)."""

    id: uuid.UUID
    at: datetime
    actor: str
    entity_type: str
    entity_id: str
    action: str
    before: Any
    after: Any
    prev_hash: str


def canonical_json(value: Any) -> str:
    """Deterministic JSON: sorted keys, no spaces, UTF-8 kept, datetimes/UUIDs as strings."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def to_jsonable(value: Any) -> Any:
    """Normalise a value exactly as it will read back from a JSON column."""
    return json.loads(canonical_json(value))


def instant_text(at: datetime) -> str:
    """An instant as the chain hashes it: UTC, microseconds."""
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def hash_body(
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
) -> bytes:
    """The bytes an event's hash covers."""
    body = {
        "id": str(id),
        "at": instant_text(at),
        "actor": actor,
        "entity_type": entity_type,
        "entity_id": entity_id,
        "action": action,
        "before": before,
        "after": after,
        "prev_hash": prev_hash,
    }
    return canonical_json(body).encode("utf-8")


def _body_of(event: EventFields) -> bytes:
    return hash_body(
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


def keyed_hash(body: bytes, key: bytes) -> str:
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def event_hash(event: EventFields, key: bytes) -> str:
    """The hash an event must carry: HMAC-SHA256 with `key` over its fields and `prev_hash`."""
    return keyed_hash(_body_of(event), key)


def unkeyed_hash(event: EventFields) -> str:
    """The plain SHA-256 of chains written before the key (only to adopt them)."""
    return hashlib.sha256(_body_of(event)).hexdigest()

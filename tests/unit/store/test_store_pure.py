"""Pure parts of the store: references, hashing, UTC columns, backoff, the flow starter."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy.dialects import postgresql, sqlite

from breachflow.dispatcher import Backoff
from breachflow.step_starts import flow_start_handler
from models.audit import GENESIS_HASH, canonical_json, event_hash
from models.breaches import format_reference
from models.outbox import Effect, PermanentError
from models.tables import AuditEvent
from models.types import UTCDateTime

pytestmark = pytest.mark.unit

AT = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)
KEY = b"k" * 32


def test_references_keep_four_digits_and_grow_past_9999() -> None:
    """BR-YYYY-NNNN pads to four digits and never wraps."""
    assert format_reference(2026, 7) == "BR-2026-0007"
    assert format_reference(2026, 9999) == "BR-2026-9999"
    assert format_reference(2026, 10000) == "BR-2026-10000"


def _event(**overrides: object) -> AuditEvent:
    values: dict[str, object] = {
        "id": uuid.UUID(int=1),
        "seq": 1,
        "at": AT,
        "actor": "DPO Jan",
        "entity_type": "breach",
        "entity_id": "b1",
        "action": "create",
        "before": None,
        "after": {"state": "received", "facts": {"b": 1, "a": "é"}},
        "prev_hash": GENESIS_HASH,
        "hash": "",
    }
    values.update(overrides)
    return AuditEvent(**values)


def test_event_hash_covers_every_field_but_not_key_order_or_seq() -> None:
    """Any changed field changes the hash, and so does the key; JSON key order and the seq
    locator do not."""
    base = event_hash(_event(), KEY)
    same = _event(after={"facts": {"a": "é", "b": 1}, "state": "received"})
    assert base == event_hash(same, KEY)
    assert base == event_hash(_event(seq=7), KEY)
    assert base == event_hash(_event(at=AT.astimezone(timezone(timedelta(hours=1)))), KEY)
    assert event_hash(_event(), b"m" * 32) != base
    for change in (
        {"actor": "mallory"},
        {"action": "update"},
        {"entity_id": "b2"},
        {"before": {}},
        {"prev_hash": "1" * 64},
        {"at": AT + timedelta(microseconds=1)},
        {"id": uuid.UUID(int=2)},
    ):
        assert event_hash(_event(**change), KEY) != base, change
    assert canonical_json({"b": 1, "a": [1, "é"]}) == '{"a":[1,"é"],"b":1}'


def test_utc_column_stores_utc_and_reads_back_aware() -> None:
    """SQLite gets naive UTC and returns aware UTC; PostgreSQL values end up in UTC too."""
    column = UTCDateTime()
    brussels = datetime(2026, 3, 27, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    stored = column.process_bind_param(brussels, sqlite.dialect())
    assert stored == datetime(2026, 3, 27, 9, 0)  # noqa: DTZ001 (what SQLite stores)
    assert column.process_result_value(stored, sqlite.dialect()) == AT
    assert column.process_result_value(brussels, postgresql.dialect()).tzinfo == UTC
    with pytest.raises(ValueError, match="naive"):
        column.process_bind_param(datetime(2026, 3, 27, 9, 0), sqlite.dialect())  # noqa: DTZ001


def test_backoff_doubles_up_to_the_cap_then_gives_up() -> None:
    """5 s, 10 s, 20 s, ... capped at 30 s; no retry after the last attempt."""
    backoff = Backoff(base=timedelta(seconds=5), cap=timedelta(seconds=30), max_attempts=6)
    delays = [backoff.retry_at(attempt=n, now=AT) for n in range(1, 7)]
    assert [d - AT for d in delays[:5] if d] == [timedelta(seconds=s) for s in (5, 10, 20, 30, 30)]
    assert delays[5] is None


def _effect(payload: dict[str, object], key: str = "flow.start:x") -> Effect:
    return Effect(key=key, kind="flow.start", payload=payload, attempt=1, outcome_unknown=False)


class _Starter:
    """Hands out a run id per idempotency key, as Prefect does."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, object]]] = []

    def start(self, *, deployment: str, parameters: Any, idempotency_key: str) -> str:
        self.calls.append((deployment, dict(parameters)))
        return str(uuid.uuid5(uuid.NAMESPACE_URL, idempotency_key))


def test_the_flow_start_handler_passes_the_key_and_refuses_a_start_without_deployment() -> None:
    """The effect's key is the start's idempotency key: the same effect gives the same run; a
    payload without a deployment is a permanent error (retrying cannot fix it)."""
    starter = _Starter()
    handler = flow_start_handler(starter)
    payload = {"deployment": "assess-breach/breachflow", "parameters": {"breach_id": "x"}}
    first = handler(_effect(payload))
    assert handler(_effect(payload)) == first
    assert first["deployment"] == "assess-breach/breachflow"
    assert starter.calls[0] == ("assess-breach/breachflow", {"breach_id": "x"})
    with pytest.raises(PermanentError):
        handler(_effect({"parameters": {}}, key="other"))


def test_default_backoff_never_gives_up_on_an_outage() -> None:
    """Issue 7: a message that still fails stays in the outbox and is retried, never dropped."""
    now = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)
    retry = Backoff().retry_at(attempt=1_000, now=now)
    assert retry == now + timedelta(minutes=30)

"""The audit key outside the database: made once per data folder (mode 0600), bound to every
engine breachflow opens, adopting a chain written before keys existed; a lost key file or
anchor file is never papered over. SQLite and PostgreSQL."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlmodel import select
from store_factories import NOW, breach_in

from breachflow.services.anchoring import anchor_file, read_anchors
from breachflow.settings import Settings
from breachflow.store import engine_for, key_file, open_store
from models.audit import audit_key, verify_chain
from models.audit_chain import unkeyed_hash
from models.breaches import create_breach, set_breach_state
from models.db import read_scope, session_scope
from models.tables import AuditEvent

pytestmark = pytest.mark.integration


def _settings(db_url: str, data_dir: Path) -> Settings:
    return Settings(_env_file=None, data_dir=data_dir, database_url=db_url)  # type: ignore[call-arg]


def _unkey(engine: Engine) -> None:
    """Turn the chain into one written before keys: plain SHA-256 hashes, as 0001-0004 did."""
    with read_scope(engine) as session:
        events = list(session.exec(select(AuditEvent).order_by(AuditEvent.seq)))  # type: ignore[arg-type]
    prev = "0" * 64
    with engine.begin() as connection:
        for event in events:
            event.prev_hash = prev
            prev = unkeyed_hash(event)
            connection.execute(
                text("UPDATE audit_event SET prev_hash = :p, hash = :h WHERE seq = :s"),
                {"p": event.prev_hash, "h": prev, "s": event.seq},
            )
        connection.execute(text("UPDATE audit_head SET last_hash = :h"), {"h": prev})


def _verify(settings: Settings) -> tuple[bool, str | None, int]:
    engine = engine_for(settings)
    try:
        with read_scope(engine) as session:
            copy = read_anchors(anchor_file(settings), audit_key(session))
            result = verify_chain(session, anchors=copy.anchors)
    finally:
        engine.dispose()
    return result.ok, result.problem, len(copy.anchors)


def test_a_chain_from_before_keys_is_adopted_once(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    """The first keyed start re-hashes an intact unkeyed chain with the new key, records the
    unkeyed head it replaced and each row a migration changed without an event, and anchors
    the result; the trail then verifies."""
    with session_scope(engine) as session:
        breach = create_breach(session=session, breach_in=breach_in(NOW), actor="intake", now=NOW)
        set_breach_state(
            session=session, breach_id=breach.id, state="assessed", actor="flow", now=NOW
        )
    _unkey(engine)
    with engine.begin() as connection:  # what migration 0004 did: rows changed, no event
        connection.execute(text("UPDATE breach SET description = 'moved by a migration'"))
    settings = _settings(db_url, tmp_path / "data")
    with read_scope(engine) as session:
        assert verify_chain(session).problem == "unkeyed"
    open_store(settings).dispose()
    path = key_file(settings)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(bytes.fromhex(path.read_text().strip())) == 32
    assert _verify(settings) == (True, None, 1)
    with read_scope(engine) as session:
        actions = [e.action for e in session.exec(select(AuditEvent).order_by(AuditEvent.seq))]  # type: ignore[arg-type]
    assert actions == ["create", "state:assessed", "keyed", "migrated"]
    open_store(settings).dispose()  # a second start adopts nothing more
    assert _verify(settings) == (True, None, 1)


def test_a_lost_key_file_or_anchor_file_is_not_papered_over(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    """A new key cannot adopt a keyed chain (it only adopts plain hashes), so every event then
    fails; a lost anchor file beside an existing key is not started afresh."""
    settings = _settings(db_url, tmp_path / "data")
    keyed = open_store(settings)
    with session_scope(keyed) as session:
        create_breach(session=session, breach_in=breach_in(NOW), actor="intake", now=NOW)
    keyed.dispose()
    anchor_file(settings).unlink()
    open_store(settings).dispose()
    assert not anchor_file(settings).exists()
    key_file(settings).unlink()
    open_store(settings).dispose()
    engine = engine_for(settings)
    try:
        with read_scope(engine) as session:
            result = verify_chain(session)
    finally:
        engine.dispose()
    assert result.problem == "rewritten"
    assert "none of the 1 events matches the audit key" in result.message

"""Tampering with the audit trail (edit, delete, insert) is detected and the event named."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text
from sqlmodel import select
from store_factories import NOW, breach_in
from typer.testing import CliRunner

from breachflow.cli import app as cli
from breachflow.settings import get_settings
from models.audit import event_hash, verify_chain
from models.breaches import create_breach, set_breach_state
from models.db import read_scope, session_scope
from models.tables import AuditEvent

pytestmark = pytest.mark.integration

EVENTS = 6


@pytest.fixture
def chain(engine: Engine) -> Engine:
    """A database holding an intact chain of six events."""
    with session_scope(engine) as session:
        breach = create_breach(session=session, breach_in=breach_in(NOW), actor="intake", now=NOW)
        for state in ("assessed", "awaiting_review", "drafting", "awaiting_approval", "approved"):
            set_breach_state(
                session=session, breach_id=breach.id, state=state, actor="flow", now=NOW
            )
    with read_scope(engine) as session:
        assert verify_chain(session).ok
    return engine


def _event(engine: Engine, seq: int) -> AuditEvent:
    with read_scope(engine) as session:
        return session.exec(select(AuditEvent).where(AuditEvent.seq == seq)).one()


def _verify(engine: Engine) -> tuple[str | None, int | None, str]:
    with read_scope(engine) as session:
        result = verify_chain(session)
    assert not result.ok
    return result.problem, result.seq, result.message


def _sql(engine: Engine, statement: str, **params: object) -> None:
    with engine.begin() as connection:
        connection.execute(text(statement), params)


def _forge(engine: Engine, *, seq: int, prev_hash: str) -> uuid.UUID:
    """Insert a well-formed event (correct hash, linked to prev_hash), as a forger would."""
    forged = AuditEvent(
        seq=seq,
        at=NOW,
        actor="mallory",
        entity_type="breach",
        entity_id="x",
        action="state:withdrawn",
        before=None,
        after={"state": "withdrawn"},
        prev_hash=prev_hash,
        hash="",
    )
    forged.hash = event_hash(forged)
    with session_scope(engine) as session:
        session.add(forged)
    return forged.id


def test_an_edited_event_is_named(chain: Engine) -> None:
    """Changing an event's actor breaks its own hash."""
    _sql(chain, "UPDATE audit_event SET actor = 'mallory' WHERE seq = 3")
    problem, seq, message = _verify(chain)
    assert (problem, seq) == ("edited", 3)
    assert str(_event(chain, 3).id) in message


def test_an_edit_with_a_recomputed_hash_is_named(chain: Engine) -> None:
    """Rehashing the edited event still breaks the next event's link to it."""
    event = _event(chain, 3)
    event.actor = "mallory"
    _sql(
        chain,
        "UPDATE audit_event SET actor = 'mallory', hash = :h WHERE seq = 3",
        h=event_hash(event),
    )
    assert _verify(chain)[:2] == ("edited", 3)


def test_a_deleted_event_is_named(chain: Engine) -> None:
    """Removing an event from the middle leaves a gap the next link exposes."""
    _sql(chain, "DELETE FROM audit_event WHERE seq = 4")
    problem, seq, message = _verify(chain)
    assert (problem, seq) == ("deleted", 4)
    assert "#4" in message


def test_a_deleted_last_event_is_named(chain: Engine) -> None:
    """Removing the newest event is caught by the chain's head."""
    _sql(chain, "DELETE FROM audit_event WHERE seq = :s", s=EVENTS)
    assert _verify(chain)[:2] == ("deleted", EVENTS)


def test_an_inserted_event_is_named(chain: Engine) -> None:
    """A forged event slipped in between #3 and #4 (later ones renumbered) is named."""
    _sql(chain, "UPDATE audit_event SET seq = -seq WHERE seq >= 4")
    _sql(chain, "UPDATE audit_event SET seq = 1 - seq WHERE seq < 0")
    forged = _forge(chain, seq=4, prev_hash=_event(chain, 3).hash)
    problem, seq, message = _verify(chain)
    assert (problem, seq) == ("inserted", 4)
    assert str(forged) in message


def test_an_event_appended_behind_the_head_is_named(chain: Engine) -> None:
    """A well-linked forged event at the end is caught by the chain's head."""
    forged = _forge(chain, seq=EVENTS + 1, prev_hash=_event(chain, EVENTS).hash)
    problem, seq, message = _verify(chain)
    assert (problem, seq) == ("inserted", EVENTS + 1)
    assert str(forged) in message


@pytest.fixture
def cli_settings(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("BREACHFLOW_DATABASE_URL", db_url)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_audit_verify_exits_zero_only_when_intact(chain: Engine, cli_settings: None) -> None:
    """`breachflow audit verify` says intact with exit 0, and names the bad event with exit 1."""
    runner = CliRunner()
    intact = runner.invoke(cli, ["audit", "verify"])
    assert intact.exit_code == 0, intact.output
    assert f"intact: {EVENTS} events" in intact.output
    _sql(chain, "DELETE FROM audit_event WHERE seq = 2")
    broken = runner.invoke(cli, ["audit", "verify"])
    assert broken.exit_code == 1
    assert "event #2 was deleted" in broken.output

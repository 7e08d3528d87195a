"""Tampering with the audit trail is detected and named rightly, on SQLite and PostgreSQL.

Each test tampers as someone with write access to the database but not the audit key would:
editing an event (and recomputing every later hash), deleting, inserting, reordering, cutting
the chain short with its head rewound, emptying it, deleting the head row, changing rows
behind the trail's back. The anchor is the head as it was sent outside the database.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, text
from sqlmodel import select
from store_factories import NOW, breach_in, obligation_in

from models.assessments import add_assessment
from models.audit import (
    Anchor,
    AuditHeadMissing,
    append_event,
    current_head,
    event_hash,
    verify_chain,
)
from models.audit_chain import unkeyed_hash
from models.breaches import create_breach, set_breach_state
from models.db import make_engine, read_scope, session_scope
from models.decisions import record_decision
from models.documents import add_document
from models.obligations import ensure_obligation
from models.tables import AssessmentCreate, AuditEvent, DecisionCreate, DocumentCreate

pytestmark = pytest.mark.integration

GUESSED_KEY = b"guessed-key-guessed-key-guessed!"


@dataclass(frozen=True)
class Chain:
    """A database with an intact chain, and the anchor sent out at its head."""

    engine: Engine
    events: int
    anchor: Anchor
    breach_id: uuid.UUID


@pytest.fixture
def chain(engine: Engine) -> Chain:
    """A breach with its states, an assessment, an obligation, a decision and a document:
    ten events, each row audited."""
    with session_scope(engine) as session:
        breach = create_breach(session=session, breach_in=breach_in(NOW), actor="intake", now=NOW)
        for state in ("assessed", "awaiting_review", "drafting", "awaiting_approval", "approved"):
            set_breach_state(
                session=session, breach_id=breach.id, state=state, actor="flow", now=NOW
            )
        add_assessment(
            session=session,
            breach_id=breach.id,
            assessment_in=AssessmentCreate(outcome={"risk": "high"}),
            actor="flow",
            now=NOW,
        )
        ensure_obligation(
            session=session, obligation_in=obligation_in(breach.id, NOW), actor="flow", now=NOW
        )
        record_decision(
            session=session,
            decision_in=DecisionCreate(breach_id=breach.id, kind="review", decided_by="Dana"),
            now=NOW,
        )
        add_document(
            session=session,
            document_in=DocumentCreate(
                breach_id=breach.id,
                kind="gba_notification",
                language="nl",
                content_hash="0" * 64,
                path="x.pdf",
            ),
            actor="flow",
            now=NOW,
        )
    with read_scope(engine) as session:
        head = current_head(session)
        assert head is not None
        assert verify_chain(session).ok
    return Chain(engine, head.seq, Anchor(head.seq, head.hash, NOW, "test"), breach.id)


def _event(engine: Engine, seq: int) -> AuditEvent:
    with read_scope(engine) as session:
        return session.exec(select(AuditEvent).where(AuditEvent.seq == seq)).one()


def _broken(chain: Chain, *, anchored: bool = True) -> tuple[str | None, int | None, str]:
    with read_scope(chain.engine) as session:
        result = verify_chain(session, anchors=[chain.anchor] if anchored else [])
    assert not result.ok
    return result.problem, result.seq, result.message


def _sql(engine: Engine, statement: str, **params: object) -> None:
    with engine.begin() as connection:
        connection.execute(text(statement), params)


def _rehash_from(engine: Engine, seq: int, hasher: object) -> None:
    """Recompute every hash from `seq` on, as a forger without the key would."""
    with read_scope(engine) as session:
        events = list(session.exec(select(AuditEvent).order_by(AuditEvent.seq)))  # type: ignore[arg-type]
    prev = next((e.hash for e in events if e.seq == seq - 1), "0" * 64)
    for event in (e for e in events if e.seq >= seq):
        event.prev_hash = prev
        prev = hasher(event)  # type: ignore[operator]
        _sql(
            engine,
            "UPDATE audit_event SET prev_hash = :p, hash = :h WHERE seq = :s",
            p=event.prev_hash,
            h=prev,
            s=event.seq,
        )
    _sql(engine, "UPDATE audit_head SET last_hash = :h", h=prev)


def _forge(engine: Engine, *, seq: int, prev_hash: str) -> uuid.UUID:
    """A well-formed event linked to `prev_hash`, hashed with a guessed key."""
    forged = AuditEvent(
        seq=seq,
        at=NOW,
        actor="mallory",
        entity_type="note",
        entity_id="x",
        action="note",
        before=None,
        after={"note": "forged"},
        prev_hash=prev_hash,
        hash="",
    )
    forged.hash = event_hash(forged, GUESSED_KEY)
    with engine.begin() as connection:
        connection.execute(
            AuditEvent.__table__.insert(),  # type: ignore[attr-defined]
            [forged.model_dump()],
        )
    return forged.id


def test_an_edited_event_is_named_rewritten(chain: Chain) -> None:
    """Changing an event's actor: its keyed hash no longer matches."""
    _sql(chain.engine, "UPDATE audit_event SET actor = 'mallory' WHERE seq = 3")
    problem, seq, message = _broken(chain)
    assert (problem, seq) == ("rewritten", 3)
    assert str(_event(chain.engine, 3).id) in message


def _guessed_key_hash(event: AuditEvent) -> str:
    return event_hash(event, GUESSED_KEY)


@pytest.mark.parametrize(
    "hasher", [unkeyed_hash, _guessed_key_hash], ids=["plain-sha256", "guessed-key"]
)
def test_an_edit_with_every_later_hash_recomputed_is_named_rewritten(
    chain: Chain, hasher: object
) -> None:
    """The forger recomputes the edited event's hash, every later one and the head: without
    the key none of them matches, and the first edited event is named."""
    _sql(chain.engine, "UPDATE audit_event SET actor = 'mallory' WHERE seq = 3")
    _rehash_from(chain.engine, 3, hasher)
    problem, seq, message = _broken(chain, anchored=False)
    assert (problem, seq) == ("rewritten", 3)
    assert f"all {chain.events - 3} events after it fail too" in message


def test_a_deleted_event_is_named_deleted(chain: Chain) -> None:
    """Removing an event from the middle: the next link names an event the chain lacks."""
    _sql(chain.engine, "DELETE FROM audit_event WHERE seq = 4")
    problem, seq, message = _broken(chain)
    assert (problem, seq) == ("deleted", 4)
    assert "#4 missing" in message


def test_deleted_last_events_are_named_truncated_by_the_head(chain: Chain) -> None:
    _sql(chain.engine, "DELETE FROM audit_event WHERE seq > :s", s=chain.events - 2)
    problem, seq, message = _broken(chain, anchored=False)
    assert (problem, seq) == ("truncated", chain.events - 1)
    assert f"its head records #{chain.events}" in message


def test_deleted_last_events_with_the_head_rewound_are_caught_by_the_anchor(
    chain: Chain,
) -> None:
    """The head row rewound to the new last event: the chain alone looks whole; the anchor
    kept outside the database says it was cut short."""
    keep = _event(chain.engine, chain.events - 2)
    _sql(chain.engine, "DELETE FROM audit_event WHERE seq > :s", s=keep.seq)
    _sql(
        chain.engine, "UPDATE audit_head SET last_seq = :s, last_hash = :h", s=keep.seq, h=keep.hash
    )
    with read_scope(chain.engine) as session:
        assert verify_chain(session).problem is None  # no chain fault without the anchor
    problem, _seq, message = _broken(chain)
    assert problem == "truncated"
    assert f"it ends at #{keep.seq}, but event #{chain.events} was anchored" in message


def test_an_emptied_chain_with_its_head_reset_is_caught_by_the_anchor(chain: Chain) -> None:
    _sql(chain.engine, "DELETE FROM audit_event")
    _sql(chain.engine, "UPDATE audit_head SET last_seq = 0, last_hash = :h", h="0" * 64)
    problem, _seq, message = _broken(chain)
    assert problem == "truncated"
    assert "the chain was emptied: it holds no events" in message


def test_swapped_events_are_named_reordered(chain: Chain) -> None:
    _sql(chain.engine, "UPDATE audit_event SET seq = -1 WHERE seq = 4")
    _sql(chain.engine, "UPDATE audit_event SET seq = 4 WHERE seq = 5")
    _sql(chain.engine, "UPDATE audit_event SET seq = 5 WHERE seq = -1")
    problem, seq, message = _broken(chain)
    assert (problem, seq) == ("reordered", 4)
    assert "out of order: it belongs right after #5" in message


def test_a_deleted_head_row_is_named_and_stops_appends(chain: Chain) -> None:
    """Without its head row the chain would restart at #1 and fork: appends refuse."""
    _sql(chain.engine, "DELETE FROM audit_head")
    problem, _seq, message = _broken(chain)
    assert problem == "head_deleted"
    assert "head row was deleted" in message
    with pytest.raises(AuditHeadMissing), session_scope(chain.engine) as session:
        append_event(
            session=session,
            actor="x",
            entity_type="note",
            entity_id="x",
            action="note",
            before=None,
            after=None,
            at=NOW,
        )


def test_an_inserted_event_is_named_inserted(chain: Chain) -> None:
    """A forged event slipped in between #3 and #4, later ones renumbered."""
    _sql(chain.engine, "UPDATE audit_event SET seq = -seq WHERE seq >= 4")
    _sql(chain.engine, "UPDATE audit_event SET seq = 1 - seq WHERE seq < 0")
    forged = _forge(chain.engine, seq=4, prev_hash=_event(chain.engine, 3).hash)
    problem, seq, message = _broken(chain, anchored=False)
    assert (problem, seq) == ("inserted", 4)
    assert str(forged) in message


def test_an_event_appended_behind_the_head_is_named_inserted(chain: Chain) -> None:
    forged = _forge(chain.engine, seq=chain.events + 1, prev_hash=chain.anchor.hash)
    problem, seq, message = _broken(chain)
    assert (problem, seq) == ("inserted", chain.events + 1)
    assert str(forged) in message


def test_another_key_is_named(chain: Chain) -> None:
    """Verified with a key the chain was not written with: no event matches."""
    url = chain.engine.url.render_as_string(hide_password=False)
    other = make_engine(url, audit_key=b"another-key-another-key-another!")
    try:
        with read_scope(other) as session:
            result = verify_chain(session)
    finally:
        other.dispose()
    assert result.problem == "rewritten"
    assert f"none of the {chain.events} events matches the audit key" in result.message


def test_rows_changed_behind_the_trails_back_are_each_named(chain: Chain) -> None:
    """Replayed, the events say what every row must be: a changed breach state and document
    path, a deleted obligation and a decision inserted without an event are all named."""
    _sql(chain.engine, "UPDATE breach SET state = 'closed'")
    _sql(chain.engine, "UPDATE document SET path = 'forged.pdf'")
    _sql(chain.engine, "DELETE FROM obligation")
    _sql(
        chain.engine,
        "INSERT INTO decision (id, breach_id, kind, decided_by, payload, at) "
        "VALUES (:i, :b, 'filing', 'mallory', '{}', :at)",
        i=uuid.uuid4().hex if chain.engine.dialect.name == "sqlite" else str(uuid.uuid4()),
        b=chain.breach_id.hex if chain.engine.dialect.name == "sqlite" else str(chain.breach_id),
        at=NOW.replace(tzinfo=None) if chain.engine.dialect.name == "sqlite" else NOW,
    )
    with read_scope(chain.engine) as session:
        result = verify_chain(session, anchors=[chain.anchor])
    assert not result.ok
    assert result.problem is None  # the chain itself is intact
    messages = [d.message() for d in result.differences]
    assert len(messages) == 4, messages
    assert any(
        m.startswith("breach BR-2026-0001")
        and "state is 'closed' but the audit trail says 'approved'" in m
        for m in messages
    ), messages
    assert any(
        "document gba_notification v1 of BR-2026-0001" in m and "path" in m for m in messages
    ), messages
    assert any(
        "obligation supervisory_authority of BR-2026-0001" in m and "was deleted" in m
        for m in messages
    ), messages
    assert any(
        "decision filing of BR-2026-0001" in m and "no audit event" in m for m in messages
    ), messages

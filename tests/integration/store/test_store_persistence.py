"""Persistence functions on a real database (SQLite file, and PostgreSQL when reachable)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, update
from sqlmodel import select
from store_factories import NOW, breach_in, obligation_in

from models.assessments import add_assessment, latest_assessment, list_assessments
from models.audit import verify_chain
from models.breaches import (
    NotFoundError,
    create_breach,
    get_breach,
    get_breach_by_reference,
    list_breaches,
    set_aware_at,
    set_breach_state,
    update_breach,
)
from models.db import read_scope, session_scope
from models.decisions import list_decisions, record_decision
from models.documents import add_document, approve_document, list_documents, mark_document_filed
from models.obligations import (
    cancel_obligation,
    complete_obligation,
    ensure_obligation,
    list_obligations,
    list_open_obligations,
)
from models.outbox import enqueue, list_effects
from models.processing_register import list_clients, list_legal_entities, sync_processing_register
from models.tables import (
    AssessmentCreate,
    AuditEvent,
    DecisionCreate,
    DocumentCreate,
    ReferenceCounter,
)
from rules.processing_register import load_processing_register

pytestmark = pytest.mark.integration
BRUSSELS = ZoneInfo("Europe/Brussels")


def test_breach_round_trips_with_aware_utc_timestamps(engine: Engine) -> None:
    """A stored breach reads back field for field, its instants aware and in UTC."""
    aware = datetime(2026, 3, 27, 10, 0, tzinfo=BRUSSELS)
    with session_scope(engine) as session:
        breach = create_breach(
            session=session, breach_in=breach_in(NOW, aware_at=aware), actor="intake", now=NOW
        )
    with read_scope(engine) as session:
        stored = get_breach_by_reference(session=session, reference=breach.reference)
    assert stored.reference == "BR-2026-0001"
    assert stored.state == "received"
    assert stored.aware_at == aware
    assert stored.aware_at.tzinfo == UTC
    assert stored.aware_at.hour == 9  # 10:00 CET is 09:00 UTC
    assert stored.facts["subjects"]["vulnerable"] == "unknown"
    assert stored.affected_activity_ids == ["payroll-bakkerij-peeters"]
    assert stored.description.endswith("<script>")


def test_naive_datetimes_are_refused(engine: Engine) -> None:
    """A naive timestamp cannot be stored, so no local time slips in as UTC."""
    naive = datetime(2026, 3, 27, 10, 0)  # noqa: DTZ001 (the point of the test)
    with pytest.raises(Exception, match="naive datetime"), session_scope(engine) as session:
        create_breach(
            session=session, breach_in=breach_in(NOW, detected_at=naive), actor="x", now=NOW
        )
    with read_scope(engine) as session:
        assert list_breaches(session=session) == []


def test_references_count_per_brussels_year_and_grow_past_9999(engine: Engine) -> None:
    """New Year's Eve 23:30 UTC is already next year in Brussels; numbers grow to five digits."""
    with session_scope(engine) as session:
        first = create_breach(session=session, breach_in=breach_in(NOW), actor="x", now=NOW)
        session.execute(
            update(ReferenceCounter).where(ReferenceCounter.year == 2026).values(last_number=9999)
        )
        big = create_breach(session=session, breach_in=breach_in(NOW), actor="x", now=NOW)
        new_year = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
        next_year = create_breach(
            session=session, breach_in=breach_in(new_year), actor="x", now=new_year
        )
    assert first.reference == "BR-2026-0001"
    assert big.reference == "BR-2026-10000"
    assert next_year.reference == "BR-2027-0001"


def test_breach_changes_are_audited_with_before_and_after(engine: Engine) -> None:
    """Creation, awareness, facts and state changes each append an event with both snapshots."""
    with session_scope(engine) as session:
        breach = create_breach(session=session, breach_in=breach_in(NOW), actor="intake", now=NOW)
        later = NOW + timedelta(hours=1)
        set_aware_at(
            session=session,
            breach_id=breach.id,
            aware_at=NOW - timedelta(hours=1),
            set_by="DPO Jan",
            gap_reason="logs confirmed the leak at 08:00",
            now=later,
        )
        update_breach(
            session=session,
            breach_id=breach.id,
            changes={"facts": {**breach.facts, "malicious": True}},
            actor="DPO Jan",
            now=later,
        )
        set_breach_state(
            session=session, breach_id=breach.id, state="assessed", actor="flow", now=later
        )
    with read_scope(engine) as session:
        events = list(session.exec(select(AuditEvent).order_by(AuditEvent.seq)))
        stored = get_breach(session=session, breach_id=breach.id)
        assert verify_chain(session).ok
    assert [e.action for e in events] == ["create", "set_aware_at", "update", "state:assessed"]
    assert events[0].before is None
    assert events[1].before["aware_set_by"] == "intake"
    assert events[1].after["aware_set_by"] == "DPO Jan"
    assert events[2].after["facts"]["malicious"] is True
    assert events[3].actor == "flow"
    assert stored.state == "assessed"
    assert stored.aware_gap_reason == "logs confirmed the leak at 08:00"


def test_unknown_states_channels_and_fields_are_refused(engine: Engine) -> None:
    """The store refuses words it does not know instead of storing them."""
    with session_scope(engine) as session:
        breach = create_breach(session=session, breach_in=breach_in(NOW), actor="x", now=NOW)
    with pytest.raises(ValueError, match="state"), session_scope(engine) as session:
        set_breach_state(session=session, breach_id=breach.id, state="done", actor="x", now=NOW)
    with pytest.raises(ValueError, match="channel"), session_scope(engine) as session:
        create_breach(session=session, breach_in=breach_in(NOW, channel="fax"), actor="x", now=NOW)
    with pytest.raises(ValueError, match="reference"), session_scope(engine) as session:
        update_breach(
            session=session, breach_id=breach.id, changes={"reference": "X"}, actor="x", now=NOW
        )
    with pytest.raises(NotFoundError), read_scope(engine) as session:
        get_breach_by_reference(session=session, reference="BR-1999-0001")


def test_assessments_keep_every_version_and_overrides_need_a_reason(engine: Engine) -> None:
    """Versions count up per breach; an override without a written reason is refused."""
    rules_run = AssessmentCreate(
        inputs={"facts": {}},
        severity={"dpc": 3, "ei": 0.75, "cb": 0.25, "score": 2.5, "band": "medium"},
        outcome={"risk": "risk", "notify_supervisory_authority": True},
        assumptions=["identifiability unknown: taken as maximum"],
        reasons=[{"article": "Art. 33(1) GDPR", "text": "risk"}],
    )
    with session_scope(engine) as session:
        breach = create_breach(session=session, breach_in=breach_in(NOW), actor="x", now=NOW)
        add_assessment(
            session=session, breach_id=breach.id, assessment_in=rules_run, actor="rules", now=NOW
        )
    override = rules_run.model_copy(update={"override_outcome": "high", "decided_by": "DPO Jan"})
    with pytest.raises(ValueError, match="reason"), session_scope(engine) as session:
        add_assessment(
            session=session, breach_id=breach.id, assessment_in=override, actor="DPO", now=NOW
        )
    override = override.model_copy(update={"override_reason": "payslips reveal garnishments"})
    with session_scope(engine) as session:
        add_assessment(
            session=session, breach_id=breach.id, assessment_in=override, actor="DPO", now=NOW
        )
    with read_scope(engine) as session:
        versions = list_assessments(session=session, breach_id=breach.id)
        latest = latest_assessment(session=session, breach_id=breach.id)
    assert [a.version for a in versions] == [1, 2]
    assert versions[0].severity["band"] == "medium"
    assert latest is not None
    assert latest.override_outcome == "high"
    assert latest.override_reason == "payslips reveal garnishments"


def test_obligations_are_never_duplicated_nor_rewritten(engine: Engine) -> None:
    """Ensuring the same obligation twice returns the first row with its original terms."""
    with session_scope(engine) as session:
        breach = create_breach(session=session, breach_in=breach_in(NOW), actor="x", now=NOW)
        first, created = ensure_obligation(
            session=session, obligation_in=obligation_in(breach.id, NOW), actor="flow", now=NOW
        )
    changed_rules = obligation_in(breach.id, NOW, due_at=NOW, terms={"hours": 1})
    with session_scope(engine) as session:
        again, created_again = ensure_obligation(
            session=session, obligation_in=changed_rules, actor="flow", now=NOW
        )
        ensure_obligation(
            session=session,
            obligation_in=obligation_in(
                breach.id, NOW, kind="processor_notice", party="bakkerij-peeters"
            ),
            actor="flow",
            now=NOW,
        )
    assert created
    assert not created_again
    assert again.id == first.id
    assert again.terms == {"hours": 72, "source": "Art. 33(1) GDPR"}
    assert again.due_at == NOW + timedelta(hours=72)
    with read_scope(engine) as session:
        assert len(list_obligations(session=session, breach_id=breach.id)) == 2
        audit_creates = session.exec(
            select(AuditEvent).where(AuditEvent.entity_type == "obligation")
        ).all()
    assert len(audit_creates) == 2


def test_late_completion_needs_a_reason_and_closed_obligations_stay_closed(engine: Engine) -> None:
    """Art. 33(1): done after due_at requires the reasons for the delay."""
    with session_scope(engine) as session:
        breach = create_breach(session=session, breach_in=breach_in(NOW), actor="x", now=NOW)
        gba, _ = ensure_obligation(
            session=session, obligation_in=obligation_in(breach.id, NOW), actor="x", now=NOW
        )
        notice, _ = ensure_obligation(
            session=session,
            obligation_in=obligation_in(breach.id, NOW, kind="processor_notice", party="c1"),
            actor="x",
            now=NOW,
        )
    late = NOW + timedelta(hours=80)
    with pytest.raises(ValueError, match="late reason"), session_scope(engine) as session:
        complete_obligation(
            session=session,
            obligation_id=gba.id,
            done_at=late,
            late_reason=None,
            actor="x",
            now=late,
        )
    with session_scope(engine) as session:
        complete_obligation(
            session=session,
            obligation_id=gba.id,
            done_at=late,
            late_reason="portal maintenance",
            actor="DPO Jan",
            now=late,
        )
        cancel_obligation(
            session=session,
            obligation_id=notice.id,
            reason="not a client's data",
            actor="DPO",
            now=late,
        )
    with pytest.raises(ValueError, match="already done"), session_scope(engine) as session:
        cancel_obligation(session=session, obligation_id=gba.id, reason="x", actor="x", now=late)
    with read_scope(engine) as session:
        states = {o.kind: o.state for o in list_obligations(session=session, breach_id=breach.id)}
        assert list_open_obligations(session=session) == []
    assert states == {"supervisory_authority": "done", "processor_notice": "cancelled"}


def test_documents_are_versioned_approved_and_filed(engine: Engine) -> None:
    """A second render is version 2; approval and the GBA's DBN number are recorded."""
    with session_scope(engine) as session:
        breach = create_breach(session=session, breach_in=breach_in(NOW), actor="x", now=NOW)
        doc_in = DocumentCreate(
            breach_id=breach.id,
            kind="gba_notification",
            language="nl",
            filing="new",
            completeness="part1",
            content_hash="a" * 64,
            path="documents/BR-2026-0001/gba-nl-v1.pdf",
        )
        add_document(session=session, document_in=doc_in, actor="flow", now=NOW)
        second = add_document(
            session=session,
            document_in=doc_in.model_copy(update={"content_hash": "b" * 64}),
            actor="flow",
            now=NOW,
        )
        approve_document(session=session, document_id=second.id, approved_by="DPO Jan", now=NOW)
        mark_document_filed(
            session=session,
            document_id=second.id,
            filed_or_sent_at=NOW + timedelta(hours=1),
            external_reference="DBN-2026-001234",
            actor="DPO Jan",
            now=NOW,
        )
    with pytest.raises(ValueError, match="filing"), session_scope(engine) as session:
        add_document(
            session=session,
            document_in=doc_in.model_copy(update={"filing": "amended"}),
            actor="x",
            now=NOW,
        )
    with read_scope(engine) as session:
        documents = list_documents(session=session, breach_id=breach.id)
    assert [d.version for d in documents] == [1, 2]
    assert documents[1].approved_by == "DPO Jan"
    assert documents[1].external_reference == "DBN-2026-001234"
    assert documents[0].approved_at is None


def test_decisions_record_who_decided_as_entered(engine: Engine) -> None:
    """A decision keeps the decider's name as typed and its payload; an empty name is refused."""
    with session_scope(engine) as session:
        breach = create_breach(session=session, breach_in=breach_in(NOW), actor="x", now=NOW)
        record_decision(
            session=session,
            decision_in=DecisionCreate(
                breach_id=breach.id,
                kind="approve_filing",
                decided_by="jan.de.smet (DPO)",
                payload={"document": "gba_notification"},
            ),
            now=NOW,
        )
    with pytest.raises(ValueError, match="who decided"), session_scope(engine) as session:
        record_decision(
            session=session,
            decision_in=DecisionCreate(breach_id=breach.id, kind="x", decided_by="  "),
            now=NOW,
        )
    with read_scope(engine) as session:
        decisions = list_decisions(session=session, breach_id=breach.id)
        last_event = session.exec(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
    assert [(d.kind, d.decided_by) for d in decisions] == [("approve_filing", "jan.de.smet (DPO)")]
    assert last_event is not None
    assert last_event.actor == "unauthenticated:jan.de.smet (DPO)"  # a typed name


def test_register_sync_records_the_file_hash_and_is_idempotent(engine: Engine) -> None:
    """Entities and clients come from the register with its sha256; syncing twice adds nothing."""
    from breachflow.settings import sample_register_path

    register = load_processing_register(sample_register_path())
    for _ in range(2):
        with session_scope(engine) as session:
            version = sync_processing_register(
                session=session, register=register, source="group-s.yaml", now=NOW
            )
    with read_scope(engine) as session:
        entities = list_legal_entities(session=session)
        clients = list_clients(session=session)
    assert version.sha256 == register.sha256
    assert len(version.sha256) == 64
    assert {e.code for e in entities} == set(register.entities)
    assert {c.code for c in clients} == set(register.clients)
    assert all(c.register_sha256 == register.sha256 for c in clients)
    kbo = {e.code: e.enterprise_number for e in entities}
    assert kbo["secretariat"] == register.entities["secretariat"].kbo


def test_effects_commit_or_roll_back_with_the_change_that_causes_them(engine: Engine) -> None:
    """An outbox row written with a change disappears when that transaction fails."""

    def crash_after_enqueue() -> None:
        with session_scope(engine) as session:
            breach = create_breach(session=session, breach_in=breach_in(NOW), actor="x", now=NOW)
            enqueue(
                session=session,
                key="k1",
                kind="slack.post",
                payload={},
                now=NOW,
                breach_id=breach.id,
            )
            raise RuntimeError("crash before commit")

    with pytest.raises(RuntimeError):
        crash_after_enqueue()
    with session_scope(engine) as session:
        breach = create_breach(session=session, breach_in=breach_in(NOW), actor="x", now=NOW)
        enqueue(
            session=session, key="k2", kind="slack.post", payload={}, now=NOW, breach_id=breach.id
        )
        enqueue(session=session, key="k2", kind="slack.post", payload={"x": 1}, now=NOW)
    with read_scope(engine) as session:
        effects = list_effects(session=session)
        breaches = list_breaches(session=session)
        assert verify_chain(session).ok
    assert [e.key for e in effects] == ["k2"]
    assert effects[0].payload == {}
    assert [b.reference for b in breaches] == ["BR-2026-0001"]  # the number rolled back too

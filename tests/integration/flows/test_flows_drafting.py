"""What is drafted for whom: the duties of each affected activity become documents."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import Engine

from breachflow.services import assessment_in_force, processing_register_of
from breachflow.services.drafts import document_view
from breachflow.settings import Settings
from models.breaches import get_breach
from models.db import read_scope
from models.documents import list_documents
from models.obligations import list_obligations
from rules.decisions import DecisionRefused
from rules.lifecycle import State
from tests.integration.documents.conftest import pdf_text
from tests.integration.flows.flow_support import (
    demo_report,
    file_report,
    now,
    review,
    rig,
    state,
)

HIGH_RISK_STAFF = {
    "activities": ["staff-administration"],
    "breach_confidentiality": "unknown_recipients",
    "breach_malicious": True,
    "breach_incident_type": "hacking_malware",
}


def _drafted(engine: Engine, settings: Settings, **changes: object) -> list[tuple[str, str]]:
    """Report, review (accepting the outcome) and draft; the (kind, party) of each draft."""
    dispatcher, _ = rig(engine, settings)
    breach_id: uuid.UUID = file_report(engine, settings, demo_report(**changes)).id
    dispatcher.run_until_idle()
    review(engine, settings, breach_id)
    dispatcher.run_until_idle()
    assert state(engine, breach_id) == State.AWAITING_APPROVAL
    with read_scope(engine) as session:
        return sorted(
            (d.kind, d.party) for d in list_documents(session=session, breach_id=breach_id)
        )


def test_processor_breach_for_two_clients_drafts_a_notice_to_each_and_no_gba_draft(
    engine: Engine, settings: Settings
) -> None:
    """Processor for two clients (Art. 33(2)): a notice to each controller and nothing for the
    GBA: each client, as controller, decides on notifying it."""
    drafts = _drafted(
        engine, settings, activities=["payroll-bakkerij-peeters", "payroll-transports-dubois"]
    )
    assert drafts == [
        ("processor_notice", "bakkerij-peeters"),
        ("processor_notice", "transports-dubois"),
    ]


def test_high_risk_controller_breach_drafts_the_gba_notification_and_the_letter(
    engine: Engine, settings: Settings
) -> None:
    """Our own staff's data taken by an attacker: high risk, so the GBA draft (Art. 33) and the
    letter to the people (Art. 34); no processor notice (we are controller)."""
    kinds = {kind for kind, _ in _drafted(engine, settings, **HIGH_RISK_STAFF)}
    assert {"gba_notification", "subject_letter", "register_entry"} <= kinds
    assert "processor_notice" not in kinds


def test_each_controller_gets_its_own_scope_of_the_demo_breach(
    engine: Engine, settings: Settings
) -> None:
    """The demo breach touches our staff (25 people, leave records) and Bakkerij Peeters'
    payroll (60 people, national numbers and salaries): our GBA draft states our 25 people and
    our data only; the notice to the client states its 60 people and its data."""
    dispatcher, _ = rig(engine, settings)
    breach_id = file_report(engine, settings).id
    dispatcher.run_until_idle()
    review(engine, settings, breach_id)
    dispatcher.run_until_idle()
    register = processing_register_of(settings)
    with read_scope(engine) as session:
        breach = get_breach(session=session, breach_id=breach_id)
        in_force = assessment_in_force(session, settings, breach, now())
        obligations = {o.kind: o for o in list_obligations(session=session, breach_id=breach_id)}
        documents = {d.kind: d for d in list_documents(session=session, breach_id=breach_id)}
    views = {}
    for kind, document_kind in (
        ("authority_notification", "gba_notification"),
        ("processor_notice", "processor_notice"),
    ):
        obligation = obligations[kind]
        assessment = in_force.for_obligation(
            obligation.kind, obligation.party, str(obligation.terms.get("entity", ""))
        )
        views[kind] = document_view(
            register, breach, obligation, document_kind, 1, "new", "complete", assessment
        )
    gba, notice = views["authority_notification"], views["processor_notice"]
    assert gba.subject_count == 25
    assert set(gba.data or ()) == {"basic_identity", "contact", "employment_health"}
    assert notice.subject_count == 60
    assert "national_id_number" in set(notice.data or ())
    text = " ".join(pdf_text(Path(documents["gba_notification"].path).read_bytes()).split())
    assert "85" not in text
    assert "25" in text


def test_the_dpo_corrects_the_scopes_at_review(engine: Engine, settings: Settings) -> None:
    """Scopes entered at the review reach our GBA draft; an activity the register does not know
    is refused, naming the facts, and nothing is recorded."""
    dispatcher, _ = rig(engine, settings)
    breach_id = file_report(engine, settings).id
    dispatcher.run_until_idle()
    with pytest.raises(DecisionRefused, match=r"^facts: scopes: nowhere"):
        review(engine, settings, breach_id, facts_update={"scopes": [{"activity": "nowhere"}]})
    assert state(engine, breach_id) == State.AWAITING_REVIEW
    scopes = [
        {"activity": "staff-administration", "subjects": {"count": 12}, "data": ["contact"]},
        {"activity": "payroll-bakkerij-peeters", "subjects": {"count": 73}},
    ]
    review(engine, settings, breach_id, facts_update={"scopes": scopes})
    dispatcher.run_until_idle()
    with read_scope(engine) as session:
        breach = get_breach(session=session, breach_id=breach_id)
        own = assessment_in_force(session, settings, breach, now()).own
    assert own.facts.subjects.count == 12
    assert own.facts.data == frozenset({"contact"})

"""The DPO's override at the review plans, cancels and drafts what the overridden outcome needs."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from breachflow import services
from breachflow.services.assessment import assessment_of
from breachflow.services.in_force import InForce
from breachflow.settings import Settings
from documents.i18n import t
from models.access import audit_events_for
from models.assessments import latest_assessment
from models.audit import verify_chain
from models.breaches import get_breach
from models.db import read_scope
from models.documents import list_documents
from models.obligations import list_obligations
from models.reminders import list_reminders, list_unsent_reminders
from models.tables import Obligation
from rules.codes import Language, Risk
from tests.integration.documents.conftest import pdf_text
from tests.integration.flows.flow_support import file_report, now, review, rig, state

DPO = "Dana DPO"
TO_HIGH = "the wrong employer's HR contact has a grudge against our client"
TO_UNLIKELY = "Transports Dubois confirmed deletion in writing and is bound by contract"


def _reviewed(engine: Engine, settings: Settings, **review_args: Any) -> uuid.UUID:
    """The demo breach (the rules say `risk`) reported, reviewed as told and drafted."""
    dispatcher, _ = rig(engine, settings)
    breach = file_report(engine, settings)
    dispatcher.run_until_idle()
    with read_scope(engine) as session:
        row = latest_assessment(session=session, breach_id=breach.id)
        assert row is not None
        assert row.outcome["risk"] == Risk.RISK
    review(engine, settings, breach.id, **review_args)
    dispatcher.run_until_idle()
    assert state(engine, breach.id) == "awaiting_approval"
    return breach.id


def _obligations(engine: Engine, breach_id: uuid.UUID) -> dict[str, Obligation]:
    with read_scope(engine) as session:
        return {o.kind: o for o in list_obligations(session=session, breach_id=breach_id)}


def _in_force(engine: Engine, settings: Settings, breach_id: uuid.UUID) -> Risk:
    """Our own duties' outcome in force."""
    with read_scope(engine) as session:
        breach = get_breach(session=session, breach_id=breach_id)
        return services.assessment_in_force(session, settings, breach, now()).own.risk


def test_override_to_high_plans_the_letters_and_drafts_them(
    engine: Engine, settings: Settings
) -> None:
    """Rules `risk`, DPO `high`: an open subject-communication obligation (Art. 34(1)), the
    letter drafted beside the GBA draft, whose risk section shows the DPO's outcome, the rules'
    own outcome and the DPO's reason."""
    breach_id = _reviewed(engine, settings, outcome="override_to_high", override_reason=TO_HIGH)
    obligations = _obligations(engine, breach_id)
    assert obligations["subject_communication"].state == "open"
    assert obligations["authority_notification"].state == "open"
    assert obligations["processor_notice"].state == "open"
    with read_scope(engine) as session:
        documents = {d.kind: d for d in list_documents(session=session, breach_id=breach_id)}
        row = latest_assessment(session=session, breach_id=breach_id)
    assert {"gba_notification", "subject_letter", "processor_notice"} <= set(documents)
    assert documents["subject_letter"].obligation_id == obligations["subject_communication"].id
    assert row is not None
    assert (row.override_outcome, row.decided_by) == ("high", DPO)
    assert row.outcome["risk"] == "high"
    assert row.outcome["notify_data_subjects"] is True
    assert row.outcome["overridden_from"] == "risk"
    gba = documents["gba_notification"]
    text = " ".join(pdf_text(Path(gba.path).read_bytes()).split())
    language = Language(gba.language)
    assert " ".join(t(language, "f.rules_outcome").split()) in text
    assert {"nl": "beslissing van de DPO", "fr": "décision du DPD", "de": "Entscheidung des DSB"}[
        language
    ] in text
    assert " ".join(TO_HIGH.split()) in text


def test_override_to_unlikely_cancels_the_gba_notification_and_its_reminders(
    engine: Engine, settings: Settings
) -> None:
    """DPO `unlikely`: the open GBA notification is cancelled by the DPO with a reason, in the
    audit chain; its reminders are cancelled and none is left to send; the processor notice and
    the register entry stay open; no GBA draft is made."""
    dispatcher, _ = rig(engine, settings)
    breach = file_report(engine, settings)
    dispatcher.run_until_idle()
    gba = _obligations(engine, breach.id)["authority_notification"]
    with read_scope(engine) as session:
        planned = [r for r in list_reminders(session=session) if r.obligation_id == gba.id]
    assert planned, "the 72-hour clock had reminders before the review"
    review(engine, settings, breach.id, outcome="override_to_unlikely", override_reason=TO_UNLIKELY)
    dispatcher.run_until_idle()

    obligations = _obligations(engine, breach.id)
    cancelled = obligations["authority_notification"]
    assert cancelled.state == "cancelled"
    assert cancelled.late_reason is not None
    assert "'unlikely'" in cancelled.late_reason
    assert TO_UNLIKELY in cancelled.late_reason
    assert obligations["processor_notice"].state == "open"
    assert obligations["register_entry"].state == "open"
    with read_scope(engine) as session:
        events = audit_events_for(session=session, entity_ids=[cancelled.id])
        unsent = list_unsent_reminders(session=session, breach_id=breach.id)
        rows = [r for r in list_reminders(session=session) if r.obligation_id == cancelled.id]
        kinds = {d.kind for d in list_documents(session=session, breach_id=breach.id)}
        assert verify_chain(session).ok
    assert [(e.action, e.actor) for e in events][-1] == ("cancelled", f"unauthenticated:{DPO}")
    assert not [r for r in unsent if r.obligation_id == cancelled.id]
    assert rows
    assert all(r.cancelled_at is not None for r in rows)
    assert "gba_notification" not in kinds
    assert {"processor_notice", "register_entry"} <= kinds


def test_new_facts_keep_the_override_in_force(engine: Engine, settings: Settings) -> None:
    """After `override_to_high`, facts that would make the rules say `unlikely` (deletion
    confirmed by a trusted recipient) leave the DPO's outcome in force: the letters and the GBA
    notification stay open and a new assessment version carries the override."""
    breach_id = _reviewed(engine, settings, outcome="override_to_high", override_reason=TO_HIGH)
    services.add_facts(
        engine=engine,
        settings=settings,
        breach_id=breach_id,
        facts_update={"recipients_trusted": True},
        actor=DPO,
        now=now(),
    )
    with read_scope(engine) as session:
        breach = get_breach(session=session, breach_id=breach_id)
        rules = InForce(assessment_of(session, settings, breach, now())).own
        row = latest_assessment(session=session, breach_id=breach_id)
    assert rules.risk is Risk.UNLIKELY
    assert _in_force(engine, settings, breach_id) is Risk.HIGH
    assert row is not None
    assert row.inputs["facts"]["recipients_trusted"] is True
    assert (row.override_outcome, row.override_reason) == ("high", TO_HIGH)
    assert row.outcome["overridden_from"] == "unlikely"
    obligations = _obligations(engine, breach_id)
    assert obligations["subject_communication"].state == "open"
    assert obligations["authority_notification"].state == "open"


def test_new_facts_lowering_the_rules_outcome_cancel_only_after_the_review(
    engine: Engine, settings: Settings
) -> None:
    """Without an override the rules' outcome is in force: before the review a lower outcome
    drops no duty (the DPO decides at the review), after the review it cancels the GBA
    notification in the name of whoever brought the facts."""
    dispatcher, _ = rig(engine, settings)
    breach = file_report(engine, settings)
    dispatcher.run_until_idle()
    services.add_facts(
        engine=engine,
        settings=settings,
        breach_id=breach.id,
        facts_update={"recipients_trusted": True},
        actor="Security team",
        now=now(),
    )
    assert _in_force(engine, settings, breach.id) is Risk.UNLIKELY
    assert _obligations(engine, breach.id)["authority_notification"].state == "open"
    review(engine, settings, breach.id)
    dispatcher.run_until_idle()
    gba = _obligations(engine, breach.id)["authority_notification"]
    assert gba.state == "cancelled"
    with read_scope(engine) as session:
        events = audit_events_for(session=session, entity_ids=[gba.id])
        kinds = {d.kind for d in list_documents(session=session, breach_id=breach.id)}
    assert events[-1].actor == f"unauthenticated:{DPO}"
    assert "gba_notification" not in kinds


def test_a_cancelled_duty_required_again_reopens_with_its_reminders(
    engine: Engine, settings: Settings
) -> None:
    """Facts lower the outcome after the review (the GBA notification is cancelled), later
    facts raise it again: the same obligation reopens (audited), keeps its 72-hour deadline and
    gets its unsent reminders back."""
    dispatcher, _ = rig(engine, settings)
    breach = file_report(engine, settings)
    dispatcher.run_until_idle()
    review(engine, settings, breach.id)
    dispatcher.run_until_idle()
    before = _obligations(engine, breach.id)["authority_notification"]
    for trusted in (True, False):
        services.add_facts(
            engine=engine,
            settings=settings,
            breach_id=breach.id,
            facts_update={"recipients_trusted": trusted},
            actor="Security team",
            now=now(),
        )
        dispatcher.run_until_idle()
    assert _in_force(engine, settings, breach.id) is Risk.RISK
    gba = _obligations(engine, breach.id)["authority_notification"]
    assert (gba.id, gba.state, gba.due_at) == (before.id, "open", before.due_at)
    with read_scope(engine) as session:
        actions = [e.action for e in audit_events_for(session=session, entity_ids=[gba.id])]
        unsent = [
            r
            for r in list_unsent_reminders(session=session, breach_id=breach.id)
            if r.obligation_id == gba.id
        ]
        assert verify_chain(session).ok
    assert actions[-2:] == ["cancelled", "reopen"]
    assert {r.label for r in unsent} >= {"due"}

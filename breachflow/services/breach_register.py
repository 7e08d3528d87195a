"""The breach register (Art. 33(5)): every breach, notified or not, with its reasoning and
whether and when the GBA and the people were told. One view feeds the CSV and the PDF."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlmodel import Session

from breachflow.services.assessment import assessment_in_force
from breachflow.services.drafts import document_view
from breachflow.services.processing_register import processing_register_of
from breachflow.services.steps import draft_round
from breachflow.settings import Settings
from documents.viewmodels import BreachRegisterView, BreachView, FreeText
from models.breaches import list_breaches
from models.documents import list_documents
from models.obligations import list_obligations
from models.tables import Breach, Obligation
from rules.codes import Language
from rules.obligations import ObligationKind


def _register_obligation(session: Session, breach: Breach) -> Obligation:
    """The breach's register-entry obligation (every breach has one once assessed); a breach
    not yet assessed is entered with all its affected activities."""
    for obligation in list_obligations(session=session, breach_id=breach.id):
        if obligation.kind == ObligationKind.REGISTER_ENTRY.value:
            return obligation
    return Obligation(
        breach_id=breach.id,
        kind=ObligationKind.REGISTER_ENTRY.value,
        party="",
        activity_id=",".join(breach.affected_activity_ids),
        created_at=breach.created_at,
    )


def register_entry(
    session: Session, settings: Settings, breach: Breach, now: datetime
) -> BreachView:
    """One breach as the register records it: the facts and outcome in force, the filings."""
    in_force = assessment_in_force(session, settings, breach, now)
    documents = list_documents(session=session, breach_id=breach.id)
    filed_gba = sorted(
        (d for d in documents if d.kind == "gba_notification" and d.filed_or_sent_at),
        key=lambda d: d.version,
    )
    letters = [d for d in documents if d.kind == "subject_letter" and d.filed_or_sent_at]
    late_reasons = [
        o.late_reason
        for o in list_obligations(session=session, breach_id=breach.id)
        if o.late_reason
    ]
    obligation = _register_obligation(session, breach)
    view = document_view(
        processing_register_of(settings),
        breach,
        obligation,
        "register_entry",
        draft_round(session, breach.id),
        "new",
        "complete",
        in_force.for_obligation(
            obligation.kind, obligation.party, str(obligation.terms.get("entity", ""))
        ),
    )
    # The DPO's reasons for a late filing (Art. 33(1)), as typed.
    delay = (
        FreeText({Language.EN: "\n".join(late_reasons)}, original=Language.EN)
        if late_reasons
        else None
    )
    return replace(
        view,
        timeline=replace(view.timeline, delay_reasons=delay or view.timeline.delay_reasons),
        gba_notified_at=filed_gba[0].filed_or_sent_at if filed_gba else None,
        gba_reference=filed_gba[-1].external_reference if filed_gba else None,
        subjects_informed_at=min(
            (d.filed_or_sent_at for d in letters if d.filed_or_sent_at), default=None
        ),
    )


def breach_register(session: Session, settings: Settings, now: datetime) -> BreachRegisterView:
    """Every breach, oldest first."""
    breaches = sorted(list_breaches(session=session), key=lambda b: (b.created_at, b.reference))
    return BreachRegisterView(
        organisation=processing_register_of(settings).organisation,
        entries=tuple(register_entry(session, settings, b, now) for b in breaches),
        generated_at=now,
    )

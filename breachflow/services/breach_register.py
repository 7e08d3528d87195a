"""The breach register (Art. 33(5)): every breach, notified or not, with its reasoning and
whether and when the GBA and the people were told. One view (`register_entry`) feeds the CSV,
the PDF export and the entry document made anew when a breach is filed, amended or closed."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlmodel import Session

from breachflow.services.assessment import assessment_in_force
from breachflow.services.drafts import (
    document_view,
    draft_inputs,
    filed_gba,
    language_of,
    render_document,
)
from breachflow.services.processing_register import processing_register_of
from breachflow.services.steps import latest_decision
from breachflow.settings import Settings
from documents.build import dpo_text
from documents.viewmodels import BreachRegisterView, BreachView, Closing, RegisterEvent
from models.breaches import list_breaches
from models.documents import add_document, list_documents
from models.obligations import list_obligations
from models.tables import Breach, DocumentCreate, Obligation
from rules.lifecycle import Decision
from rules.obligations import ObligationKind

_TOLD = ("subject_letter", "public_communication")


def _stored_obligation(session: Session, breach: Breach) -> Obligation | None:
    """The breach's register-entry obligation (every breach has one once assessed)."""
    return next(
        (
            o
            for o in list_obligations(session=session, breach_id=breach.id)
            if o.kind == ObligationKind.REGISTER_ENTRY.value
        ),
        None,
    )


def _register_obligation(session: Session, breach: Breach) -> Obligation:
    """The register-entry obligation; a breach not yet assessed is entered with all its
    affected activities."""
    stored = _stored_obligation(session, breach)
    if stored is not None:
        return stored
    return Obligation(
        breach_id=breach.id,
        kind=ObligationKind.REGISTER_ENTRY.value,
        party="",
        activity_id=",".join(breach.affected_activity_ids),
        created_at=breach.created_at,
    )


def _closing(session: Session, settings: Settings, breach: Breach) -> Closing | None:
    closing = latest_decision(session, breach.id, Decision.CLOSING)
    if closing is None:
        return None
    register = processing_register_of(settings)
    root = dpo_text(register, str(closing.get("root_cause") or ""))
    lessons = dpo_text(register, str(closing.get("lessons_learned") or ""))
    return Closing(root, lessons) if root and lessons else None


def _entry_version(session: Session, breach: Breach) -> int:
    versions = [
        d.version
        for d in list_documents(session=session, breach_id=breach.id)
        if d.kind == "register_entry"
    ]
    return max(versions, default=1)


def register_entry(
    session: Session, settings: Settings, breach: Breach, now: datetime
) -> BreachView:
    """One breach as the register records it: the facts and outcome in force, the filings,
    the reasons for any delay as the DPO gave them, the case's end."""
    in_force = assessment_in_force(session, settings, breach, now)
    register = processing_register_of(settings)
    documents = list_documents(session=session, breach_id=breach.id)
    obligations = list_obligations(session=session, breach_id=breach.id)
    filed = filed_gba(session, breach)
    part2 = [d for d in filed if d.completeness == "part2"]
    told = [d.filed_or_sent_at for d in documents if d.kind in _TOLD and d.filed_or_sent_at]
    obligation = _register_obligation(session, breach)
    inputs = draft_inputs(session, breach, in_force.scoped.breach.facts.subjects.count)
    review = latest_decision(session, breach.id, Decision.REVIEW) or {}
    # The DPO's reasons for a delay (Art. 33(1)), at the review and at each filing, each once.
    reasons = [review.get("late_reason"), *(o.late_reason for o in obligations)]
    delay = "\n".join(dict.fromkeys(str(r) for r in reasons if r))
    view = document_view(
        register,
        breach,
        obligation,
        "register_entry",
        _entry_version(session, breach),
        "new",
        "complete",
        in_force.for_obligation(
            obligation.kind, obligation.party, str(obligation.terms.get("entity", ""))
        ),
        inputs=replace(inputs, late_reason=delay or None),
    )
    gba_due = next(
        (
            o.due_at
            for o in obligations
            if o.kind == ObligationKind.AUTHORITY_NOTIFICATION.value and o.state != "cancelled"
        ),
        None,
    )
    notified = filed[0].filed_or_sent_at if filed else None
    late = None if gba_due is None else (notified or now) > gba_due
    communication = view.communication
    if told:
        communication = replace(communication, status="done", at=min(told))
    return replace(
        view,
        timeline=replace(
            view.timeline,
            deadline=gba_due,
            late=late,
            delay_reasons=dpo_text(register, delay) if late else None,
        ),
        communication=communication,
        gba_notified_at=notified,
        gba_reference=filed[-1].external_reference if filed else None,
        gba_part2_at=part2[-1].filed_or_sent_at if part2 else None,
        subjects_informed_at=min(told, default=None),
        closing=_closing(session, settings, breach),
    )


def record_register_entry(
    session: Session,
    settings: Settings,
    breach: Breach,
    now: datetime,
    *,
    event: RegisterEvent,
    actor: str,
) -> Any:
    """Make the breach's register entry anew (a new version, not a draft) when it is filed,
    amended or closed, in the caller's transaction; returns the stored document."""
    register = processing_register_of(settings)
    obligation = _register_obligation(session, breach)
    view = replace(register_entry(session, settings, breach, now), register_event=event)
    language = language_of(register, "register_entry", obligation, breach)
    rendered = render_document(
        session=session,
        settings=settings,
        register=register,
        breach=breach,
        view=view,
        kind="register_entry",
        party=obligation.party,
        language=language,
        draft=False,
    )
    return add_document(
        session=session,
        document_in=DocumentCreate(
            breach_id=breach.id,
            obligation_id=stored.id if (stored := _stored_obligation(session, breach)) else None,
            kind="register_entry",
            party=obligation.party,
            language=rendered.language,
            content_hash=rendered.sha256,
            path=str(rendered.path),
            shown_facts=rendered.shown_facts,
        ),
        actor=actor,
        now=now,
    )


def breach_register(session: Session, settings: Settings, now: datetime) -> BreachRegisterView:
    """Every breach, oldest first."""
    breaches = sorted(list_breaches(session=session), key=lambda b: (b.created_at, b.reference))
    return BreachRegisterView(
        organisation=processing_register_of(settings).organisation,
        entries=tuple(register_entry(session, settings, b, now) for b in breaches),
        generated_at=now,
    )

"""Drafting and approval: one draft per obligation that needs a document, then the DPO approves
the round or sends it back."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session

from breachflow.services.assessment import assessment_in_force
from breachflow.services.drafts import render_breach_document
from breachflow.services.processing_register import processing_register_of
from breachflow.services.steps import (
    SYSTEM,
    apply,
    decision_count,
    draft_round,
    latest_decision,
    lock_for,
    record,
)
from breachflow.settings import Settings
from models.breaches import get_breach, lock_breach
from models.db import read_scope, session_scope
from models.documents import add_document, approve_document, list_documents
from models.obligations import list_obligations
from models.tables import Breach, Document, DocumentCreate, Obligation
from rules.assessment import Assessment
from rules.decisions import Approval, problems_of_approval, refuse_if
from rules.lifecycle import Decision, Event, State
from rules.obligations import ObligationKind

# Obligation kind -> the document drafted for it.
DOCUMENT_FOR = {
    ObligationKind.AUTHORITY_NOTIFICATION.value: "gba_notification",
    ObligationKind.PROCESSOR_NOTICE.value: "processor_notice",
    ObligationKind.SUBJECT_COMMUNICATION.value: "subject_letter",
    ObligationKind.PUBLIC_COMMUNICATION.value: "public_communication",
    ObligationKind.REGISTER_ENTRY.value: "register_entry",
}


def still_needed(kind: str, in_force: Assessment) -> bool:
    """Whether the assessment in force still asks for this document (a done obligation is
    drafted again in a follow-up round only while the outcome requires it)."""
    if kind == "gba_notification":
        return in_force.notify_supervisory_authority  # Art. 33(1)
    if kind == "subject_letter":
        return in_force.notify_data_subjects and not in_force.public_communication  # Art. 34(1)
    if kind == "public_communication":
        return in_force.public_communication  # Art. 34(3)(c)
    return True


def current_documents(session: Session, breach_id: uuid.UUID) -> list[Document]:
    """The newest version of each (kind, party) document: the drafts being decided on."""
    newest: dict[tuple[str, str], Document] = {}
    for document in list_documents(session=session, breach_id=breach_id):
        key = (document.kind, document.party)
        if key not in newest or document.version > newest[key].version:
            newest[key] = document
    return list(newest.values())


def _drafted_versions(session: Session, breach_id: uuid.UUID) -> dict[tuple[str, str], int]:
    return {
        (d.kind, d.party): d.version for d in list_documents(session=session, breach_id=breach_id)
    }


def draft_documents(
    *, engine: Engine, settings: Settings, breach_id: uuid.UUID, now: datetime
) -> Breach:
    """The `draft-documents` step: a draft for each obligation not cancelled that needs a
    document the assessment in force still asks for, rendered once per round (a re-run skips
    those done); then the approval waits."""
    with read_scope(engine) as session:
        breach = get_breach(session=session, breach_id=breach_id)
        if breach.state != State.DRAFTING:
            return breach
        version = draft_round(session, breach_id)
        in_force = assessment_in_force(session, settings, breach, now)
        review = latest_decision(session, breach_id, Decision.REVIEW) or {}
        follow_up = latest_decision(session, breach_id, Decision.FOLLOW_UP)
        obligations = list_obligations(session=session, breach_id=breach_id)
        drafted = _drafted_versions(session, breach_id)
    completeness = "complete" if follow_up else str(review.get("completeness", "complete"))
    filing = "follow_up" if follow_up else "new"
    for obligation in obligations:
        kind = DOCUMENT_FOR.get(obligation.kind)
        assessment = in_force.for_obligation(
            obligation.kind, obligation.party, str(obligation.terms.get("entity", ""))
        )
        if kind is None or obligation.state == "cancelled" or not still_needed(kind, assessment):
            continue
        if drafted.get((kind, obligation.party), 0) < version:
            _draft(
                engine,
                settings,
                breach,
                obligation,
                kind,
                version,
                filing,
                completeness,
                assessment,
                now,
            )
    with session_scope(engine) as session:
        breach = lock_breach(session=session, breach_id=breach_id)
        if breach.state != State.DRAFTING:
            return breach
        return apply(
            session=session,
            settings=settings,
            breach=breach,
            event=Event.DRAFTED,
            actor=SYSTEM,
            now=now,
            key=str(version),
            alert={"decision": "approval", "key": f"approval-{version}"},
        )


def _draft(
    engine: Engine,
    settings: Settings,
    breach: Breach,
    obligation: Obligation,
    kind: str,
    version: int,
    filing: str,
    completeness: str,
    in_force: Assessment,
    now: datetime,
) -> None:
    """Render one draft outside any transaction, then store it unless a concurrent run did."""
    rendered = render_breach_document(
        settings=settings,
        register=processing_register_of(settings),
        breach=breach,
        obligation=obligation,
        kind=kind,
        version=version,
        filing=filing,
        completeness=completeness,
        assessment=in_force,
    )
    with session_scope(engine) as session:
        if _drafted_versions(session, breach.id).get((kind, obligation.party), 0) >= version:
            return
        add_document(
            session=session,
            document_in=DocumentCreate(
                breach_id=breach.id,
                obligation_id=obligation.id,
                kind=kind,
                party=obligation.party,
                language=rendered.language,
                filing=filing,
                completeness=completeness,
                content_hash=rendered.sha256,
                path=str(rendered.path),
            ),
            actor=SYSTEM,
            now=now,
        )


def record_approval(
    *, engine: Engine, settings: Settings, breach_id: uuid.UUID, approval: Approval, now: datetime
) -> Breach:
    """Approve the drafts (then the filing decision waits) or send them back with remarks (a
    new drafting round)."""
    refuse_if(problems_of_approval(approval))
    with session_scope(engine) as session:
        breach = lock_for(session, breach_id, Decision.APPROVAL)
        record(session, breach, Decision.APPROVAL, approval.decided_by, approval.payload(), now)
        if approval.action == "send_back":
            return apply(
                session=session,
                settings=settings,
                breach=breach,
                event=Event.SENT_BACK,
                actor=approval.decided_by,
                now=now,
                key=str(draft_round(session, breach.id)),
            )
        approved = [d for d in current_documents(session, breach.id) if d.approved_at is None]
        for document in approved:
            approve_document(
                session=session, document_id=document.id, approved_by=approval.decided_by, now=now
            )
        return apply(
            session=session,
            settings=settings,
            breach=breach,
            event=Event.APPROVED,
            actor=approval.decided_by,
            now=now,
            key=str(decision_count(session, breach.id, Decision.FILING) + 1),
            alert={"key": str(draft_round(session, breach.id)), "documents_count": len(approved)},
        )

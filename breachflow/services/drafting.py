"""Drafting and approval: one draft per obligation that needs a document, in drafting rounds;
the DPO approves the current round or sends it back.

A round is numbered by `steps.draft_round` (a send-back, new facts while drafts wait, a
follow-up or Part 2 each start one); its drafts are the documents stored with that round. An
approval names the round the DPO read: one that new facts replaced is refused with the round
to read instead, so no draft that predates the facts is ever approved.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session

from breachflow.services.assessment import assessment_in_force
from breachflow.services.drafts import (
    DOCUMENT_FOR,
    DraftInputs,
    document_view,
    draft_inputs,
    language_of,
    render_document,
)
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
from rules.actors import decider_actor
from rules.assessment import Assessment
from rules.decisions import Approval, problems_of_approval, refuse_if
from rules.lifecycle import Decision, Event, State
from rules.obligations import ObligationKind

# Letters already sent are not drafted again in a follow-up round: the people were told.
_SENT_ONCE = frozenset({"subject_letter", "public_communication"})


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
    """The drafts of the current drafting round: what the DPO approves and then files."""
    current = draft_round(session, breach_id)
    return [d for d in list_documents(session=session, breach_id=breach_id) if d.round == current]


def round_terms(session: Session, breach_id: uuid.UUID) -> tuple[str, str]:
    """(filing, completeness) of the current round: a follow-up after filing, Part 2 while its
    obligation is open (Art. 33(4)), else the review's choice of complete or Part 1."""
    follow_up = any(
        latest_decision(session, breach_id, d) is not None
        for d in (Decision.FOLLOW_UP, Decision.PART2)
    )
    if not follow_up:
        review = latest_decision(session, breach_id, Decision.REVIEW) or {}
        return "new", str(review.get("completeness", "complete"))
    part2_open = any(
        o.kind == ObligationKind.AUTHORITY_PART2.value and o.state == "open"
        for o in list_obligations(session=session, breach_id=breach_id)
    )
    return "follow_up", "part2" if part2_open else "complete"


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
        current = draft_round(session, breach_id)
        in_force = assessment_in_force(session, settings, breach, now)
        filing, completeness = round_terms(session, breach_id)
        obligations = list_obligations(session=session, breach_id=breach_id)
        drafted = {(d.kind, d.party) for d in current_documents(session, breach_id)}
        inputs = draft_inputs(session, breach, in_force.scoped.breach.facts.subjects.count)
    for obligation in obligations:
        kind = DOCUMENT_FOR.get(obligation.kind)
        assessment = in_force.for_obligation(
            obligation.kind, obligation.party, str(obligation.terms.get("entity", ""))
        )
        if kind is None or obligation.state == "cancelled" or not still_needed(kind, assessment):
            continue
        if filing == "follow_up" and kind in _SENT_ONCE and obligation.state == "done":
            continue
        terms = (current, filing, completeness)
        if kind == "gba_notification" and filing == "follow_up" and not inputs.gba_reference:
            terms = (current, "new", "complete")  # the first notification the GBA receives
        if (kind, obligation.party) not in drafted:
            _draft(engine, settings, breach, obligation, kind, terms, assessment, inputs, now)
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
            key=str(current),
            alert={"decision": "approval", "key": f"approval-{current}"},
        )


def _draft(
    engine: Engine,
    settings: Settings,
    breach: Breach,
    obligation: Obligation,
    kind: str,
    terms: tuple[int, str, str],
    in_force: Assessment,
    inputs: DraftInputs,
    now: datetime,
) -> None:
    """Render one draft outside any write transaction, then store it unless a concurrent run
    did."""
    current, filing, completeness = terms
    register = processing_register_of(settings)
    language = language_of(register, kind, obligation, breach)
    view = document_view(
        register,
        breach,
        obligation,
        kind,
        current,
        filing,
        completeness,
        in_force,
        inputs=inputs,
        now=now,
    )
    with read_scope(engine) as session:
        rendered = render_document(
            session=session,
            settings=settings,
            register=register,
            breach=breach,
            view=view,
            kind=kind,
            party=obligation.party,
            language=language,
            draft=True,
        )
    with session_scope(engine) as session:
        if (kind, obligation.party) in {
            (d.kind, d.party) for d in current_documents(session, breach.id)
        }:
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
                round=current,
                shown_facts=rendered.shown_facts,
            ),
            actor=SYSTEM,
            now=now,
        )


def record_approval(
    *,
    engine: Engine,
    settings: Settings,
    breach_id: uuid.UUID,
    approval: Approval,
    now: datetime,
    decided_by_email: str | None = None,
) -> Breach:
    """Approve the current round's drafts (then the filing decision waits) or send them back
    with remarks (a new drafting round); a decision on an outdated round is refused.
    `decided_by_email`: the signed-in person's (None: the name was typed, not authenticated);
    a document keeps the approver's name alone (it may be printed)."""
    refuse_if(problems_of_approval(approval))
    actor = decider_actor(approval.decided_by, decided_by_email)
    with session_scope(engine) as session:
        breach = lock_for(session, breach_id, Decision.APPROVAL)
        current = draft_round(session, breach.id)
        refuse_if(problems_of_approval(approval, current))
        record(
            session,
            breach,
            Decision.APPROVAL,
            approval.decided_by,
            approval.payload(),
            now,
            decided_by_email=decided_by_email,
        )
        if approval.action == "send_back":
            return apply(
                session=session,
                settings=settings,
                breach=breach,
                event=Event.SENT_BACK,
                actor=actor,
                now=now,
                key=str(draft_round(session, breach.id)),
            )
        approved = [d for d in current_documents(session, breach.id) if d.approved_at is None]
        for document in approved:
            approve_document(
                session=session,
                document_id=document.id,
                approved_by=approval.decided_by,
                now=now,
                actor=actor,
            )
        return apply(
            session=session,
            settings=settings,
            breach=breach,
            event=Event.APPROVED,
            actor=actor,
            now=now,
            key=str(decision_count(session, breach.id, Decision.FILING) + 1),
            alert={"key": str(current), "documents_count": len(approved)},
        )

"""Filing: the DPO files in the GBA portal and sends the notices, `record-filing` applies it;
Part 2 follows a Part 1 within 21 days (Art. 33(4)), drafted, approved and filed like Part 1.
Each filing makes the breach register entry anew (Art. 33(5))."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session

from breachflow.services.anchoring import anchor_audit_head
from breachflow.services.breach_register import record_register_entry
from breachflow.services.drafting import current_documents
from breachflow.services.drafts import DOCUMENT_FOR
from breachflow.services.obligations import ensure_planned
from breachflow.services.review import store_measures
from breachflow.services.steps import (
    apply,
    decision_count,
    draft_round,
    latest_decision,
    lock_for,
    record,
    start_step,
)
from breachflow.settings import Settings
from models.breaches import lock_breach
from models.db import session_scope
from models.documents import mark_document_filed
from models.obligations import complete_obligation, list_obligations
from models.tables import Breach, Document, Obligation
from rules.actors import decider_actor
from rules.decisions import (
    Filing,
    Part2,
    filing_event,
    problems_of_filing,
    problems_of_part2,
    refuse_if,
)
from rules.facts import parse_instant
from rules.lifecycle import Decision, Event, State, Step
from rules.obligations import ObligationKind, part2_obligation


def _answered_by_filing(obligation: Obligation, part2: bool) -> bool:
    """An open obligation the filed documents answer (not the register entry, which is kept);
    Part 2's own obligation when the round files Part 2."""
    if obligation.state != "open":
        return False
    if obligation.kind == ObligationKind.AUTHORITY_PART2.value:
        return part2
    return (
        obligation.kind in DOCUMENT_FOR and obligation.kind != ObligationKind.REGISTER_ENTRY.value
    )


def _to_file(session: Session, breach_id: uuid.UUID) -> list[Document]:
    """The current round's drafts whose obligation still stands: a notification no longer
    required (cancelled by new facts or the DPO's outcome) is not filed and asks for nothing."""
    cancelled = {
        o.id
        for o in list_obligations(session=session, breach_id=breach_id)
        if o.state == "cancelled"
    }
    return [d for d in current_documents(session, breach_id) if d.obligation_id not in cancelled]


def _is_part2(documents: list[Document]) -> bool:
    return any(d.kind == "gba_notification" and d.completeness == "part2" for d in documents)


def record_filing_decision(
    *,
    engine: Engine,
    settings: Settings,
    breach_id: uuid.UUID,
    filing: Filing,
    now: datetime,
    decided_by_email: str | None = None,
) -> Breach:
    """Keep the filing decision (the GBA's DBN reference, the time filed, the notices sent);
    the `record-filing` step applies it. Refuses what the filing lacks, recording nothing. The
    reasons for a delay given at the review (or for Part 2) stand unless the DPO gives new ones.
    `decided_by_email`: the signed-in person's (None: the name was typed, not authenticated)."""
    with session_scope(engine) as session:
        breach = lock_for(session, breach_id, Decision.FILING)
        documents = _to_file(session, breach.id)
        part2 = _is_part2(documents)
        given = latest_decision(session, breach.id, Decision.PART2 if part2 else Decision.REVIEW)
        if not (filing.late_reason or "").strip() and given and given.get("late_reason"):
            filing = replace(filing, late_reason=str(given["late_reason"]))
        refuse_if(
            problems_of_filing(
                filing,
                now,
                gba_drafted=any(d.kind == "gba_notification" for d in documents),
                processor_notices_drafted=any(d.kind == "processor_notice" for d in documents),
                deadlines=[
                    o.due_at
                    for o in list_obligations(session=session, breach_id=breach.id)
                    if _answered_by_filing(o, part2)
                ],
            )
        )
        record(
            session,
            breach,
            Decision.FILING,
            filing.decided_by,
            filing.payload(),
            now,
            decided_by_email=decided_by_email,
        )
        start_step(
            session=session,
            breach_id=breach.id,
            step=Step.RECORD_FILING,
            key=str(decision_count(session, breach.id, Decision.FILING)),
            now=now,
        )
    return breach


def record_filing(
    *, engine: Engine, settings: Settings, breach_id: uuid.UUID, now: datetime
) -> Breach:
    """The `record-filing` step: documents marked filed or sent, the obligations they answer
    done, Part 2 planned when Part 1 was filed, the register entry made anew; then the closing
    or the Part 2 decision waits. Once committed, the audit chain's head is anchored outside
    the database (Part 1, Part 2 and complete filings alike)."""
    breach, applied = _apply_filing(engine=engine, settings=settings, breach_id=breach_id, now=now)
    if applied:
        anchor_audit_head(
            engine=engine, settings=settings, now=now, reason="filing", breach_id=breach.id
        )
    return breach


def _apply_filing(
    *, engine: Engine, settings: Settings, breach_id: uuid.UUID, now: datetime
) -> tuple[Breach, bool]:
    """`record_filing`'s transaction; (the breach, whether the filing was applied now)."""
    with session_scope(engine) as session:
        breach = lock_breach(session=session, breach_id=breach_id)
        filing = latest_decision(session, breach.id, Decision.FILING)
        if breach.state != State.APPROVED or filing is None:
            return breach, False  # done already, or nothing to apply yet
        filed_at = parse_instant(filing["filed_at"], "filed_at")
        assert filed_at is not None
        decider = decider_actor(str(filing["decided_by"]), filing.get("decided_by_email"))
        documents = _to_file(session, breach.id)
        part2 = _is_part2(documents)
        for document in documents:
            if document.filed_or_sent_at is None:
                mark_document_filed(
                    session=session,
                    document_id=document.id,
                    filed_or_sent_at=filed_at,
                    external_reference=(
                        filing["gba_reference"] if document.kind == "gba_notification" else None
                    ),
                    actor=decider,
                    now=now,
                )
        drafted = {d.obligation_id for d in documents}
        obligations = list_obligations(session=session, breach_id=breach.id)
        for obligation in obligations:
            answered = obligation.id in drafted or (
                part2 and obligation.kind == ObligationKind.AUTHORITY_PART2.value
            )
            if obligation.state == "open" and answered:
                complete_obligation(
                    session=session,
                    obligation_id=obligation.id,
                    done_at=filed_at,
                    late_reason=filing.get("late_reason"),
                    actor=decider,
                    now=now,
                )
        gba = next((d for d in documents if d.kind == "gba_notification"), None)
        follow_up = gba is not None and gba.filing == "follow_up"
        event = filing_event(gba.completeness if gba else "complete", follow_up, gba is not None)
        if event is Event.FILED_PART1:
            assert gba is not None
            entity = next(
                (str(o.terms.get("entity", "")) for o in obligations if o.id == gba.obligation_id),
                "",
            )
            ensure_planned(session, breach, part2_obligation(entity, (), filed_at), decider, now)
        amended = latest_decision(session, breach.id, Decision.FOLLOW_UP) or part2
        record_register_entry(
            session, settings, breach, now, event="amended" if amended else "filed", actor=decider
        )
        applied = apply(
            session=session,
            settings=settings,
            breach=breach,
            event=event,
            actor=decider,
            now=now,
            key="1"
            if event is Event.FILED_PART1
            else str(decision_count(session, breach.id, Decision.FILING)),
            alert={
                "key": str(draft_round(session, breach.id)),
                "completeness": "part1" if event is Event.FILED_PART1 else "complete",
                "filed_at": filed_at.isoformat(),
                "authority_reference": filing.get("gba_reference"),
            },
        )
        return applied, True


def record_part2(
    *,
    engine: Engine,
    settings: Settings,
    breach_id: uuid.UUID,
    part2: Part2,
    now: datetime,
    decided_by_email: str | None = None,
) -> Breach:
    """Part 2 prepared: the measures brought up to date (an empty list keeps the recorded one);
    then the complete notification is drafted with what changed since Part 1, approved and
    filed like Part 1 (Art. 33(4)). `decided_by_email`: the signed-in person's (None: the name
    was typed, not authenticated)."""
    actor = decider_actor(part2.decided_by, decided_by_email)
    with session_scope(engine) as session:
        breach = lock_for(session, breach_id, Decision.PART2)
        open_part2 = [
            o
            for o in list_obligations(session=session, breach_id=breach.id)
            if o.kind == ObligationKind.AUTHORITY_PART2.value and o.state == "open"
        ]
        refuse_if(problems_of_part2(part2, now, deadlines=[o.due_at for o in open_part2]))
        breach = store_measures(
            session, breach, part2.measures_taken, part2.measures_planned, actor, now
        )
        record(
            session,
            breach,
            Decision.PART2,
            part2.decided_by,
            part2.payload(),
            now,
            decided_by_email=decided_by_email,
        )
        return apply(
            session=session,
            settings=settings,
            breach=breach,
            event=Event.PART2_RECORDED,
            actor=actor,
            now=now,
            key=f"part2-{draft_round(session, breach.id)}",
        )

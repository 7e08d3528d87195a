"""Filing: the DPO files in the GBA portal and sends the notices, `record-filing` applies it;
Part 2 follows a Part 1 within 21 days (Art. 33(4))."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Engine

from breachflow.services.anchoring import anchor_audit_head
from breachflow.services.drafting import DOCUMENT_FOR, current_documents
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
from models.tables import Breach, Obligation
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


def _answered_by_filing(obligation: Obligation) -> bool:
    """An open obligation the filed documents answer (not the register entry, which is kept)."""
    return (
        obligation.state == "open"
        and obligation.kind in DOCUMENT_FOR
        and obligation.kind != ObligationKind.REGISTER_ENTRY.value
    )


def record_filing_decision(
    *, engine: Engine, settings: Settings, breach_id: uuid.UUID, filing: Filing, now: datetime
) -> Breach:
    """Keep the filing decision (the GBA's DBN reference, the time filed, the notices sent);
    the `record-filing` step applies it. Refuses what the filing lacks, recording nothing."""
    with session_scope(engine) as session:
        breach = lock_for(session, breach_id, Decision.FILING)
        documents = current_documents(session, breach.id)
        refuse_if(
            problems_of_filing(
                filing,
                now,
                gba_drafted=any(d.kind == "gba_notification" for d in documents),
                processor_notices_drafted=any(d.kind == "processor_notice" for d in documents),
                deadlines=[
                    o.due_at
                    for o in list_obligations(session=session, breach_id=breach.id)
                    if _answered_by_filing(o)
                ],
            )
        )
        record(session, breach, Decision.FILING, filing.decided_by, filing.payload(), now)
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
    done, Part 2 planned when Part 1 was filed; then the closing or the Part 2 decision waits.
    Once committed, the audit chain's head is anchored outside the database."""
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
        review = latest_decision(session, breach.id, Decision.REVIEW) or {}
        filed_at = parse_instant(filing["filed_at"], "filed_at")
        assert filed_at is not None
        decider = str(filing["decided_by"])
        documents = current_documents(session, breach.id)
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
            if obligation.state == "open" and obligation.id in drafted:
                complete_obligation(
                    session=session,
                    obligation_id=obligation.id,
                    done_at=filed_at,
                    late_reason=filing.get("late_reason"),
                    actor=decider,
                    now=now,
                )
        gba = next((d for d in documents if d.kind == "gba_notification"), None)
        follow_up = latest_decision(session, breach.id, Decision.FOLLOW_UP) is not None
        event = filing_event(
            str(review.get("completeness", "complete")), follow_up, gba is not None
        )
        if event is Event.FILED_PART1:
            assert gba is not None
            entity = next(
                (str(o.terms.get("entity", "")) for o in obligations if o.id == gba.obligation_id),
                "",
            )
            ensure_planned(session, breach, part2_obligation(entity, (), filed_at), decider, now)
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
    *, engine: Engine, settings: Settings, breach_id: uuid.UUID, part2: Part2, now: datetime
) -> Breach:
    """Part 2 filed in the GBA portal: its obligation done, the measures brought up to date (an
    empty list keeps the recorded one); then the closing waits. Anchored like a filing."""
    with session_scope(engine) as session:
        breach = lock_for(session, breach_id, Decision.PART2)
        open_part2 = [
            o
            for o in list_obligations(session=session, breach_id=breach.id)
            if o.kind == ObligationKind.AUTHORITY_PART2.value and o.state == "open"
        ]
        refuse_if(problems_of_part2(part2, now, deadlines=[o.due_at for o in open_part2]))
        breach = store_measures(
            session, breach, part2.measures_taken, part2.measures_planned, part2.decided_by, now
        )
        for obligation in open_part2:
            complete_obligation(
                session=session,
                obligation_id=obligation.id,
                done_at=part2.filed_at,
                late_reason=part2.late_reason,
                actor=part2.decided_by,
                now=now,
            )
        record(session, breach, Decision.PART2, part2.decided_by, part2.payload(), now)
        breach = apply(
            session=session,
            settings=settings,
            breach=breach,
            event=Event.PART2_FILED,
            actor=part2.decided_by,
            now=now,
            key="part2",
        )
    anchor_audit_head(
        engine=engine, settings=settings, now=now, reason="part2", breach_id=breach.id
    )
    return breach

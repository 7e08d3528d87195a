"""The DPO's review: awareness confirmed, facts corrected, the outcome accepted or overridden,
a complete notification or Part 1, the measures taken and planned."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session

from breachflow.services.assessment import merged_facts, store_assessment
from breachflow.services.in_force import Override
from breachflow.services.processing_register import processing_register_of
from breachflow.services.steps import SYSTEM, apply, lock_for, record
from breachflow.settings import Settings
from models.breaches import lock_breach, set_aware_at, set_measures, update_breach
from models.db import session_scope
from models.tables import Breach
from rules.actors import decider_actor
from rules.decisions import (
    DecisionRefused,
    Review,
    problems_of_delay,
    problems_of_review,
    refuse_if,
)
from rules.facts import parse_facts
from rules.lifecycle import Decision, Event, State
from rules.measures import RecordedMeasures


def open_review(
    *, engine: Engine, settings: Settings, breach_id: uuid.UUID, now: datetime
) -> Breach:
    """The review run has published what the DPO decides on and waits: `awaiting_review`."""
    with session_scope(engine) as session:
        breach = lock_breach(session=session, breach_id=breach_id)
        if breach.state != State.ASSESSED:
            return breach
        return apply(
            session=session,
            settings=settings,
            breach=breach,
            event=Event.REVIEW_OPENED,
            actor=SYSTEM,
            now=now,
            alert={"decision": "review", "key": "review"},
        )


def record_review(
    *,
    engine: Engine,
    settings: Settings,
    breach_id: uuid.UUID,
    review: Review,
    now: datetime,
    decided_by_email: str | None = None,
) -> Breach:
    """Record the review, then draft: the obligations follow the outcome in force, those it no
    longer requires cancelled in the DPO's name. Refuses invalid input, recording nothing (a
    GBA notification past its 72 hours without the reasons for the delay included).
    `decided_by_email`: the signed-in person's (None: the name was typed, not authenticated)."""
    actor = decider_actor(review.decided_by, decided_by_email)
    with session_scope(engine) as session:
        breach = lock_for(session, breach_id, Decision.REVIEW)
        recorded = {
            "occurred_from": breach.occurred_from,
            "occurred_to": breach.occurred_to,
            "detected_at": breach.detected_at,
        }
        refuse_if(problems_of_review(review, now, recorded=recorded))
        if review.activities:
            breach = store_activities(session, settings, breach, review, actor, now)
        if review.facts_update:
            try:
                facts = merged_facts(breach, review.facts_update)
            except ValueError as exc:
                raise DecisionRefused("facts", str(exc)) from exc
            register = processing_register_of(settings)
            unknown = [
                s.activity
                for s in parse_facts(facts).scopes
                if s.activity not in register.activities
            ]
            if unknown:
                raise DecisionRefused(
                    "facts", f"scopes: {', '.join(unknown)} not in the register of activities"
                )
            breach = update_breach(
                session=session,
                breach_id=breach.id,
                changes={"facts": facts},
                actor=actor,
                now=now,
            )
        if review.aware_at != breach.aware_at:
            breach = set_aware_at(
                session=session,
                breach_id=breach.id,
                aware_at=review.aware_at,
                set_by=actor,
                gap_reason=review.aware_gap_reason,
                now=now,
            )
        breach = store_measures(
            session, breach, review.measures_taken, review.measures_planned, actor, now
        )
        risk = review.override
        override = (
            None
            if risk is None
            else Override(risk, review.override_reason or "", review.decided_by)
        )
        in_force = store_assessment(
            session, settings, breach, now, override=override, cancel_as=actor
        )
        own = in_force.own
        # Art. 33(1): past the 72 hours the GBA draft states the reasons for the delay; they are
        # asked for here, before drafting (refused: nothing of this review is kept).
        deadline = own.supervisory_authority_deadline if own.notify_supervisory_authority else None
        refuse_if(problems_of_delay(review.late_reason, now, deadline, name="late_reason"))
        record(
            session,
            breach,
            Decision.REVIEW,
            review.decided_by,
            review.payload(),
            now,
            decided_by_email=decided_by_email,
        )
        return apply(
            session=session,
            settings=settings,
            breach=breach,
            event=Event.REVIEWED,
            actor=actor,
            now=now,
        )


def store_activities(
    session: Session, settings: Settings, breach: Breach, review: Review, actor: str, now: datetime
) -> Breach:
    """The affected activities as the DPO names them (each must be in the register)."""
    register = processing_register_of(settings)
    unknown = [a for a in review.activities if a not in register.activities]
    if unknown:
        raise DecisionRefused(
            "activities",
            f"{', '.join(unknown)} not in the register of processing activities; the ids are "
            + ", ".join(register.activities),
        )
    named = list(dict.fromkeys(review.activities))
    if named == list(breach.affected_activity_ids):
        return breach
    return update_breach(
        session=session,
        breach_id=breach.id,
        changes={"affected_activity_ids": named},
        actor=actor,
        now=now,
    )


def recorded_measures(breach: Breach) -> RecordedMeasures:
    """The measures recorded with a breach (none recorded: both empty)."""
    return RecordedMeasures(tuple(breach.measures_taken), tuple(breach.measures_planned))


def store_measures(
    session: Session,
    breach: Breach,
    taken: Sequence[str],
    planned: Sequence[str],
    actor: str,
    now: datetime,
) -> Breach:
    """Record the measures entered (an empty list keeps the recorded one); unchanged: nothing
    written."""
    current = recorded_measures(breach)
    measures = current.updated(taken, planned)
    if measures == current:
        return breach
    return set_measures(
        session=session,
        breach_id=breach.id,
        taken=measures.taken,
        planned=measures.planned,
        actor=actor,
        now=now,
    )

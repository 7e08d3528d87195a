"""Reports of one incident: likely duplicates suggested, and a report linked to its breach.

One incident at a payroll processor makes every client report it. The DPO links each such
report to the breach already being handled: the report's facts become new facts of that breach,
its client's activities become affected activities of it (so the breach gets a notice to that
client, Art. 33(2)), and the report itself ends, merged. The incident is then assessed, drafted
and filed once, with a notice per client.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from breachflow.services.assessment import take_new_facts
from breachflow.services.processing_register import processing_register_of
from breachflow.services.steps import apply, close_waiting_run, lock_for, record
from breachflow.settings import Settings
from models.breaches import list_breaches, lock_breach
from models.db import session_scope
from models.obligations import cancel_obligation, list_obligations
from models.tables import Breach
from rules.actors import decider_actor
from rules.codes import UNKNOWN
from rules.decisions import DecisionRefused
from rules.lifecycle import FINAL, OPEN, Decision, Event, State, Step
from rules.processing_register import ProcessingRegister

# Reports detected this close together may be about one incident.
SAME_WINDOW = timedelta(hours=48)


@dataclass(frozen=True)
class LikelyDuplicate:
    """Another open breach that may be the same incident, and why: the activities both
    touch, else the systems they share (register ids and system names; a page words them)."""

    reference: str
    activities: tuple[str, ...] = ()
    systems: tuple[str, ...] = ()


def _known(facts: dict[str, Any]) -> dict[str, Any]:
    """The facts the report knows (an unknown one would overwrite what the breach knows)."""
    known: dict[str, Any] = {}
    for name, value in facts.items():
        if value is None or value == UNKNOWN or name in ("aware_at", "scopes"):
            continue
        if name == "subjects" and isinstance(value, dict):
            value = {k: v for k, v in value.items() if v not in (None, UNKNOWN, [])}
            if not value:
                continue
        known[name] = value
    return known


def link_report(
    *,
    engine: Engine,
    settings: Settings,
    report_id: uuid.UUID,
    into_id: uuid.UUID,
    decided_by: str,
    now: datetime,
    decided_by_email: str | None = None,
) -> Breach:
    """Link a report, not yet reviewed, to the breach of the same incident; the breach linked
    into. Refuses a breach linked to itself or to one that has ended. `decided_by_email`: the
    signed-in person's (None: the name was typed, not authenticated)."""
    if not decided_by.strip():
        raise DecisionRefused("decided_by", "say who decides")
    if report_id == into_id:
        raise DecisionRefused("into", "a report cannot be linked to itself")
    with session_scope(engine) as session:
        report = lock_for(session, report_id, Decision.LINK)
        target = lock_breach(session=session, breach_id=into_id)
        if State(target.state) in FINAL:
            raise DecisionRefused("into", f"{target.reference} has ended: link to an open breach")
        actor = decider_actor(decided_by, decided_by_email)
        record(
            session,
            report,
            Decision.LINK,
            decided_by,
            {"into": target.reference},
            now,
            decided_by_email=decided_by_email,
        )
        record(
            session,
            target,
            Decision.LINK,
            decided_by,
            {"linked": report.reference, "facts": _known(report.facts)},
            now,
            decided_by_email=decided_by_email,
        )
        for obligation in list_obligations(session=session, breach_id=report.id):
            if obligation.state == "open":
                cancel_obligation(
                    session=session,
                    obligation_id=obligation.id,
                    reason=f"the report was linked to {target.reference}, the same incident",
                    actor=actor,
                    now=now,
                )
        apply(
            session=session,
            settings=settings,
            breach=report,
            event=Event.MERGED,
            actor=actor,
            now=now,
        )
        close_waiting_run(session, report.id, Step.REVIEW, 1, decided_by, now)
        return take_new_facts(
            session,
            settings,
            target,
            _known(report.facts),
            actor,
            now,
            activities=report.affected_activity_ids,
        )


def likely_duplicates(
    session: Session, settings: Settings, breach: Breach
) -> list[LikelyDuplicate]:
    """Open breaches detected within 48 hours of this one that share an activity or a system
    with it: candidates for `link_report`, the DPO decides."""
    register = processing_register_of(settings)
    mine = _systems(register, breach.affected_activity_ids)
    found = []
    for other in list_breaches(session=session, states=[s.value for s in OPEN]):
        if other.id == breach.id or abs(other.detected_at - breach.detected_at) > SAME_WINDOW:
            continue
        shared = set(other.affected_activity_ids) & set(breach.affected_activity_ids)
        systems = mine & _systems(register, other.affected_activity_ids)
        if shared:
            found.append(LikelyDuplicate(other.reference, activities=tuple(sorted(shared))))
        elif systems:
            found.append(LikelyDuplicate(other.reference, systems=tuple(sorted(systems))))
    return found


def _systems(register: ProcessingRegister, activity_ids: list[str]) -> set[str]:
    return {
        system
        for activity_id in activity_ids
        if activity_id in register.activities
        for system in register.activity(activity_id).systems
    }

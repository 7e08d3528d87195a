"""Taking a decision from breachflow's pages or API: every call into the decision services is
here, each in the signed-in person's name (`decided_by` is the account's name, never typed).

`decide` reads the entered fields, adds the problems the rules find in the rest, and only when
there is none calls the service, which checks again against the stored breach and records the
decision with its `decision.close` effect (the worker completes the waiting Prefect run).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from breachflow import services
from breachflow.services.people import Person
from breachflow.services.steps import draft_round
from breachflow.settings import Settings
from intake.decision_forms import Entered, brussels_input, read_entered
from models.db import read_scope
from models.tables import Breach
from rules.decisions import (
    Approval,
    Closing,
    DecisionRefused,
    Filing,
    Part2,
    Problem,
    Review,
    problems_of_approval,
    problems_of_closing,
    problems_of_measures,
    problems_of_review,
)
from rules.lifecycle import Decision, WrongState

STALE = "decision"  # the field of "no longer waiting" (taken meanwhile, elsewhere)


def defaults(kind: Decision, breach: Breach, current_round: int, now: datetime) -> dict[str, Any]:
    """The recommended course, as form values: accept the assessed outcome with the recorded
    awareness time, approve this round, file now. (Texts the person must write stay empty.)"""
    if kind is Decision.REVIEW:
        return {
            "aware_at": brussels_input(breach.aware_at),
            "aware_gap_reason": "",
            "outcome": "accept",
            "override_reason": "",
            "completeness": "complete",
            "activities": list(breach.affected_activity_ids),
            "measures_taken": list(breach.measures_taken),
            "measures_planned": list(breach.measures_planned),
            "client_description": "",
            "late_reason": "",
            "confirm_before_gdpr": False,
        }
    if kind is Decision.APPROVAL:
        return {"action": "approve", "remarks": "", "version": current_round}
    if kind is Decision.FILING:
        return {
            "filed_at": brussels_input(now),
            "gba_reference": "",
            "processor_notices_sent": False,
            "late_reason": "",
        }
    if kind is Decision.PART2:
        return {
            "late_reason": "",
            "measures_taken": list(breach.measures_taken),
            "measures_planned": list(breach.measures_planned),
        }
    return {"root_cause": "", "lessons_learned": ""}


def _text(entered: Entered, name: str) -> str | None:
    value = entered.values.get(name)
    return value if isinstance(value, str) and value else None


def _review(entered: Entered, breach: Breach, who: str) -> Review:
    v = entered.values
    return Review(
        decided_by=who,
        aware_at=v["aware_at"] or breach.aware_at,
        aware_gap_reason=_text(entered, "aware_gap_reason"),
        outcome=v["outcome"] or "accept",
        override_reason=_text(entered, "override_reason"),
        completeness=v["completeness"] or "complete",
        activities=tuple(v["activities"]),
        measures_taken=tuple(v["measures_taken"]),
        measures_planned=tuple(v["measures_planned"]),
        client_description=_text(entered, "client_description"),
        late_reason=_text(entered, "late_reason"),
        confirm_before_gdpr=bool(v["confirm_before_gdpr"]),
    )


def _built(
    kind: Decision, entered: Entered, breach: Breach, who: str, current_round: int, now: datetime
) -> tuple[Any, list[Problem]]:
    """The decision (broken fields replaced by their defaults) and what the rules find in it."""
    v = entered.values
    if kind is Decision.REVIEW:
        review = _review(entered, breach, who)
        recorded = {
            "occurred_from": breach.occurred_from,
            "occurred_to": breach.occurred_to,
            "detected_at": breach.detected_at,
        }
        return review, problems_of_review(review, now, recorded=recorded)
    if kind is Decision.APPROVAL:
        approval = Approval(
            decided_by=who,
            action=v["action"] or "approve",
            remarks=_text(entered, "remarks"),
            version=v["version"],
        )
        return approval, problems_of_approval(approval, current_round)
    if kind is Decision.FILING:
        filing = Filing(
            decided_by=who,
            filed_at=v["filed_at"] or now,
            gba_reference=_text(entered, "gba_reference"),
            processor_notices_sent=bool(v["processor_notices_sent"]),
            late_reason=_text(entered, "late_reason"),
        )
        return filing, []  # its checks need the drafts and deadlines: the service's
    if kind is Decision.PART2:
        part2 = Part2(
            decided_by=who,
            late_reason=_text(entered, "late_reason"),
            measures_taken=tuple(v["measures_taken"]),
            measures_planned=tuple(v["measures_planned"]),
        )
        return part2, problems_of_measures(part2.measures_taken, part2.measures_planned)
    closing = Closing(
        decided_by=who,
        root_cause=v["root_cause"] or "",
        lessons_learned=v["lessons_learned"] or "",
    )
    return closing, problems_of_closing(closing)


def _record(
    kind: Decision,
    decision: Any,
    engine: Engine,
    settings: Settings,
    breach: Breach,
    person: Person,
    now: datetime,
) -> None:
    """The one place the pages and the API call the decision services: the decision carries
    the person's name, its author their account's e-mail (signed in: `rules.actors`)."""
    args: dict[str, Any] = {
        "engine": engine,
        "settings": settings,
        "breach_id": breach.id,
        "now": now,
        "decided_by_email": person.email,
    }
    if kind is Decision.REVIEW:
        services.record_review(**args, review=decision)
    elif kind is Decision.APPROVAL:
        services.record_approval(**args, approval=decision)
    elif kind is Decision.FILING:
        services.record_filing_decision(**args, filing=decision)
    elif kind is Decision.PART2:
        services.record_part2(**args, part2=decision)
    else:
        services.record_closing(**args, closing=decision)


def decide(
    *,
    engine: Engine,
    settings: Settings,
    person: Person,
    kind: Decision,
    breach: Breach,
    raw: Mapping[str, Any],
    now: datetime,
) -> list[Problem]:
    """Record the decision in `person`'s name; [] when recorded, else every problem (nothing
    recorded). An approval is checked against the drafting round current now."""
    with read_scope(engine) as session:
        current_round = draft_round(session, breach.id)
    entered = read_entered(kind, raw)
    decision, found = _built(kind, entered, breach, person.name, current_round, now)
    broken = entered.problem_fields()
    problems = entered.problems + [p for p in found if p.field not in broken]
    if problems:
        return problems
    try:
        _record(kind, decision, engine, settings, breach, person, now)
    except DecisionRefused as refused:
        return list(refused.problems)
    except WrongState as moved:
        return [Problem(STALE, moved.explain(breach.reference))]
    return []

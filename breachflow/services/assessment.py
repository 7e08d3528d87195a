"""Assessment: the rules' outcome for a breach's facts, the DPO's override, and new facts.

`assessment_in_force` is what every duty follows (`breachflow.services.in_force`): the rules'
assessment of the current facts (awareness as confirmed on the breach row), per controller's
scope, with the DPO's latest override. A new assessment version is stored only when its inputs
or the override changed.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from breachflow.services.in_force import InForce, Override
from breachflow.services.obligations import reporting_client, sync_obligations
from breachflow.services.processing_register import processing_register_of
from breachflow.services.steps import (
    SYSTEM,
    apply,
    draft_round,
    filing_recorded,
    record,
)
from breachflow.settings import Settings
from models.assessments import add_assessment, latest_assessment
from models.audit import to_jsonable
from models.breaches import lock_breach, update_breach
from models.db import session_scope
from models.tables import Assessment as StoredAssessment
from models.tables import AssessmentCreate, Breach
from rules.codes import Risk
from rules.facts import facts_to_dict, merge_facts, parse_facts
from rules.lifecycle import Decision, Event, State
from rules.scopes import ScopedAssessment, assess_scopes


def assessment_of(
    session: Session, settings: Settings, breach: Breach, now: datetime
) -> ScopedAssessment:
    """The rules' assessments of the breach's facts (awareness from the breach row): the
    breach-wide one and each controller's own scope."""
    facts = parse_facts({**breach.facts, "aware_at": breach.aware_at.isoformat()})
    return assess_scopes(
        facts,
        processing_register_of(settings),
        breach.affected_activity_ids,
        now=now,
        reported_by_client=reporting_client(session, breach),
    )


def override_of(row: StoredAssessment | None) -> Override | None:
    """The override an assessment row carries, if any."""
    if row is None or not row.override_outcome:
        return None
    return Override(Risk(row.override_outcome), row.override_reason or "", row.decided_by or "")


def assessment_in_force(
    session: Session, settings: Settings, breach: Breach, now: datetime
) -> InForce:
    """The assessments the duties follow (see the module docstring)."""
    latest = latest_assessment(session=session, breach_id=breach.id)
    return InForce(assessment_of(session, settings, breach, now), override_of(latest))


def store_assessment(
    session: Session,
    settings: Settings,
    breach: Breach,
    now: datetime,
    *,
    override: Override | None = None,
    cancel_as: str | None = None,
) -> InForce:
    """Store a new assessment version when the inputs or the override changed, and bring the
    obligations in line with the assessment in force. Without a new `override` the latest one
    stays in force: new facts never undo the DPO's decision. `cancel_as` (who decides) lets the
    obligations no longer required be cancelled in that person's name."""
    latest = latest_assessment(session=session, breach_id=breach.id)
    carried = override_of(latest)
    in_force = InForce(assessment_of(session, settings, breach, now), override or carried)
    result = in_force.own
    inputs = {
        "facts": facts_to_dict(in_force.scoped.breach.facts),
        "activities": list(breach.affected_activity_ids),
    }
    if latest is None or latest.inputs != to_jsonable(inputs) or in_force.override != carried:
        # The outcome of our own duties, as the DPO reviews it, with every scope beside it and
        # whose data the breach touches (the security team's messages name them).
        scoped = in_force.scoped.to_contract()
        contract = {
            **result.to_contract(),
            "scopes": scoped["scopes"],
            "parties": scoped["parties"],
        }
        add_assessment(
            session=session,
            breach_id=breach.id,
            assessment_in=AssessmentCreate(
                inputs=inputs,
                severity=contract["severity"],
                # The outcome in force; an overridden row also keeps the rules' own outcome.
                outcome=(
                    {**contract, "overridden_from": result.overridden_from.value}
                    if result.overridden_from
                    else contract
                ),
                assumptions=contract["assumptions"],
                reasons=contract["reasons"],
                override_outcome=in_force.override.risk.value if in_force.override else None,
                override_reason=in_force.override.reason if in_force.override else None,
                decided_by=in_force.override.decided_by if in_force.override else None,
            ),
            actor=override.decided_by if override else SYSTEM,
            now=now,
        )
    sync_obligations(session, settings, breach, in_force, now, cancel_as=cancel_as)
    return in_force


def run_assessment(
    *, engine: Engine, settings: Settings, breach_id: uuid.UUID, now: datetime
) -> Breach:
    """The `assess-breach` step: roles, assessment, obligations; then the review waits for the
    DPO at once (on breachflow's pages, and in Prefect once its decision run is open)."""
    with session_scope(engine) as session:
        breach = lock_breach(session=session, breach_id=breach_id)
        if breach.state != State.RECEIVED:
            return breach  # already done (a re-run): nothing to add
        store_assessment(session, settings, breach, now)
        breach = apply(
            session=session,
            settings=settings,
            breach=breach,
            event=Event.ASSESSED,
            actor=SYSTEM,
            now=now,
        )
        return apply(
            session=session,
            settings=settings,
            breach=breach,
            event=Event.REVIEW_OPENED,
            actor=SYSTEM,
            now=now,
            alert={"decision": "review", "key": "review"},
        )


def merged_facts(breach: Breach, facts_update: Mapping[str, Any]) -> dict[str, Any]:
    """The breach's facts with `facts_update` merged over them (ValueError names the field)."""
    return merge_facts(breach.facts, facts_update)


def add_facts(
    *,
    engine: Engine,
    settings: Settings,
    breach_id: uuid.UUID,
    facts_update: Mapping[str, Any],
    actor: str,
    now: datetime,
) -> Breach:
    """New facts. Before the review: merged, re-assessed, the pending review shows them. While
    drafts wait for approval or filing: a new drafting round replaces them (no draft that
    predates the facts is approved or filed). After filing: a `follow_up` notification round
    (re-assessed, drafted with what changed)."""
    with session_scope(engine) as session:
        breach = lock_breach(session=session, breach_id=breach_id)
        return take_new_facts(session, settings, breach, facts_update, actor, now)


def take_new_facts(
    session: Session,
    settings: Settings,
    breach: Breach,
    facts_update: Mapping[str, Any],
    actor: str,
    now: datetime,
    *,
    activities: Sequence[str] = (),
) -> Breach:
    """`add_facts` inside the caller's transaction, on the locked breach; `activities` are
    added to the affected ones (a report of the same incident linked to it)."""
    changes: dict[str, Any] = {"facts": merged_facts(breach, facts_update)}
    if activities:
        changes["affected_activity_ids"] = list(
            dict.fromkeys([*breach.affected_activity_ids, *activities])
        )
    breach = update_breach(
        session=session, breach_id=breach.id, changes=changes, actor=actor, now=now
    )
    state = State(breach.state)
    if state is State.RECEIVED:
        return breach  # the pending assessment will read them
    # Before the DPO's review, duties are only added: a lower outcome from new facts waits for
    # the review to drop one (when in doubt, act promptly; EDPB 9/2022).
    reviewed = state not in (State.ASSESSED, State.AWAITING_REVIEW)
    store_assessment(session, settings, breach, now, cancel_as=actor if reviewed else None)
    if state in (State.FILED, State.PART2_DUE, State.CLOSED):
        decision = Decision.FOLLOW_UP
    elif state is State.AWAITING_APPROVAL or (
        state is State.APPROVED and not filing_recorded(session, breach.id)
    ):
        decision = Decision.REDRAFT
    else:
        return breach  # drafting reads them; a filing on its way is followed up after
    record(session, breach, decision, actor, {"facts_update": facts_update}, now, actor=actor)
    return apply(
        session=session,
        settings=settings,
        breach=breach,
        event=Event.NEW_FACTS,
        actor=actor,
        now=now,
        key=f"{decision.value.replace('_', '-')}-{draft_round(session, breach.id)}",
    )

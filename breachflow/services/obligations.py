"""Obligations follow the assessment in force: created when required, cancelled when not.

Idempotent: an obligation is unique per (breach, kind, party, activity), so planning again adds
nothing; reminders are brought in line in the same transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from breachflow.clock.planning import plan_reminders_for_breach
from breachflow.services.in_force import InForce
from breachflow.services.processing_register import processing_register_of
from breachflow.services.steps import SYSTEM
from breachflow.settings import Settings
from models.access import get_client
from models.obligations import cancel_obligation, ensure_obligation, list_obligations
from models.tables import Breach, ObligationCreate
from rules.assessment import Assessment
from rules.obligations import ObligationKind, PlannedObligation, plan_obligations, supersedes
from rules.roles import resolve_duties

# The obligations whose existence depends on the outcome (Art. 33(1), 33(4), 34(1), 34(3)(c)).
# Processor notices, assistance, scope checks, register entries and the NIS2 reports do not:
# they are never cancelled here.
OUTCOME_KINDS = frozenset(
    {
        ObligationKind.AUTHORITY_NOTIFICATION.value,
        ObligationKind.AUTHORITY_PART2.value,
        ObligationKind.SUBJECT_COMMUNICATION.value,
        ObligationKind.PUBLIC_COMMUNICATION.value,
    }
)


def reporting_client(session: Session, breach: Breach) -> str | None:
    """The register id of the client that reported the breach (None: we found it ourselves)."""
    if breach.client_id is None:
        return None
    client = get_client(session=session, client_id=breach.client_id)
    return client.code if client else None


def ensure_planned(
    session: Session, breach: Breach, plan: PlannedObligation, actor: str, now: datetime
) -> bool:
    """Store one planned obligation unless it exists; True when it was created."""
    _, created = ensure_obligation(
        session=session,
        obligation_in=ObligationCreate(
            breach_id=breach.id,
            kind=plan.kind.value,
            party=plan.party,
            activity_id=",".join(plan.activities),
            due_at=plan.due_at,
            terms={**plan.terms, "entity": plan.entity, "warnings": list(plan.warnings)},
        ),
        actor=actor,
        now=now,
    )
    return created


def sync_obligations(
    session: Session,
    settings: Settings,
    breach: Breach,
    in_force: InForce,
    now: datetime,
    *,
    cancel_as: str | None,
) -> int:
    """Create the obligations `in_force` requires, each duty's from its own scope's
    assessment; with `cancel_as`, cancel the open outcome-dependent ones no longer required, in
    that person's name; bring the reminders in line (cancelled obligations lose theirs).
    Returns how many were created."""
    register = processing_register_of(settings)
    # The activities the scopes were assessed for: the affected ones and any a scope names
    # (or, none named on a client's report, the client's, as the worst case).
    affected = list(in_force.scoped.activities)
    duties = resolve_duties(
        register, affected, reported_by_client=reporting_client(session, breach)
    )
    plans = [
        plan
        for duty in duties
        for plan in plan_obligations([duty], in_force.for_duty(duty), register)
    ]
    created = sum(ensure_planned(session, breach, plan, SYSTEM, now) for plan in plans)
    _cancel_superseded(session, breach, plans, cancel_as or SYSTEM, now, narrowing=bool(cancel_as))
    if cancel_as is not None:
        required = {p.kind.value for p in plans}
        _cancel_unrequired(session, breach, in_force.own, required, cancel_as, now)
        _cancel_unaffected(session, breach, set(affected), cancel_as, now)
    plan_reminders_for_breach(session=session, breach_id=breach.id, settings=settings, now=now)
    return created


def _cancel_superseded(
    session: Session,
    breach: Breach,
    plans: list[PlannedObligation],
    actor: str,
    now: datetime,
    *,
    narrowing: bool,
) -> None:
    """Cancel the open obligations a plan for other activities replaces (`supersedes`): one
    duty is then held once, not once per list of activities it was ever planned for."""
    for obligation in list_obligations(session=session, breach_id=breach.id):
        if obligation.state != "open":
            continue
        held = [a for a in obligation.activity_id.split(",") if a]
        replacing = next(
            (
                plan
                for plan in plans
                if plan.kind.value == obligation.kind
                and plan.party == obligation.party
                and supersedes(plan.activities, held, narrowing=narrowing)
            ),
            None,
        )
        if replacing is None:
            continue
        cancel_obligation(
            session=session,
            obligation_id=obligation.id,
            reason="replaced by the same duty for the activities now affected "
            f"({', '.join(replacing.activities)})",
            actor=actor,
            now=now,
        )


def _cancel_unrequired(
    session: Session,
    breach: Breach,
    in_force: Assessment,
    required: set[str],
    actor: str,
    now: datetime,
) -> None:
    """Cancel the open outcome-dependent obligations `in_force` no longer requires; done ones
    and those of other kinds stay (they do not depend on the outcome)."""
    if in_force.notify_supervisory_authority:
        required = required | {ObligationKind.AUTHORITY_PART2.value}  # planned at Part 1
    for obligation in list_obligations(session=session, breach_id=breach.id):
        if (
            obligation.state != "open"
            or obligation.kind not in OUTCOME_KINDS
            or obligation.kind in required
        ):
            continue
        if (
            obligation.kind == ObligationKind.AUTHORITY_PART2.value
            and obligation.due_at is not None
            and obligation.due_at <= now
        ):
            continue  # already due: the DPO completes or explains it, it is not dropped
        cancel_obligation(
            session=session,
            obligation_id=obligation.id,
            reason=_no_longer_required(in_force),
            actor=actor,
            now=now,
        )


def _cancel_unaffected(
    session: Session, breach: Breach, affected: set[str], actor: str, now: datetime
) -> None:
    """Cancel the open obligations none of whose activities is affected any more: planned for
    activities taken as the worst case, they lapse once the DPO names the affected ones."""
    for obligation in list_obligations(session=session, breach_id=breach.id):
        activities = {a for a in obligation.activity_id.split(",") if a}
        if obligation.state != "open" or not activities or activities & affected:
            continue
        cancel_obligation(
            session=session,
            obligation_id=obligation.id,
            reason="no longer required: none of its activities is affected "
            f"({', '.join(sorted(activities))})",
            actor=actor,
            now=now,
        )


def _no_longer_required(in_force: Assessment) -> str:
    """Why an outcome-dependent obligation was cancelled: the outcome in force and its basis."""
    first = in_force.reasons[0] if in_force.reasons else None
    basis = f" ({first.article}: {first.text})" if first else ""
    return f"no longer required: the outcome in force is '{in_force.risk.value}'{basis}"

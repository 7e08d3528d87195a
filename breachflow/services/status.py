"""Where one breach stands, for a person: state, outcome in force, deadlines, waiting decision.

`breachflow status REF` prints it; a page can show the same. The outcome in force is the
latest assessment's (the DPO's override when there is one, with the rules' own outcome and
the DPO's reason beside it); the deadlines are the open obligations, nearest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine

from breachflow.services.accountability import UnknownBreach
from breachflow.services.processing_register import processing_register_of
from breachflow.services.steps import decision_page_id, filing_recorded
from breachflow.settings import Settings
from models.assessments import latest_assessment
from models.breaches import NotFoundError, get_breach_by_reference
from models.db import read_scope
from models.obligations import list_obligations
from rules.codes import Risk
from rules.lifecycle import Decision, State, expected_step, waiting_decision

__all__ = ["BreachStatus", "DeadlineStatus", "Outcome", "breach_status"]

_NEVER = datetime.max.replace(tzinfo=UTC)  # obligations without a fixed time come last


@dataclass(frozen=True)
class Outcome:
    """The outcome in force; `rules_risk` and `reason` when the DPO changed it."""

    risk: Risk
    rules_risk: Risk | None = None
    changed_by: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class DeadlineStatus:
    """An open obligation: its kind (`rules.obligations.ObligationKind` value), who owes it or
    to whom (a client's or our entity's name from the register; empty for the GBA, which the
    kind names) and when it is due (None: no fixed time)."""

    obligation: str
    party: str
    due_at: datetime | None


@dataclass(frozen=True)
class BreachStatus:
    reference: str
    state: State
    outcome: Outcome | None
    deadlines: tuple[DeadlineStatus, ...]
    waiting: Decision | None
    # The waiting decision's page id (`{public_url}/decisions/{id}`), None when none waits.
    decision_page: str | None = None


def breach_status(engine: Engine, settings: Settings, reference: str) -> BreachStatus:
    """The status of breach `reference`; `UnknownBreach` when no breach has it."""
    register = processing_register_of(settings)
    with read_scope(engine) as session:
        try:
            breach = get_breach_by_reference(session=session, reference=reference)
        except NotFoundError:
            raise UnknownBreach(reference) from None
        latest = latest_assessment(session=session, breach_id=breach.id)
        outcome = None
        if latest is not None and (latest.outcome or {}).get("risk"):
            rules_risk = latest.outcome.get("overridden_from") or latest.outcome["risk"]
            if latest.override_outcome:
                outcome = Outcome(
                    Risk(latest.override_outcome),
                    Risk(rules_risk),
                    latest.decided_by,
                    latest.override_reason,
                )
            else:
                outcome = Outcome(Risk(latest.outcome["risk"]))
        deadlines = []
        for obligation in list_obligations(session=session, breach_id=breach.id):
            if obligation.state != "open":
                continue
            party = register.party_name(obligation.party)
            deadlines.append(DeadlineStatus(obligation.kind, party, obligation.due_at))
        state = State(breach.state)
        step = expected_step(state, filing_recorded=filing_recorded(session, breach.id))
        waiting = waiting_decision(step)
        page = decision_page_id(session, breach, waiting) if waiting is not None else None
    deadlines.sort(key=lambda d: (d.due_at is None, d.due_at or _NEVER, d.obligation))
    return BreachStatus(breach.reference, state, outcome, tuple(deadlines), waiting, page)

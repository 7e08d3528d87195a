"""The DPO's desk, read side: which decisions wait, who may take them, and the briefing a
decision page (and `GET /api/decisions/{id}`) shows.

A decision's id is `{reference}.{kind}.{n}`: the breach, the decision, and which time this
decision is asked on that breach (1 + how many were taken). It reads in a URL and a log, needs no
row of its own (the breach's state says what waits), and goes stale by itself once the decision
is taken or the breach moves on: a stale id answers 404 rather than deciding something else.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session

from breachflow.services.drafting import current_documents
from breachflow.services.people import Person
from breachflow.services.steps import (
    decision_page_id,
    draft_round,
    filing_recorded,
)
from models.access import open_breaches
from models.assessments import latest_assessment
from models.breaches import NotFoundError, get_breach_by_reference
from models.decisions import list_decisions
from models.documents import list_documents
from models.obligations import list_obligations
from models.tables import Breach
from rules.deadlines import hours_left
from rules.lifecycle import FINAL, Decision, State
from rules.processing_register import ProcessingRegister

# The decisions a breach waits for in each state (withdrawal is asked for, never waited on).
WAITING_IN: dict[State, Decision] = {
    State.ASSESSED: Decision.REVIEW,
    State.AWAITING_REVIEW: Decision.REVIEW,
    State.AWAITING_APPROVAL: Decision.APPROVAL,
    State.APPROVED: Decision.FILING,
    State.PART2_DUE: Decision.PART2,
    State.FILED: Decision.CLOSING,
}
DECISION_ID = re.compile(r"^(BR-\d{4}-\d{4,})\.(review|approval|filing|part2|closing)\.(\d{1,4})$")


def may_decide(person: Person, kind: Decision, register: ProcessingRegister) -> bool:
    """The DPO takes every decision; legal approves drafts when the register names it among the
    approvers; security and viewers see, but decide nothing."""
    if person.role == "dpo":
        return True
    return person.role == "legal" and kind is Decision.APPROVAL and "legal" in register.approvers


def waiting_kind(session: Session, breach: Breach) -> Decision | None:
    """The decision the breach waits for, or None."""
    kind = WAITING_IN.get(State(breach.state))
    if kind is Decision.FILING and filing_recorded(session, breach.id):
        return None  # the filing is taken; `record-filing` applies it
    return kind


@dataclass(frozen=True)
class Waiting:
    """One waiting decision, as listed."""

    id: str
    reference: str
    breach_id: uuid.UUID
    kind: Decision
    state: str
    deadline: datetime | None
    waiting_since: datetime
    may_decide: bool


def _nearest_deadline(session: Session, breach_id: uuid.UUID) -> datetime | None:
    due = [
        o.due_at
        for o in list_obligations(session=session, breach_id=breach_id)
        if o.state == "open" and o.due_at is not None
    ]
    return min(due) if due else None


def _waiting(
    session: Session, breach: Breach, person: Person, register: ProcessingRegister
) -> Waiting | None:
    kind = waiting_kind(session, breach)
    if kind is None:
        return None
    return Waiting(
        id=decision_page_id(session, breach, kind),
        reference=breach.reference,
        breach_id=breach.id,
        kind=kind,
        state=breach.state,
        deadline=_nearest_deadline(session, breach.id),
        waiting_since=breach.updated_at,
        may_decide=may_decide(person, kind, register),
    )


def waiting_decisions(
    session: Session, person: Person, register: ProcessingRegister
) -> list[Waiting]:
    """Every waiting decision (people see all; `may_decide` says which they take), those the
    person may take first, then by nearest deadline (none last), then oldest."""
    found = [
        w
        for b in open_breaches(session=session, closed_states=[s.value for s in FINAL])
        if (w := _waiting(session, b, person, register)) is not None
    ]
    return sorted(
        found,
        key=lambda w: (
            not w.may_decide,
            w.deadline is None,
            w.deadline or w.waiting_since,
            w.waiting_since,
            w.reference,
        ),
    )


def find_waiting(
    session: Session, ident: str, person: Person, register: ProcessingRegister
) -> tuple[Waiting, Breach] | None:
    """The waiting decision of this id; None when the id is malformed, unknown or stale."""
    match = DECISION_ID.match(ident)
    if match is None:
        return None
    try:
        breach = get_breach_by_reference(session=session, reference=match.group(1))
    except NotFoundError:
        return None
    waiting = _waiting(session, breach, person, register)
    if waiting is None or waiting.id != ident:
        return None
    return waiting, breach


@dataclass(frozen=True)
class Deadline:
    kind: str
    party: str
    due_at: datetime | None
    hours_left: float | None
    state: str


@dataclass(frozen=True)
class DocumentLink:
    id: uuid.UUID
    kind: str
    party: str
    language: str
    version: int
    filing: str
    completeness: str
    filed: bool


@dataclass(frozen=True)
class Briefing:
    """What the person decides on; free text is left raw here and escaped where it lands."""

    reference: str
    state: str
    description: str
    risk: str | None
    rules_risk: str | None
    override_by: str | None
    override_reason: str | None
    severity: dict[str, Any]
    reasons: list[dict[str, Any]]
    assumptions: list[str]
    aware_at: datetime
    aware_set_by: str
    detected_at: datetime | None
    facts: dict[str, Any]
    activities: list[str]
    measures_taken: list[str]
    measures_planned: list[str]
    deadlines: list[Deadline]
    drafts: list[DocumentLink]
    round: int
    decisions: list[dict[str, Any]] = field(default_factory=list)
    # The same reasons and assumptions as codes, for pages that word them in the reader's
    # language (`intake.desk_words.statements`).
    reason_codes: list[dict[str, Any]] = field(default_factory=list)
    assumption_codes: list[dict[str, Any]] = field(default_factory=list)


def _link(d: Any) -> DocumentLink:
    return DocumentLink(
        d.id,
        d.kind,
        d.party,
        d.language,
        d.version,
        d.filing,
        d.completeness,
        d.filed_or_sent_at is not None,
    )


def briefing_of(session: Session, breach: Breach, now: datetime) -> Briefing:
    assessment = latest_assessment(session=session, breach_id=breach.id)
    outcome: dict[str, Any] = assessment.outcome if assessment else {}
    overridden = assessment is not None and assessment.override_outcome is not None
    deadlines = [
        Deadline(
            o.kind,
            o.party,
            o.due_at,
            hours_left(o.due_at, now) if o.due_at and o.state == "open" else None,
            o.state,
        )
        for o in list_obligations(session=session, breach_id=breach.id)
    ]
    deadlines.sort(key=lambda d: (d.state != "open", d.due_at is None, d.due_at or now))
    return Briefing(
        reference=breach.reference,
        state=breach.state,
        description=breach.description or "",
        risk=outcome.get("risk"),
        rules_risk=outcome.get("rules_risk") if overridden else None,
        override_by=assessment.decided_by if overridden and assessment else None,
        override_reason=assessment.override_reason if overridden and assessment else None,
        severity=dict(outcome.get("severity", {})),
        reasons=list(outcome.get("reasons", [])),
        assumptions=[str(a) for a in outcome.get("assumptions", [])],
        aware_at=breach.aware_at,
        aware_set_by=breach.aware_set_by,
        detected_at=breach.detected_at,
        facts=dict(breach.facts),
        activities=list(breach.affected_activity_ids),
        measures_taken=list(breach.measures_taken),
        measures_planned=list(breach.measures_planned),
        deadlines=deadlines,
        drafts=[_link(d) for d in current_documents(session, breach.id)],
        round=draft_round(session, breach.id),
        decisions=decisions_of(session, breach.id),
        reason_codes=list(outcome.get("reason_codes", [])),
        assumption_codes=list(outcome.get("assumption_codes", [])),
    )


def decisions_of(session: Session, breach_id: uuid.UUID) -> list[dict[str, Any]]:
    """The decisions taken on a breach, oldest first (kind, who, when, what)."""
    return [
        {"kind": d.kind, "decided_by": d.decided_by, "at": d.at.isoformat(), **d.payload}
        for d in list_decisions(session=session, breach_id=breach_id)
    ]


def documents_of(session: Session, breach_id: uuid.UUID) -> list[DocumentLink]:
    """Every document version of a breach (drafts and filed), oldest first."""
    return [_link(d) for d in list_documents(session=session, breach_id=breach_id)]


def document_url(public_url: str, document_id: uuid.UUID) -> str:
    """Where a document's PDF answers (`GET /documents/{id}`, people only)."""
    return f"{public_url.rstrip('/')}/documents/{document_id}"


def people_view(session: Session, breach_id: uuid.UUID, public_url: str) -> dict[str, Any]:
    """What people see of a breach beyond the API's view: its decisions and every document."""
    return {
        "decisions": decisions_of(session, breach_id),
        "documents": [
            {
                "id": str(d.id),
                "kind": d.kind,
                "party": d.party,
                "language": d.language,
                "version": d.version,
                "filing": d.filing,
                "completeness": d.completeness,
                "filed": d.filed,
                "url": document_url(public_url, d.id),
            }
            for d in documents_of(session, breach_id)
        ],
    }

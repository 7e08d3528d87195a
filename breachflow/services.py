"""The application layer: load, call the rules, store. Used by the flows, the intake and the CLI.

Each function is one short transaction (`session_scope`): the state change, its audit events
and the outbox rows that start the next flow commit together or not at all. Every function is
idempotent: a phase or a decision that re-runs (Prefect re-runs a resumed flow from the top, a
reconciler restarts a crashed one) finds its work done and adds nothing.

The breach's state machine (DB, `breach.state`):

    received -> assessed -> awaiting_review -> drafting -> awaiting_approval -> approved
      -> filed (complete) | part2_due (part 1 filed) -> filed -> closed;  filed -> withdrawn
    awaiting_approval -> drafting (sent back); filed + new facts -> drafting (follow_up)
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from breachflow.alerts import enqueue_alert
from breachflow.clock.planning import plan_reminders_for_breach
from breachflow.measures import MEASURE_CODES, recorded_measures, unknown_codes, with_measures
from breachflow.settings import Settings
from flows import names
from flows.rendering import render_breach_document
from flows.starter import FLOW_START, enqueue_flow_start
from models.assessments import add_assessment, latest_assessment
from models.breaches import (
    create_breach,
    get_breach,
    list_breaches,
    lock_breach,
    set_aware_at,
    set_breach_state,
    update_breach,
)
from models.db import read_scope, session_scope
from models.decisions import list_decisions, record_decision
from models.documents import (
    add_document,
    approve_document,
    list_documents,
    mark_document_filed,
)
from models.obligations import (
    cancel_obligation,
    complete_obligation,
    ensure_obligation,
    list_obligations,
)
from models.outbox import list_effects
from models.tables import Assessment as StoredAssessment
from models.tables import (
    AssessmentCreate,
    Breach,
    BreachCreate,
    DecisionCreate,
    DocumentCreate,
    ObligationCreate,
)
from rules.assessment import Assessment, assess, overridden
from rules.codes import Risk
from rules.facts import facts_to_dict, merge_facts, parse_facts, parse_instant
from rules.obligations import ObligationKind, part2_obligation, plan_obligations
from rules.processing_register import ProcessingRegister, load_processing_register
from rules.roles import resolve_duties

SYSTEM = "breachflow"

# Which flow a breach in each state waits on (the reconciler restarts it when it is missing).
EXPECTED_FLOW: dict[str, str] = {
    "received": names.ASSESS_BREACH,
    "assessed": names.REVIEW_DECISION,
    "awaiting_review": names.REVIEW_DECISION,
    "drafting": names.DRAFT_DOCUMENTS,
    "awaiting_approval": names.APPROVAL_DECISION,
    "approved": names.FILING_DECISION,
    "filed": names.CLOSING_DECISION,
    "part2_due": names.PART2_DECISION,
}
OPEN_STATES = tuple(EXPECTED_FLOW)

REVIEW_OUTCOMES = ("accept", "override_to_unlikely", "override_to_risk", "override_to_high")
COMPLETENESS_CHOICES = ("complete", "part1")
APPROVAL_ACTIONS = ("approve", "send_back")


class DecisionRefused(ValueError):
    """The decision's input is invalid (the form says why); nothing was recorded."""


class WrongState(RuntimeError):
    """The breach is no longer in the state this decision or phase belongs to (stale run)."""


@lru_cache(maxsize=8)
def _processing_register_cached(path: str, mtime: float) -> ProcessingRegister:
    return load_processing_register(Path(path))


def processing_register_of(settings: Settings) -> ProcessingRegister:
    """The register file, re-read when it changes."""
    path = Path(settings.processing_register)
    return _processing_register_cached(str(path), path.stat().st_mtime)


def _alert(
    session: Session, settings: Settings, breach: Breach, event: str, now: datetime, **details: Any
) -> None:
    """Queue the Slack alert for a breach event in this transaction."""
    enqueue_alert(
        session=session, settings=settings, breach=breach, event=event, now=now, details=details
    )


def _start(session: Session, breach: Breach, deployment: str, key: str, now: datetime) -> None:
    """Enqueue the next flow in this transaction; `key` names it (repeats add nothing)."""
    enqueue_flow_start(
        session=session,
        key=f"flow:{deployment}:{breach.id}:{key}",
        deployment=deployment,
        parameters={"breach_id": str(breach.id)},
        now=now,
        breach_id=breach.id,
    )


def _move(
    session: Session, settings: Settings, breach: Breach, state: str, actor: str, now: datetime
) -> Breach:
    if breach.state == state:
        return breach
    moved = set_breach_state(
        session=session, breach_id=breach.id, state=state, actor=actor, now=now
    )
    # Issue 7: reminders follow the obligations and the "decision waiting" states.
    plan_reminders_for_breach(session=session, breach_id=breach.id, settings=settings, now=now)
    return moved


def _expect(breach: Breach, *states: str) -> None:
    if breach.state not in states:
        raise WrongState(f"{breach.reference} is {breach.state}, not {' or '.join(states)}")


# --- intake -----------------------------------------------------------------------------------


def _decided(
    session: Session,
    breach_id: uuid.UUID,
    states: tuple[str, ...],
    kind: str,
    decided_by: str,
    payload: dict[str, Any],
    now: datetime,
) -> Breach:
    """Lock the breach, check it still waits for this decision, and record the decision."""
    breach = lock_breach(session=session, breach_id=breach_id)
    _expect(breach, *states)
    _record(session, breach, kind, decided_by, payload, now)
    return breach


def _record(
    session: Session,
    breach: Breach,
    kind: str,
    decided_by: str,
    payload: dict[str, Any],
    now: datetime,
) -> None:
    """One DPO decision, as entered (the audit trail records it too)."""
    record_decision(
        session=session,
        decision_in=DecisionCreate(
            breach_id=breach.id, kind=kind, decided_by=decided_by, payload=payload
        ),
        now=now,
    )


def report_breach(
    *,
    engine: Engine,
    settings: Settings,
    report: Mapping[str, Any],
    now: datetime,
    channel: str | None = None,
) -> Breach:
    """Store a reported breach and start `assess-breach` in the same transaction.

    `report` is a case file as in `examples/demo-breach.json`: `breach` (the facts), `activities`,
    `reporter` ({name, email} or a name), `title`/`facts` (description), `detected_at`,
    `occurred_from`/`occurred_to`, optionally `reported_by_client` and `language`.
    """
    facts = parse_facts(report)  # raises FactsError naming the field
    raw_facts = dict(report.get("breach", report))
    activities = [str(a) for a in report.get("activities", [])]
    register = processing_register_of(settings)
    resolve_duties(register, activities)  # unknown activity -> UnknownActivityError
    reporter = report.get("reporter") or {"name": "unknown"}
    if isinstance(reporter, str):
        reporter = {"name": reporter}
    detected_at = parse_instant(report.get("detected_at"), "detected_at") or now
    aware_at = facts.aware_at or now
    raw_facts["aware_at"] = aware_at.isoformat()
    description = "\n\n".join(str(report[k]) for k in ("title", "facts") if report.get(k))
    breach_in = BreachCreate(
        reporter=str(reporter.get("name") or "unknown"),
        reporter_contact=reporter.get("email"),
        channel=channel or str(report.get("channel") or "form"),
        occurred_from=parse_instant(report.get("occurred_from"), "occurred_from"),
        occurred_to=parse_instant(report.get("occurred_to"), "occurred_to"),
        detected_at=detected_at,
        aware_at=aware_at,
        aware_set_by=str(reporter.get("name") or "intake"),
        description=description,
        facts={**raw_facts, "_reported_by_client": report.get("reported_by_client")},
        affected_activity_ids=activities,
        language=report.get("language"),
    )
    with session_scope(engine) as session:
        breach = create_breach(session=session, breach_in=breach_in, actor=SYSTEM, now=now)
        _start(session, breach, names.ASSESS_BREACH, "1", now)
        _alert(session, settings, breach, "breach_reported", now)
    return breach


# --- assess-breach ----------------------------------------------------------------------------


def _facts_of(breach: Breach) -> dict[str, Any]:
    return {k: v for k, v in breach.facts.items() if not k.startswith("_")}


def assessment_of(breach: Breach, now: datetime) -> Assessment:
    """The rules' assessment of the breach's current facts (aware_at from the breach row)."""
    facts = {**_facts_of(breach), "aware_at": breach.aware_at.isoformat()}
    return assess(parse_facts(facts), now=now)


@dataclass(frozen=True)
class Override:
    """The DPO's outcome (DOMAIN.md §3: any outcome, with a written reason that is kept)."""

    risk: Risk
    reason: str
    decided_by: str


def _override_of(row: StoredAssessment | None) -> Override | None:
    """The override an assessment row carries, if any."""
    if row is None or not row.override_outcome:
        return None
    return Override(Risk(row.override_outcome), row.override_reason or "", row.decided_by or "")


def _apply(rules: Assessment, override: Override | None) -> Assessment:
    """The rules' assessment with the DPO's outcome, when there is one, and its duties."""
    return overridden(rules, override.risk, reason=override.reason) if override else rules


def assessment_in_force(session: Session, breach: Breach, now: datetime) -> Assessment:
    """The assessment the duties follow: the rules' assessment of the breach's current facts
    (awareness as the DPO confirmed it on the breach row) with the DPO's latest override."""
    latest = latest_assessment(session=session, breach_id=breach.id)
    return _apply(assessment_of(breach, now), _override_of(latest))


def _store_assessment(
    session: Session,
    settings: Settings,
    breach: Breach,
    now: datetime,
    *,
    override: Override | None = None,
    cancel_as: str | None = None,
) -> tuple[Assessment, bool]:
    """Store a new assessment version when the inputs or the override changed; plan the
    obligations of the assessment in force (idempotent). Without a new `override` the latest
    one stays in force: new facts never undo the DPO's decision. `cancel_as` (who decides)
    lets the obligations the assessment in force no longer requires be cancelled."""
    latest = latest_assessment(session=session, breach_id=breach.id)
    carried = _override_of(latest)
    in_force = override or carried
    result = _apply(assessment_of(breach, now), in_force)
    contract = result.to_contract()
    inputs = {
        "facts": facts_to_dict(result.facts),
        "activities": list(breach.affected_activity_ids),
    }
    created = latest is None or latest.inputs != _jsonable(inputs) or in_force != carried
    if created:
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
                override_outcome=in_force.risk.value if in_force else None,
                override_reason=in_force.reason if in_force else None,
                decided_by=in_force.decided_by if in_force else None,
            ),
            actor=override.decided_by if override else SYSTEM,
            now=now,
        )
    _ensure_obligations(session, settings, breach, result, now, cancel_as)
    return result, created


def _jsonable(value: Any) -> Any:
    from models.audit import to_jsonable

    return to_jsonable(value)


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


def _ensure_obligations(
    session: Session,
    settings: Settings,
    breach: Breach,
    result: Assessment,
    now: datetime,
    cancel_as: str | None,
) -> int:
    """Create the obligations `result` (the assessment in force) requires; with `cancel_as`,
    cancel the open outcome-dependent ones it no longer requires, in that actor's name; bring
    the reminders in line (cancelled obligations lose theirs). Returns how many were created."""
    register = processing_register_of(settings)
    client = breach.facts.get("_reported_by_client")
    duties = resolve_duties(register, breach.affected_activity_ids, reported_by_client=client)
    plans = plan_obligations(duties, result, register)
    created = 0
    for plan in plans:
        _, was_created = ensure_obligation(
            session=session,
            obligation_in=ObligationCreate(
                breach_id=breach.id,
                kind=plan.kind.value,
                party=plan.party,
                activity_id=",".join(plan.activities),
                due_at=plan.due_at,
                terms={**plan.terms, "entity": plan.entity, "warnings": list(plan.warnings)},
            ),
            actor=SYSTEM,
            now=now,
        )
        created += was_created
    if cancel_as is not None:
        _cancel_unrequired(session, breach, result, {p.kind.value for p in plans}, cancel_as, now)
    plan_reminders_for_breach(session=session, breach_id=breach.id, settings=settings, now=now)
    return created


def _cancel_unrequired(
    session: Session,
    breach: Breach,
    result: Assessment,
    required: set[str],
    actor: str,
    now: datetime,
) -> None:
    """Cancel the open outcome-dependent obligations `result` no longer requires; done ones
    and those of other kinds stay (they do not depend on the outcome)."""
    if result.notify_supervisory_authority:
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
            reason=_no_longer_required(result),
            actor=actor,
            now=now,
        )


def _no_longer_required(result: Assessment) -> str:
    """Why an outcome-dependent obligation was cancelled: the outcome in force and its basis."""
    first = result.reasons[0] if result.reasons else None
    basis = f" ({first.article}: {first.text})" if first else ""
    return f"no longer required: the outcome in force is '{result.risk.value}'{basis}"


def run_assessment(
    *, engine: Engine, settings: Settings, breach_id: uuid.UUID, now: datetime
) -> Breach:
    """`assess-breach`: roles, assessment, obligations; received -> assessed; start the review."""
    with session_scope(engine) as session:
        breach = lock_breach(session=session, breach_id=breach_id)
        if breach.state != "received":
            return breach  # already done (a re-run): nothing to add
        _store_assessment(session, settings, breach, now)
        breach = _move(session, settings, breach, "assessed", SYSTEM, now)
        _start(session, breach, names.REVIEW_DECISION, "1", now)
        _alert(session, settings, breach, "assessed", now)
    return breach


# --- decisions --------------------------------------------------------------------------------


def _round(session: Session, breach_id: uuid.UUID, kind: str) -> int:
    """How many decisions of `kind` exist: numbers the next run's key (loops get new keys)."""
    return sum(1 for d in list_decisions(session=session, breach_id=breach_id) if d.kind == kind)


def mark_waiting(
    *, engine: Engine, settings: Settings, breach_id: uuid.UUID, state: str, now: datetime
) -> Breach:
    """A decision run has published its artifacts and waits: `assessed` -> `awaiting_review`."""
    with session_scope(engine) as session:
        breach = lock_breach(session=session, breach_id=breach_id)
        if state == "awaiting_review" and breach.state == "assessed":
            breach = _move(session, settings, breach, state, SYSTEM, now)
            _alert(
                session, settings, breach, "decision_waiting", now, decision="review", key="review"
            )
    return breach


def record_review(
    *,
    engine: Engine,
    settings: Settings,
    breach_id: uuid.UUID,
    decided_by: str,
    aware_at: datetime,
    aware_gap_reason: str | None,
    outcome: str,
    override_reason: str | None,
    completeness: str,
    now: datetime,
    facts_update: Mapping[str, Any] | None = None,
    measures_taken: Sequence[str] = (),
    measures_planned: Sequence[str] = (),
) -> Breach:
    """The DPO's review: awareness confirmed, outcome accepted or overridden (with a reason;
    the obligations then follow the outcome in force, those it no longer requires cancelled in
    the DPO's name), complete or part 1, the measures taken and planned (catalogue codes,
    stored with the breach). -> drafting, start `draft-documents`. Refuses invalid input."""
    if not decided_by.strip():
        raise DecisionRefused("decided_by: say who decides")
    if outcome not in REVIEW_OUTCOMES:
        raise DecisionRefused(f"outcome: one of {REVIEW_OUTCOMES}")
    if outcome != "accept" and not (override_reason or "").strip():
        raise DecisionRefused("override_reason: an override needs a written reason")
    if completeness not in COMPLETENESS_CHOICES:
        raise DecisionRefused(f"completeness: one of {COMPLETENESS_CHOICES}")
    if aware_at.tzinfo is None:
        raise DecisionRefused("aware_at: give a time zone")
    if aware_at > now:
        raise DecisionRefused("aware_at: lies in the future")
    _check_measures(measures_taken, measures_planned)
    with session_scope(engine) as session:
        breach = lock_breach(session=session, breach_id=breach_id)
        _expect(breach, "assessed", "awaiting_review")
        if facts_update:
            try:
                merged = merge_facts(_facts_of(breach), facts_update)
            except ValueError as exc:
                raise DecisionRefused(f"facts: {exc}") from exc
            extra = {k: v for k, v in breach.facts.items() if k.startswith("_")}
            breach = update_breach(
                session=session,
                breach_id=breach.id,
                changes={"facts": {**merged, **extra}},
                actor=decided_by,
                now=now,
            )
        if aware_at != breach.aware_at:
            breach = set_aware_at(
                session=session,
                breach_id=breach.id,
                aware_at=aware_at,
                set_by=decided_by,
                gap_reason=aware_gap_reason,
                now=now,
            )
        breach = _store_measures(session, breach, measures_taken, measures_planned, decided_by, now)
        override = (
            None
            if outcome == "accept"
            else Override(
                Risk(outcome.removeprefix("override_to_")), override_reason or "", decided_by
            )
        )
        _store_assessment(session, settings, breach, now, override=override, cancel_as=decided_by)
        _record(
            session,
            breach,
            "review",
            decided_by,
            {
                "aware_at": aware_at.isoformat(),
                "aware_gap_reason": aware_gap_reason,
                "outcome": outcome,
                "override_reason": override_reason,
                "completeness": completeness,
                "facts_update": dict(facts_update or {}),
                "measures_taken": list(measures_taken),
                "measures_planned": list(measures_planned),
            },
            now,
        )
        breach = _move(session, settings, breach, "drafting", decided_by, now)
        _start(session, breach, names.DRAFT_DOCUMENTS, "1", now)
    return breach


def _check_measures(taken: Sequence[str], planned: Sequence[str]) -> None:
    """Refuse codes outside the catalogue, and a measure both taken and planned."""
    for name, codes in (("measures_taken", taken), ("measures_planned", planned)):
        if bad := unknown_codes(codes):
            raise DecisionRefused(
                f"{name}: unknown measure code(s) {', '.join(bad)}; the codes are "
                + ", ".join(MEASURE_CODES)
            )
    if both := [code for code in planned if code in taken]:
        raise DecisionRefused(f"measures_planned: {', '.join(both)} also listed as taken")


def _store_measures(
    session: Session,
    breach: Breach,
    taken: Sequence[str],
    planned: Sequence[str],
    actor: str,
    now: datetime,
) -> Breach:
    """Record the measures with the breach (an audited update); unchanged: nothing written."""
    current = recorded_measures(breach.facts)
    measures = current.updated(taken, planned)
    if measures == current:
        return breach
    return update_breach(
        session=session,
        breach_id=breach.id,
        changes={"facts": with_measures(breach.facts, measures)},
        actor=actor,
        now=now,
    )


def latest_decision(session: Session, breach_id: uuid.UUID, kind: str) -> dict[str, Any] | None:
    """The payload of the newest decision of `kind` (with `decided_by` and `at`)."""
    rows = [d for d in list_decisions(session=session, breach_id=breach_id) if d.kind == kind]
    if not rows:
        return None
    last = rows[-1]
    return {**last.payload, "decided_by": last.decided_by, "at": last.at.isoformat()}


# --- draft-documents --------------------------------------------------------------------------

# Obligation kind -> document kind drafted for it.
DOCUMENT_FOR = {
    ObligationKind.AUTHORITY_NOTIFICATION.value: "gba_notification",
    ObligationKind.PROCESSOR_NOTICE.value: "processor_notice",
    ObligationKind.SUBJECT_COMMUNICATION.value: "subject_letter",
    ObligationKind.PUBLIC_COMMUNICATION.value: "public_communication",
    ObligationKind.REGISTER_ENTRY.value: "register_entry",
}


def draft_round(session: Session, breach_id: uuid.UUID) -> int:
    """1 + drafts sent back + follow-ups: the version every document of this round gets."""
    rounds = 1
    for decision in list_decisions(session=session, breach_id=breach_id):
        if decision.kind == "approval" and decision.payload.get("action") == "send_back":
            rounds += 1
        if decision.kind == "follow_up":
            rounds += 1
    return rounds


def _needed(kind: str, in_force: Assessment) -> bool:
    """Whether the assessment in force still asks for this document (a done obligation is
    drafted again in a follow-up round only while the outcome requires it)."""
    if kind == "gba_notification":
        return in_force.notify_supervisory_authority  # Art. 33(1)
    if kind == "subject_letter":
        return in_force.notify_data_subjects and not in_force.public_communication  # Art. 34(1)
    if kind == "public_communication":
        return in_force.public_communication  # Art. 34(3)(c)
    return True


def draft_documents(
    *, engine: Engine, settings: Settings, breach_id: uuid.UUID, now: datetime
) -> Breach:
    """`draft-documents`: one document per obligation not cancelled that needs one and that the
    assessment in force still asks for, rendered once per round (a re-run skips those done);
    -> awaiting_approval, start the approval decision."""
    register = processing_register_of(settings)
    with read_scope(engine) as session:
        breach = get_breach(session=session, breach_id=breach_id)
        if breach.state != "drafting":
            return breach
        version = draft_round(session, breach_id)
        in_force = assessment_in_force(session, breach, now)
        review = latest_decision(session, breach_id, "review") or {}
        follow_up = latest_decision(session, breach_id, "follow_up")
        obligations = list(list_obligations(session=session, breach_id=breach_id))
        existing = {
            (d.kind, d.party): d.version
            for d in list_documents(session=session, breach_id=breach_id)
        }
    completeness = "complete" if follow_up else str(review.get("completeness", "complete"))
    filing = "follow_up" if follow_up else "new"
    for obligation in obligations:
        kind = DOCUMENT_FOR.get(obligation.kind)
        if kind is None or obligation.state == "cancelled" or not _needed(kind, in_force):
            continue
        if existing.get((kind, obligation.party), 0) >= version:
            continue  # drafted in this round already (a re-run)
        rendered = render_breach_document(
            settings=settings,
            register=register,
            breach=breach,
            obligation=obligation,
            kind=kind,
            version=version,
            filing=filing,
            completeness=completeness,
            assessment=in_force,
        )
        with session_scope(engine) as session:
            current = {
                (d.kind, d.party): d.version
                for d in list_documents(session=session, breach_id=breach_id)
            }
            if current.get((kind, obligation.party), 0) >= version:
                continue
            add_document(
                session=session,
                document_in=DocumentCreate(
                    breach_id=breach_id,
                    obligation_id=obligation.id,
                    kind=kind,
                    party=obligation.party,
                    language=rendered.language,
                    filing=filing,
                    completeness=completeness,
                    content_hash=rendered.sha256,
                    path=str(rendered.path),
                ),
                actor=SYSTEM,
                now=now,
            )
    with session_scope(engine) as session:
        breach = lock_breach(session=session, breach_id=breach_id)
        if breach.state == "drafting":
            breach = _move(session, settings, breach, "awaiting_approval", SYSTEM, now)
            _start(session, breach, names.APPROVAL_DECISION, str(version), now)
            _alert(
                session,
                settings,
                breach,
                "decision_waiting",
                now,
                decision="approval",
                key=f"approval-{version}",
            )
    return breach


def current_documents(session: Session, breach_id: uuid.UUID) -> list[Any]:
    """The newest version of each (kind, party) document: the drafts being decided on."""
    newest: dict[tuple[str, str], Any] = {}
    for document in list_documents(session=session, breach_id=breach_id):
        key = (document.kind, document.party)
        if key not in newest or document.version > newest[key].version:
            newest[key] = document
    return list(newest.values())


def record_approval(
    *,
    engine: Engine,
    settings: Settings,
    breach_id: uuid.UUID,
    decided_by: str,
    action: str,
    remarks: str | None,
    now: datetime,
) -> Breach:
    """Approve the drafts (-> approved, start the filing decision) or send them back with
    remarks (-> drafting, start a new drafting round)."""
    if not decided_by.strip():
        raise DecisionRefused("decided_by: say who decides")
    if action not in APPROVAL_ACTIONS:
        raise DecisionRefused(f"action: one of {APPROVAL_ACTIONS}")
    if action == "send_back" and not (remarks or "").strip():
        raise DecisionRefused("remarks: say what to change when sending the drafts back")
    with session_scope(engine) as session:
        breach = _decided(
            session,
            breach_id,
            ("awaiting_approval",),
            "approval",
            decided_by,
            {"action": action, "remarks": remarks},
            now,
        )
        if action == "approve":
            for document in current_documents(session, breach.id):
                if document.approved_at is None:
                    approve_document(
                        session=session, document_id=document.id, approved_by=decided_by, now=now
                    )
            breach = _move(session, settings, breach, "approved", decided_by, now)
            _start(
                session,
                breach,
                names.FILING_DECISION,
                str(_round(session, breach.id, "filing") + 1),
                now,
            )
            _alert(
                session, settings, breach, "approved", now, key=str(draft_round(session, breach.id))
            )
        else:
            breach = _move(session, settings, breach, "drafting", decided_by, now)
            _start(
                session, breach, names.DRAFT_DOCUMENTS, str(draft_round(session, breach.id)), now
            )
    return breach


def record_filing_decision(
    *,
    engine: Engine,
    settings: Settings,
    breach_id: uuid.UUID,
    decided_by: str,
    gba_reference: str | None,
    filed_at: datetime,
    processor_notices_sent: bool,
    late_reason: str | None,
    now: datetime,
) -> Breach:
    """The DPO filed in the GBA portal (its `DBN...` reference) and sent the notices; the
    `record-filing` phase applies it. Refuses a missing reference when a GBA draft exists."""
    if not decided_by.strip():
        raise DecisionRefused("decided_by: say who decides")
    if filed_at.tzinfo is None or filed_at > now:
        raise DecisionRefused("filed_at: an instant with its time zone, not in the future")
    with session_scope(engine) as session:
        breach = lock_breach(session=session, breach_id=breach_id)
        _expect(breach, "approved")
        documents = current_documents(session, breach.id)
        needs_gba = any(d.kind == "gba_notification" for d in documents)
        reference = (gba_reference or "").strip()
        if needs_gba and not reference.upper().startswith("DBN"):
            raise DecisionRefused("gba_reference: the GBA portal's case reference (DBN...)")
        if any(d.kind == "processor_notice" for d in documents) and not processor_notices_sent:
            raise DecisionRefused("processor_notices_sent: send the notices to the clients first")
        late = any(
            o.state == "open" and o.due_at is not None and filed_at > o.due_at
            for o in list_obligations(session=session, breach_id=breach.id)
            if o.kind in DOCUMENT_FOR and o.kind != "register_entry"
        )
        if late and not (late_reason or "").strip():
            raise DecisionRefused("late_reason: filed after the deadline: state the reasons")
        _record(
            session,
            breach,
            "filing",
            decided_by,
            {
                "gba_reference": reference or None,
                "filed_at": filed_at.isoformat(),
                "processor_notices_sent": processor_notices_sent,
                "late_reason": late_reason,
            },
            now,
        )
        _start(session, breach, names.RECORD_FILING, str(_round(session, breach.id, "filing")), now)
    return breach


def record_filing(
    *, engine: Engine, settings: Settings, breach_id: uuid.UUID, now: datetime
) -> Breach:
    """`record-filing`: documents marked filed or sent, obligations done, Part 2 planned when
    Part 1 was filed; -> filed or part2_due; start the closing or the Part 2 decision."""
    with session_scope(engine) as session:
        breach = lock_breach(session=session, breach_id=breach_id)
        if breach.state != "approved":
            return breach
        filing = latest_decision(session, breach.id, "filing")
        if filing is None:
            return breach
        review = latest_decision(session, breach.id, "review") or {}
        filed_at = parse_instant(filing["filed_at"], "filed_at")
        assert filed_at is not None
        decider = str(filing["decided_by"])
        part1 = review.get("completeness") == "part1" and not latest_decision(
            session, breach.id, "follow_up"
        )
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
        for obligation in list_obligations(session=session, breach_id=breach.id):
            if obligation.state == "open" and obligation.id in drafted:
                complete_obligation(
                    session=session,
                    obligation_id=obligation.id,
                    done_at=filed_at,
                    late_reason=filing.get("late_reason"),
                    actor=decider,
                    now=now,
                )
        breach = _move(session, settings, breach, "filed", decider, now)
        _alert(
            session,
            settings,
            breach,
            "filed",
            now,
            gba_reference=filing["gba_reference"],
            key=str(draft_round(session, breach.id)),
        )
        gba = next((d for d in documents if d.kind == "gba_notification"), None)
        if part1 and gba is not None:
            entity_obligation = next(
                (
                    o
                    for o in list_obligations(session=session, breach_id=breach.id)
                    if o.id == gba.obligation_id
                ),
                None,
            )
            entity = str((entity_obligation.terms if entity_obligation else {}).get("entity", ""))
            plan = part2_obligation(entity, tuple(breach.affected_activity_ids), filed_at)
            ensure_obligation(
                session=session,
                obligation_in=ObligationCreate(
                    breach_id=breach.id,
                    kind=plan.kind.value,
                    party=plan.party,
                    due_at=plan.due_at,
                    terms={**plan.terms, "entity": entity, "warnings": list(plan.warnings)},
                ),
                actor=decider,
                now=now,
            )
            breach = _move(session, settings, breach, "part2_due", SYSTEM, now)
            _start(session, breach, names.PART2_DECISION, "1", now)
        else:
            _start(
                session,
                breach,
                names.CLOSING_DECISION,
                str(_round(session, breach.id, "filing")),
                now,
            )
    return breach


def record_part2(
    *,
    engine: Engine,
    settings: Settings,
    breach_id: uuid.UUID,
    decided_by: str,
    filed_at: datetime,
    late_reason: str | None,
    now: datetime,
    measures_taken: Sequence[str] = (),
    measures_planned: Sequence[str] = (),
) -> Breach:
    """Part 2 filed in the GBA portal: its obligation done, the measures brought up to date
    (an empty list keeps the recorded one); -> filed, start the closing."""
    if not decided_by.strip():
        raise DecisionRefused("decided_by: say who decides")
    _check_measures(measures_taken, measures_planned)
    with session_scope(engine) as session:
        breach = lock_breach(session=session, breach_id=breach_id)
        _expect(breach, "part2_due")
        breach = _store_measures(session, breach, measures_taken, measures_planned, decided_by, now)
        for obligation in list_obligations(session=session, breach_id=breach.id):
            if (
                obligation.kind == ObligationKind.AUTHORITY_PART2.value
                and obligation.state == "open"
            ):
                if (
                    obligation.due_at
                    and filed_at > obligation.due_at
                    and not (late_reason or "").strip()
                ):
                    raise DecisionRefused("late_reason: Part 2 is late: state the reasons")
                complete_obligation(
                    session=session,
                    obligation_id=obligation.id,
                    done_at=filed_at,
                    late_reason=late_reason,
                    actor=decided_by,
                    now=now,
                )
        _record(
            session,
            breach,
            "part2",
            decided_by,
            {
                "filed_at": filed_at.isoformat(),
                "late_reason": late_reason,
                "measures_taken": list(measures_taken),
                "measures_planned": list(measures_planned),
            },
            now,
        )
        breach = _move(session, settings, breach, "filed", decided_by, now)
        _start(session, breach, names.CLOSING_DECISION, "part2", now)
    return breach


def record_closing(
    *,
    engine: Engine,
    settings: Settings,
    breach_id: uuid.UUID,
    decided_by: str,
    root_cause: str,
    lessons_learned: str,
    now: datetime,
) -> Breach:
    """Close the case with its root cause and lessons learned (the register entry's end)."""
    if not decided_by.strip():
        raise DecisionRefused("decided_by: say who decides")
    if not root_cause.strip() or not lessons_learned.strip():
        raise DecisionRefused("root_cause and lessons_learned: both are needed to close")
    with session_scope(engine) as session:
        breach = _decided(
            session,
            breach_id,
            ("filed",),
            "closing",
            decided_by,
            {"root_cause": root_cause, "lessons_learned": lessons_learned},
            now,
        )
        breach = _move(session, settings, breach, "closed", decided_by, now)
        _alert(session, settings, breach, "closed", now)
    return breach


def request_withdrawal(*, engine: Engine, breach_id: uuid.UUID, now: datetime) -> Breach:
    """Start the withdrawal decision for a filed notification (from the CLI or the web app)."""
    with session_scope(engine) as session:
        breach = lock_breach(session=session, breach_id=breach_id)
        _expect(breach, "filed", "part2_due", "closed")
        _start(session, breach, names.WITHDRAWAL_DECISION, "1", now)
    return breach


def record_withdrawal(
    *,
    engine: Engine,
    settings: Settings,
    breach_id: uuid.UUID,
    decided_by: str,
    reason: str,
    gba_reference: str | None,
    now: datetime,
) -> Breach:
    """Withdraw a filed notification (e.g. it proved not to be a personal-data breach)."""
    if not decided_by.strip() or not reason.strip():
        raise DecisionRefused("decided_by and reason: both are needed to withdraw")
    with session_scope(engine) as session:
        breach = _decided(
            session,
            breach_id,
            (
                "filed",
                "part2_due",
                "closed",
            ),
            "withdrawal",
            decided_by,
            {"reason": reason, "gba_reference": gba_reference},
            now,
        )
        return _move(session, settings, breach, "withdrawn", decided_by, now)


# --- new facts --------------------------------------------------------------------------------


def add_facts(
    *,
    engine: Engine,
    settings: Settings,
    breach_id: uuid.UUID,
    facts_update: Mapping[str, Any],
    actor: str,
    now: datetime,
) -> Breach:
    """New facts. Before filing: merged, re-assessed, the pending review shows them. After
    filing: a `follow_up` notification round (re-assessed, drafted with what changed)."""
    with session_scope(engine) as session:
        breach = lock_breach(session=session, breach_id=breach_id)
        merged = merge_facts(_facts_of(breach), facts_update)
        extra = {k: v for k, v in breach.facts.items() if k.startswith("_")}
        breach = update_breach(
            session=session,
            breach_id=breach.id,
            changes={"facts": {**merged, **extra}},
            actor=actor,
            now=now,
        )
        if breach.state in ("received",):
            return breach  # the pending assessment will read them
        # Before the DPO's review, duties are only added: a lower outcome from new facts waits
        # for the review to drop one (when in doubt, act promptly; EDPB 9/2022).
        reviewed = breach.state not in ("assessed", "awaiting_review")
        _store_assessment(session, settings, breach, now, cancel_as=actor if reviewed else None)
        if breach.state in ("filed", "part2_due", "closed"):
            _record(session, breach, "follow_up", actor, {"facts_update": dict(facts_update)}, now)
            breach = _move(session, settings, breach, "drafting", actor, now)
            _start(
                session,
                breach,
                names.DRAFT_DOCUMENTS,
                f"follow-up-{draft_round(session, breach.id)}",
                now,
            )
    return breach


# --- reconciler -------------------------------------------------------------------------------

ALIVE = frozenset({"SCHEDULED", "PENDING", "RUNNING", "PAUSED", "CANCELLING"})


@dataclass(frozen=True)
class Restart:
    reference: str
    state: str
    deployment: str
    reason: str


def expected_flow(session: Session, breach: Breach) -> str | None:
    """The deployment a breach in its state is carried by (None: nothing should run)."""
    if breach.state == "approved":
        filing = latest_decision(session, breach.id, "filing")
        approval = latest_decision(session, breach.id, "approval")
        if filing and approval and filing["at"] >= approval["at"]:
            return names.RECORD_FILING
    return EXPECTED_FLOW.get(breach.state)


def reconcile(
    *,
    engine: Engine,
    run_state: Any,
    now: datetime,
    dead_if_started_before: datetime | None = None,
) -> list[Restart]:
    """Start again every phase or decision a breach's state expects but Prefect no longer has.

    `run_state(flow_run_id) -> (state_type, start_time) | None` asks Prefect. A run counts as
    missing when its start effect failed, Prefect does not know it, it ended (completed, failed,
    crashed, cancelled, or a wait that expired) without moving the breach on, or, at start-up
    (`dead_if_started_before`), it was running in a process that died with the last service.
    """
    restarts: list[Restart] = []
    with read_scope(engine) as session:
        breaches = list_breaches(session=session, states=OPEN_STATES)
        plans = []
        for breach in breaches:
            deployment = expected_flow(session, breach)
            if deployment is None:
                continue
            effects = [
                e
                for e in list_effects(session=session, breach_id=breach.id)
                if e.kind == FLOW_START and e.payload.get("deployment") == deployment
            ]
            plans.append((breach, deployment, effects))
    for breach, deployment, effects in plans:
        reason = _missing(effects, run_state, dead_if_started_before)
        if reason is None:
            continue
        with session_scope(engine) as session:
            current = lock_breach(session=session, breach_id=breach.id)
            if current.state != breach.state:
                continue
            _start(session, current, deployment, f"restart-{len(effects) + 1}", now)
        restarts.append(Restart(breach.reference, breach.state, deployment, reason))
    return restarts


def _missing(
    effects: list[Any], run_state: Any, dead_if_started_before: datetime | None
) -> str | None:
    if not effects:
        return "no start recorded"
    last = effects[-1]
    if last.state in ("pending", "running"):
        return None  # the dispatcher is on it
    if last.state == "failed":
        return "the start failed"
    run_id = (last.result or {}).get("flow_run_id")
    if not run_id:
        return "no flow run id"
    seen = run_state(str(run_id))
    if seen is None:
        return "Prefect does not know the run"
    state_type, started = seen
    if state_type not in ALIVE:
        return f"run ended {state_type.lower()}"
    if (
        state_type in ("RUNNING", "PENDING")
        and dead_if_started_before is not None
        and started is not None
        and started < dead_if_started_before
    ):
        return "run was in a process that died"
    return None

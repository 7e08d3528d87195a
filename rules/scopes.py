"""Each controller's own scope: one breach, assessed per controller (Art. 33(1), 34(1) GDPR).

A breach touching several processing activities is several breaches to their controllers
(DOMAIN.md §1): our own GBA notification and letters are assessed on the union of our own
activities' scopes (controller, or joint controller notifying under the Art. 26 arrangement);
each client controller gets our assessment of its own scope with the processor notice
(Art. 33(2)), marked as a processor's view: the controller decides (Art. 33(1), 28(3)(f)).
The breach-wide assessment (`rules.assessment.assess`) stays the worst over everything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from rules import deadlines as clock
from rules.assessment import Assessment, assess, assess_space
from rules.assumptions import activities_of_client
from rules.facts import BreachFacts, Scope, Subjects, facts_to_dict
from rules.processing_register import ProcessingRegister
from rules.reasons import Assumption, Reason, ReasonCode, gdpr
from rules.roles import Duty, DutyKind, Parties, parties_of, resolve_duties
from rules.severity import DpcAdjustment
from rules.space import space_of, united

T = TypeVar("T")


class View(StrEnum):
    """Whose decision a scope's assessment informs."""

    CONTROLLER = "controller"  # our entity is controller: its GBA notification and letters
    PROCESSOR = "processor"  # the client is controller; our assessment helps it decide
    JOINT_PARTNER = "joint_partner"  # Art. 26: the joint controller notifies, we inform it


_VIEW = {
    DutyKind.CONTROLLER: View.CONTROLLER,
    DutyKind.PROCESSOR_NOTICE: View.PROCESSOR,
    DutyKind.ASSIST_CONTROLLER: View.PROCESSOR,
    DutyKind.JOINT_PARTNER_NOTICE: View.JOINT_PARTNER,
}


@dataclass(frozen=True)
class ScopeAssessment:
    """One controller's share of the breach, assessed on its own facts.

    `duty` is the duty it informs (`rules.roles`): one per our entity for our own activities,
    one per (our entity, client) for a processor notice. `facts` are its activities' scopes
    united (their people added up, their data together); `assessment` is the outcome on those
    facts. A processor's or joint partner's view carries no deadline of ours: the controller's
    own clock runs from its own awareness.
    """

    duty: Duty
    view: View
    controller: str
    controller_name: str
    scopes: tuple[Scope, ...]
    facts: BreachFacts
    assessment: Assessment

    @property
    def activities(self) -> tuple[str, ...]:
        return self.duty.activities

    @property
    def processor_view(self) -> bool:
        return self.view is not View.CONTROLLER

    def to_contract(self, activity: str) -> dict[str, Any]:
        """The `assess --json` row of one of its activities."""
        contract = self.assessment.to_contract()
        facts = facts_to_dict(self.facts)
        keys = (
            "risk",
            "notify_supervisory_authority",
            "notify_data_subjects",
            "public_communication",
            "exemptions",
            "supervisory_authority_deadline",
            "severity",
            "assumptions",
            "reasons",
            "assumption_codes",
            "reason_codes",
        )
        return {
            "activity": activity,
            "controller": self.controller,
            "controller_name": self.controller_name,
            "view": self.view.value,
            "processor_view": self.processor_view,
            "assessed_with": list(self.activities),
            "subjects_count": self.facts.subjects.count,
            "data": facts["data"],
            **{key: contract[key] for key in keys},
        }


@dataclass(frozen=True)
class ScopedAssessment:
    """The breach-wide assessment and one assessment per controller scope.

    `activities` are the activities assessed; `activities_assumed` says they are the reporting
    client's, taken as the worst case because the reporter named none (`affected_activities`).
    `parties` are whose data they touch.
    """

    breach: Assessment
    scopes: tuple[ScopeAssessment, ...]
    activities: tuple[str, ...] = ()
    activities_assumed: bool = False
    parties: Parties = field(default_factory=Parties)

    @property
    def own(self) -> tuple[ScopeAssessment, ...]:
        """Our controller duties: GBA notification and letters (one per our entity)."""
        return tuple(s for s in self.scopes if s.view is View.CONTROLLER)

    def for_client(self, client: str) -> tuple[ScopeAssessment, ...]:
        """The processor's (or joint partner's) views for one client controller."""
        return tuple(s for s in self.scopes if s.processor_view and s.controller == client)

    def for_duty(self, duty: Duty) -> ScopeAssessment | None:
        return next((s for s in self.scopes if s.duty == duty), None)

    def to_contract(self) -> dict[str, Any]:
        """The breach-wide contract with a `scopes` row per affected activity."""
        rows = [s.to_contract(a) for s in self.scopes for a in s.activities]
        return {
            **self.breach.to_contract(),
            "scopes": rows,
            "parties": self.parties.to_contract(),
        }


def activity_scopes(facts: BreachFacts, activity_ids: Iterable[str]) -> tuple[Scope, ...]:
    """The scope of each affected activity: as stated in `facts.scopes`, else the breach's
    facts with the number of people unknown (the breach's total is everyone's, not one
    activity's). A scope's activity counts as affected even when not listed."""
    ids = dict.fromkeys([*activity_ids, *(s.activity for s in facts.scopes)])
    implicit = facts.with_changes(subjects=replace(facts.subjects, count=None), scopes=())
    return tuple(facts.scope(a) or Scope(a, implicit) for a in ids)


def _same(values: Sequence[T]) -> T | None:
    return values[0] if all(v == values[0] for v in values) else None


def _earliest(values: Sequence[datetime | None]) -> datetime | None:
    if any(v is None for v in values):
        return None
    return min((v for v in values if v is not None), key=clock.to_brussels)


def _any(values: Sequence[bool | None], worst: bool) -> bool | None:
    """`worst` if any scope says so, else unknown if any is unknown, else the other value."""
    if worst in values:
        return worst
    return None if None in values else not worst


def _added(counts: Sequence[int | None], total: int | None) -> int | None:
    if any(c is None for c in counts):
        return None
    added = sum(c for c in counts if c is not None)
    return min(added, total) if total is not None else added


def unite(scopes: Sequence[Scope], breach: BreachFacts) -> BreachFacts:
    """The facts of several scopes as one controller's breach: people added up (at most the
    breach's total), data together, a fact they state differently unknown (the search tries
    each value they give it)."""
    parts = [s.facts for s in scopes]

    def same(get: Callable[[BreachFacts], T]) -> T | None:
        return _same([get(p) for p in parts])

    data = frozenset().union(*(p.data_known for p in parts))
    data_open = any(not p.data_complete for p in parts)
    natures = [p.nature for p in parts]
    nature = None if None in natures else frozenset().union(*(n or () for n in natures))
    return BreachFacts(
        aware_at=_earliest([p.aware_at for p in parts]),
        nature=nature,
        nature_open=any(p.nature_open for p in parts),
        incident_type=same(lambda p: p.incident_type),
        malicious=_any([p.malicious for p in parts], True),
        data=data if data or not data_open else None,
        data_open=data_open,
        subjects=Subjects(
            count=_added([p.subjects.count for p in parts], breach.subjects.count),
            categories=tuple(dict.fromkeys(c for p in parts for c in p.subjects.categories)),
            vulnerable=_any([p.subjects.vulnerable for p in parts], True),
        ),
        identifiability=same(lambda p: p.identifiability),
        unintelligible=same(lambda p: p.unintelligible),
        confidentiality=same(lambda p: p.confidentiality),
        recipients_count=same(lambda p: p.recipients_count),
        recipients_trusted=_any([p.recipients_trusted for p in parts], False),
        integrity=same(lambda p: p.integrity),
        availability=same(lambda p: p.availability),
        unavailable_hours=same(lambda p: p.unavailable_hours),
        service_impact=same(lambda p: p.service_impact),
        measures_neutralise_high_risk=_any([p.measures_neutralise_high_risk for p in parts], False),
        subjects_contactable=_any([p.subjects_contactable for p in parts], False),
        nis2_significant=_any([p.nis2_significant for p in parts], True),
    )


def _controller(duty: Duty, register: ProcessingRegister) -> tuple[str, str]:
    if duty.kind is DutyKind.CONTROLLER:
        return duty.entity, register.entity(duty.entity).name
    assert duty.client is not None  # every other assessed duty names its client controller
    return duty.client, register.client(duty.client).name


def _view_reason(view: View) -> Reason:
    if view is View.PROCESSOR:
        # Art. 33(2): the processor notifies the controller; Art. 28(3)(f): it assists.
        return Reason.of(ReasonCode.PROCESSOR_VIEW, gdpr("33(2), 28(3)(f)"))
    return Reason.of(ReasonCode.JOINT_PARTNER_VIEW, gdpr("26"))


def assess_scope(
    scopes: Sequence[Scope],
    breach: BreachFacts,
    *,
    now: datetime,
    view: View = View.CONTROLLER,
    dpc_adjustments: Sequence[DpcAdjustment] = (),
) -> tuple[BreachFacts, Assessment]:
    """One controller's scope: its activities' scopes united, and the outcome on them."""
    facts = unite(scopes, breach)
    total = breach.subjects.count
    space = united([space_of(s.facts, count_total=total) for s in scopes], facts, breach=breach)
    assessment = assess_space(space, facts, now=now, dpc_adjustments=dpc_adjustments)
    if view is not View.CONTROLLER:
        assessment = replace(
            assessment, reasons=(_view_reason(view), *assessment.reasons), deadlines=()
        )
    return facts, assessment


def affected_activities(
    facts: BreachFacts,
    register: ProcessingRegister,
    activity_ids: Sequence[str],
    reported_by_client: str | None,
) -> tuple[tuple[str, ...], Assumption | None]:
    """The activities a breach is assessed for, and the assumption they rest on, if any.

    Those named (on the breach, or by a scope of its facts). When none is named and a client
    reported the breach, every activity we carry out for that client, as the worst case until
    the DPO names the affected ones at review: a reporter who picked none does not know, and
    its report must not be tied to one it did not name. Our own report naming none: none yet.
    """
    named = tuple(dict.fromkeys([*activity_ids, *(s.activity for s in facts.scopes)]))
    if named or reported_by_client is None:
        return named, None
    theirs = register.activities_for_client(reported_by_client)
    if not theirs:
        return (), None
    client = register.client(reported_by_client).name
    return tuple(a.id for a in theirs), activities_of_client(client, [a.name for a in theirs])


def parties_affected(
    facts: BreachFacts,
    register: ProcessingRegister,
    activity_ids: Sequence[str],
    reported_by_client: str | None,
) -> Parties:
    """Whose data the breach touches, as `assess_scopes` finds them (before any assessment:
    the security team's first message about a report)."""
    affected, _ = affected_activities(facts, register, activity_ids, reported_by_client)
    ids = [s.activity for s in activity_scopes(facts, affected)]
    return parties_of(
        register, resolve_duties(register, ids, reported_by_client=reported_by_client)
    )


def _assuming(assessment: Assessment, assumption: Assumption | None) -> Assessment:
    if assumption is None:
        return assessment
    return replace(assessment, assumption_codes=(assumption, *assessment.assumption_codes))


def assess_scopes(
    facts: BreachFacts,
    register: ProcessingRegister,
    activity_ids: Sequence[str],
    *,
    now: datetime,
    reported_by_client: str | None = None,
    dpc_adjustments: Sequence[DpcAdjustment] = (),
) -> ScopedAssessment:
    """The breach-wide assessment and each controller's own (pure; raises
    `rules.roles.UnknownActivityError` for an activity not in the register). With no activity
    named on a client's report, the client's activities are assessed and every assessment
    says so (`affected_activities`)."""
    affected, assumed = affected_activities(facts, register, activity_ids, reported_by_client)
    scopes = {s.activity: s for s in activity_scopes(facts, affected)}
    duties = resolve_duties(register, list(scopes), reported_by_client=reported_by_client)
    assessed: list[ScopeAssessment] = []
    for duty in duties:
        view = _VIEW.get(duty.kind)
        if view is None:  # the scope check is a task, not a controller's breach
            continue
        own = tuple(scopes[a] for a in duty.activities)
        united_facts, assessment = assess_scope(
            own, facts, now=now, view=view, dpc_adjustments=dpc_adjustments
        )
        controller, name = _controller(duty, register)
        assessment = _assuming(assessment, assumed)
        assessed.append(
            ScopeAssessment(duty, view, controller, name, own, united_facts, assessment)
        )
    breach = _assuming(assess(facts, now=now, dpc_adjustments=dpc_adjustments), assumed)
    return ScopedAssessment(
        breach,
        tuple(assessed),
        activities=tuple(scopes),
        activities_assumed=assumed is not None,
        parties=parties_of(register, duties),
    )

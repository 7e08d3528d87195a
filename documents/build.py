"""From the decision core's objects to the documents' view-models.

`breach_view` maps BreachFacts + Assessment + Register + the affected activity ids onto a
`BreachView`; `processor_notice_view` narrows it to one client controller, so a processor
notice is built from that client's activities and data only (Art. 33(2)). The rules' reasons
and assumptions stay codes (`StatementView`), worded in the reader's language when rendered;
names from the register keep their per-language labels; what the DPO typed is `FreeText` in
the organisation's first language (`dpo_text`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from documents.viewmodels import (
    ActivityView,
    AdjustmentView,
    Authority,
    BreachView,
    Cause,
    CommunicationBasis,
    CommunicationStatus,
    CommunicationView,
    Contact,
    CountExactness,
    CrossBorder,
    FreeText,
    Measures,
    Name,
    Param,
    Party,
    RiskView,
    SeverityView,
    StatementView,
    Timeline,
)
from rules.codes import Completeness, DataCode, Filing, IncidentType, Language
from rules.consequences import likely_consequences
from rules.processing_register import Activity, Label, ProcessingRegister, Role
from rules.severity import DpcAdjustment

if TYPE_CHECKING:
    from rules.assessment import Assessment
    from rules.facts import BreachFacts
    from rules.reasons import Statement


def dpo_language(register: ProcessingRegister) -> Language:
    """The language the DPO writes in: the organisation's first (register `languages`)."""
    return register.languages[0]


_LANGUAGE_LINE = re.compile(r"^(nl|fr|de|en):\s*", re.IGNORECASE)


def dpo_text(register: ProcessingRegister, text: str | None) -> FreeText | None:
    """Text the DPO typed (a description, reasons for a delay), in the DPO's language.

    A paragraph that starts with `nl:`, `fr:`, `de:` or `en:` is that language's version, so
    one description can reach clients in several languages; the rest is in the organisation's
    first language.
    """
    if not text or not text.strip():
        return None
    own = dpo_language(register)
    versions: dict[Language, list[str]] = {}
    current = own
    for line in text.strip().splitlines():
        match = _LANGUAGE_LINE.match(line)
        if match:
            current = Language(match.group(1).lower())
            line = line[match.end() :]
        versions.setdefault(current, []).append(line)
    texts = {lang: "\n".join(lines).strip() for lang, lines in versions.items()}
    texts = {lang: body for lang, body in texts.items() if body}
    original = own if own in texts else next(iter(texts))
    return FreeText(texts, original=original)


def name_of(label: Label) -> Name:
    return Name(label.default, dict(label.texts))


def entity_party(register: ProcessingRegister, entity_id: str) -> Party:
    entity = register.entity(entity_id)
    return Party(name=entity.name, kbo=entity.kbo, address=entity.address)


def client_party(register: ProcessingRegister, client_id: str) -> Party:
    client = register.client(client_id)
    return Party(name=client.name, kbo=client.kbo, address=client.address, email=client.email)


def dpo_contact(register: ProcessingRegister) -> Contact:
    dpo = register.dpo
    name = name_of(dpo.label) if dpo.label else dpo.name
    return Contact(name=name, email=dpo.email, phone=dpo.phone, address=dpo.address)


def statement_view(statement: Statement, register: ProcessingRegister) -> StatementView:
    """A reason or assumption as codes; the DPO's own words (an override's reason) as typed."""
    params: list[tuple[str, Param]] = []
    for name, value in statement.params:
        if name == "reason" and isinstance(value, str):
            params.append((name, dpo_text(register, value) or value))
        else:
            params.append((name, value))
    sources = tuple((c.authority.value, c.ref) for c in statement.sources)
    return StatementView(statement.code, tuple(params), sources)


# The adjustments the rules make themselves, by their English reason (a unit test keeps this
# in step with `rules.severity.automatic_adjustments`).
AUTOMATIC_ADJUSTMENTS = {
    "vulnerable people concerned (ENISA: subject characteristics)": "vulnerable"
}


def adjustment_view(adjustment: DpcAdjustment, register: ProcessingRegister) -> AdjustmentView:
    key = AUTOMATIC_ADJUSTMENTS.get(adjustment.reason)
    if key is not None:
        return AdjustmentView(adjustment.step, key=f"adjustment.{key}")
    return AdjustmentView(adjustment.step, text=dpo_text(register, adjustment.reason))


def risk_view(assessment: Assessment | None, register: ProcessingRegister) -> RiskView:
    """The outcome in force with its method (ENISA parts and adjustments), reasons and
    assumptions; when the DPO overrode the rules, also the rules' own outcome."""
    if assessment is None:
        return RiskView(outcome=None)
    sev = assessment.severity
    return RiskView(
        outcome=assessment.risk,
        severity=SeverityView(
            dpc=float(sev.dpc),
            ei=sev.ei,
            cb=sev.cb,
            score=sev.score,
            band=sev.band,
            adjustments=tuple(adjustment_view(a, register) for a in sev.adjustments),
        ),
        reasons=tuple(statement_view(r, register) for r in assessment.reasons),
        assumptions=tuple(statement_view(a, register) for a in assessment.assumption_codes),
        notify_supervisory_authority=assessment.notify_supervisory_authority,
        notify_data_subjects=assessment.notify_data_subjects,
        rules_outcome=assessment.overridden_from,
    )


def communication_view(assessment: Assessment | None) -> CommunicationView:
    """Art. 34: planned when the people must be told; else not needed or exempted, and why."""
    if assessment is None:
        return CommunicationView()
    exemptions = tuple(assessment.exemptions)
    status: CommunicationStatus
    basis: CommunicationBasis
    if assessment.notify_data_subjects:
        status = "planned"
        basis = "public" if assessment.public_communication else "high"
    elif exemptions:
        status, basis = "exemption", "exemption"
    else:
        status, basis = "not_needed", "not_high"
    return CommunicationView(
        status=status, basis=basis, exemptions=exemptions, public=assessment.public_communication
    )


# Where an incident comes from (the GBA form's internal/external cause): our own people's
# mistakes and failures are internal, attacks from outside external; a lost or stolen device
# can be either, so it stays unknown until the DPO knows.
_INTERNAL = frozenset(
    {
        IncidentType.INSIDER_MISUSE,
        IncidentType.MAIL_MISDELIVERED,
        IncidentType.EMAIL_MISDIRECTED,
        IncidentType.OPEN_DISTRIBUTION_LIST,
        IncidentType.UNINTENDED_PUBLICATION,
        IncidentType.WRONG_DATA_SHOWN,
        IncidentType.MISCONFIGURATION,
        IncidentType.TECHNICAL_FAILURE,
        IncidentType.IMPROPER_DISPOSAL,
        IncidentType.VERBAL_DISCLOSURE,
        IncidentType.DATA_DELETED,
    }
)
_EXTERNAL = frozenset(
    {
        IncidentType.RANSOMWARE,
        IncidentType.HACKING_MALWARE,
        IncidentType.PHISHING_SOCIAL_ENGINEERING,
        IncidentType.CREDENTIAL_STUFFING,
    }
)


def cause_of(incident_type: IncidentType | None) -> Cause | None:
    if incident_type in _INTERNAL:
        return "internal"
    if incident_type in _EXTERNAL:
        return "external"
    return None


def other_authorities(
    assessment: Assessment | None, measures_taken: Measures
) -> tuple[Authority, ...]:
    """Authorities told besides the GBA: the police when a complaint was filed (a measure
    taken), the CCB when the NIS2 clocks run (Belgian NIS2 law)."""
    told: list[Authority] = []
    if "police_report" in measures_taken.codes:
        told.append("police")
    if assessment is not None and any(d.name.startswith("ccb_") for d in assessment.deadlines):
        told.append("ccb")
    return tuple(told)


def _exactness(count: int | None, exact: bool | None) -> CountExactness:
    if count is None:
        return "unknown"
    return "exact" if exact else "approximate"


def _activities(register: ProcessingRegister, activity_ids: Sequence[str]) -> list[Activity]:
    return [register.activity(i) for i in activity_ids if i in register.activities]


def _activity_views(activities: Sequence[Activity]) -> tuple[ActivityView, ...]:
    return tuple(
        ActivityView(id=a.id, name=name_of(a.name_label), role=a.role.value, client=a.client)
        for a in activities
    )


def _systems(activities: Sequence[Activity]) -> tuple[Name, ...] | None:
    labels = {s.default: s for a in activities for s in a.systems_labelled}
    return tuple(name_of(s) for s in labels.values()) or None


def _sorted(values: frozenset[DataCode] | None) -> tuple[DataCode, ...] | None:
    order = list(DataCode)
    return tuple(sorted(values, key=order.index)) if values is not None else None


def breach_view(
    facts: BreachFacts,
    assessment: Assessment | None,
    register: ProcessingRegister,
    activity_ids: Sequence[str],
    *,
    reference: str,
    version: int = 1,
    filing: Filing = Filing.NEW,
    completeness: Completeness | None = None,
    previous_reference: str | None = None,
    gba_reference: str | None = None,
    description: FreeText | None = None,
    reporting_person: Contact | None = None,
    occurred_from: datetime | None = None,
    occurred_to: datetime | None = None,
    detected_at: datetime | None = None,
    subject_count_exact: bool | None = None,
    subject_count_total: int | None = None,
    measures_taken: Measures | None = None,
    measures_planned: Measures | None = None,
    consequences: tuple[str, ...] | None = None,
    late: bool | None = None,
    delay_reasons: FreeText | None = None,
    evidence_files: int = 0,
    created_at: datetime | None = None,
) -> BreachView:
    """The breach as the controller of its first affected controller activity reports it.

    The controller is the legal entity of the first affected activity where we are
    controller; when every affected activity is a processor activity, the first client.
    `late` defaults to the assessment's own view (assessed after the GBA deadline).
    """
    activities = _activities(register, activity_ids)
    own = [a for a in activities if a.role is Role.CONTROLLER]
    if own:
        controller = entity_party(register, own[0].entity)
        our_entity = None
    elif activities and activities[0].client:
        controller = client_party(register, activities[0].client)
        our_entity = entity_party(register, activities[0].entity)
    else:
        controller, our_entity = None, None
    others = tuple(
        Party(
            name=register.client(a.client).name,
            kbo=register.client(a.client).kbo,
            role=Role.JOINT_CONTROLLER.value,
        )
        for a in activities
        if a.role is Role.JOINT_CONTROLLER and a.client
    )
    deadline = assessment.supervisory_authority_deadline if assessment else None
    if late is None and assessment is not None and deadline is not None:
        late = assessment.assessed_at > deadline
    taken = measures_taken or Measures()
    return BreachView(
        reference=reference,
        version=version,
        filing=filing,
        completeness=completeness,
        previous_reference=previous_reference,
        gba_reference=gba_reference,
        controller=controller,
        our_entity=our_entity,
        reporting_person=reporting_person,
        dpo=dpo_contact(register),
        other_parties=others,
        activities=_activity_views(activities),
        timeline=Timeline(
            occurred_from=occurred_from,
            occurred_to=occurred_to,
            detected_at=detected_at,
            aware_at=facts.aware_at,
            deadline=deadline,
            late=late,
            delay_reasons=delay_reasons if late else None,
        ),
        description=description,
        nature=tuple(sorted(facts.nature)) if facts.nature is not None else None,
        confidentiality=facts.confidentiality,
        integrity=facts.integrity,
        availability=facts.availability,
        incident_type=facts.incident_type,
        malicious=facts.malicious,
        cause=cause_of(facts.incident_type),
        systems=_systems(activities),
        subject_categories=facts.subjects.categories or None,
        subject_count=facts.subjects.count,
        subject_count_exactness=_exactness(facts.subjects.count, subject_count_exact),
        subject_count_total=subject_count_total if facts.subjects.count is None else None,
        vulnerable=facts.subjects.vulnerable,
        data=_sorted(facts.data),
        data_open=facts.data is None or facts.data_open,
        risk=risk_view(assessment, register),
        measures_taken=taken,
        measures_planned=measures_planned or Measures(),
        consequences=consequences
        if consequences is not None or assessment is None
        else likely_consequences(assessment.resolved),
        communication=communication_view(assessment),
        other_authorities=other_authorities(assessment, taken),
        # Every entity of the register is a Belgian company (a KBO/BCE number): the GBA is the
        # only authority concerned (Art. 56 GDPR's one-stop shop does not apply).
        cross_border=CrossBorder(applies=False),
        evidence_files=evidence_files,
        created_at=created_at,
    )


def processor_notice_view(
    base: BreachView,
    register: ProcessingRegister,
    client_id: str,
    *,
    subject_count: int | None = None,
    subject_count_exact: bool | None = None,
    subject_count_total: int | None = None,
    description: FreeText | None = None,
    window_hours: float | None = None,
    due_at: datetime | None = None,
) -> BreachView:
    """`base` narrowed to one client controller: its activities, its data, its people.

    Everything that could name or describe another client is dropped or recomputed from
    this client's activities: the activity list, data types (the breach's data within this
    client's activities), subject categories and systems; other parties and the reporting
    person (who may work for another client) are left out, and the people count is this
    client's own or unknown, never the breach total. `description` is the DPO's client-safe
    text (never the reporter's, which may name other clients); `window_hours` and `due_at`
    are the contract's notice window and the time it gives (Art. 33(2)).
    """
    client = register.client(client_id)
    mine = register.activities_for_client(client_id)
    touched = {a.id for a in base.activities}
    activities = [a for a in mine if a.id in touched] or mine
    client_data = {c for a in activities for c in a.data}
    data = tuple(c for c in base.data if c in client_data) if base.data is not None else None
    return replace(
        base,
        controller=client_party(register, client.id),
        our_entity=entity_party(register, activities[0].entity) if activities else None,
        reporting_person=None,
        other_parties=(),
        activities=_activity_views(activities),
        systems=_systems(activities),
        subject_categories=tuple(dict.fromkeys(s for a in activities for s in a.subjects)) or None,
        subject_count=subject_count,
        subject_count_exactness=_exactness(subject_count, subject_count_exact),
        subject_count_total=subject_count_total if subject_count is None else None,
        record_count=None,
        data=data,
        description=description,
        changes=(),
        notice_window_hours=window_hours,
        notice_due_at=due_at,
    )


def affected_clients(register: ProcessingRegister, activity_ids: Sequence[str]) -> list[str]:
    """Every client controller with a processor activity among the affected ones."""
    clients = [
        a.client
        for a in _activities(register, activity_ids)
        if a.role is Role.PROCESSOR and a.client
    ]
    return list(dict.fromkeys(clients))

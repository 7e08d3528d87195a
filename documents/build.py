"""From the decision core's objects to the documents' view-models.

`breach_view` maps BreachFacts + Assessment + Register + the affected activity ids onto a
`BreachView`; `processor_notice_view` narrows it to one client controller, so a processor
notice is built from that client's activities and data only (Art. 33(2)). The rules'
reasons and assumptions are English sentences: they become `FreeText` in English, which a
Dutch, French or German document shows under a "not translated" note, never silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from documents.viewmodels import (
    ActivityView,
    BreachView,
    CommunicationStatus,
    CommunicationView,
    Contact,
    CountExactness,
    FreeText,
    Measures,
    Party,
    Reason,
    RiskView,
    SeverityView,
    Timeline,
)
from rules.codes import Completeness, DataCode, Filing, Language
from rules.consequences import likely_consequences
from rules.processing_register import Activity, ProcessingRegister, Role

if TYPE_CHECKING:
    from rules.assessment import Assessment
    from rules.facts import BreachFacts


def english(text: str) -> FreeText:
    return FreeText({Language.EN: text}, original=Language.EN)


def entity_party(register: ProcessingRegister, entity_id: str) -> Party:
    entity = register.entity(entity_id)
    return Party(name=entity.name, kbo=entity.kbo, address=entity.address)


def client_party(register: ProcessingRegister, client_id: str) -> Party:
    client = register.client(client_id)
    return Party(name=client.name, kbo=client.kbo, address=client.address, email=client.email)


def dpo_contact(register: ProcessingRegister) -> Contact:
    dpo = register.dpo
    return Contact(name=dpo.name, email=dpo.email, phone=dpo.phone, address=dpo.address)


def risk_view(assessment: Assessment | None) -> RiskView:
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
            adjustments=tuple(
                english(f"{'+' if a.step > 0 else '-'}1 DPC: {a.reason}") for a in sev.adjustments
            ),
        ),
        reasons=tuple(Reason(r.article, english(r.text)) for r in assessment.reasons),
        assumptions=tuple(english(a) for a in assessment.assumptions),
        notify_supervisory_authority=assessment.notify_supervisory_authority,
        notify_data_subjects=assessment.notify_data_subjects,
        rules_outcome=assessment.overridden_from,
    )


def communication_view(assessment: Assessment | None) -> CommunicationView:
    """Art. 34: planned when the people must be told; else not needed or exempted."""
    if assessment is None:
        return CommunicationView()
    exemptions = tuple(assessment.exemptions)
    status: CommunicationStatus
    if assessment.notify_data_subjects:
        status = "planned"
    elif exemptions:
        status = "exemption"
    else:
        status = "not_needed"
    return CommunicationView(
        status=status, exemptions=exemptions, public=assessment.public_communication
    )


def _exactness(count: int | None, exact: bool | None) -> CountExactness:
    if count is None:
        return "unknown"
    return "exact" if exact else "approximate"


def _activities(register: ProcessingRegister, activity_ids: Sequence[str]) -> list[Activity]:
    return [register.activity(i) for i in activity_ids if i in register.activities]


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
    description: FreeText | None = None,
    reporting_person: Contact | None = None,
    occurred_from: datetime | None = None,
    occurred_to: datetime | None = None,
    detected_at: datetime | None = None,
    subject_count_exact: bool | None = None,
    measures_taken: Measures | None = None,
    measures_planned: Measures | None = None,
    consequences: tuple[str, ...] | None = None,
    created_at: datetime | None = None,
) -> BreachView:
    """The breach as the controller of its first affected controller activity reports it.

    The controller is the legal entity of the first affected activity where we are
    controller; when every affected activity is a processor activity, the first client.
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
    late = None
    if assessment is not None and deadline is not None:
        late = assessment.assessed_at > deadline
    systems = tuple(dict.fromkeys(s for a in activities for s in a.systems)) or None
    return BreachView(
        reference=reference,
        version=version,
        filing=filing,
        completeness=completeness,
        previous_reference=previous_reference,
        controller=controller,
        our_entity=our_entity,
        reporting_person=reporting_person,
        dpo=dpo_contact(register),
        other_parties=others,
        activities=tuple(
            ActivityView(id=a.id, name=a.name, role=a.role.value, client=a.client)
            for a in activities
        ),
        timeline=Timeline(
            occurred_from=occurred_from,
            occurred_to=occurred_to,
            detected_at=detected_at,
            aware_at=facts.aware_at,
            deadline=deadline,
            late=late,
        ),
        description=description,
        nature=tuple(sorted(facts.nature)) if facts.nature is not None else None,
        confidentiality=facts.confidentiality,
        integrity=facts.integrity,
        availability=facts.availability,
        incident_type=facts.incident_type,
        malicious=facts.malicious,
        systems=systems,
        subject_categories=facts.subjects.categories or None,
        subject_count=facts.subjects.count,
        subject_count_exactness=_exactness(facts.subjects.count, subject_count_exact),
        vulnerable=facts.subjects.vulnerable,
        data=_sorted(facts.data),
        risk=risk_view(assessment),
        measures_taken=measures_taken or Measures(),
        measures_planned=measures_planned or Measures(),
        consequences=consequences
        if consequences is not None or assessment is None
        else likely_consequences(assessment.resolved),
        communication=communication_view(assessment),
        created_at=created_at,
    )


def processor_notice_view(
    base: BreachView,
    register: ProcessingRegister,
    client_id: str,
    *,
    subject_count: int | None = None,
    subject_count_exact: bool | None = None,
    description: FreeText | None = None,
) -> BreachView:
    """`base` narrowed to one client controller: its activities, its data, its people.

    Everything that could name or describe another client is dropped or recomputed from
    this client's activities: the activity list, data types (the breach's data within this
    client's activities), subject categories and systems; other parties and the reporting
    person (who may work for another client) are left out, and the people count is this
    client's own or unknown, never the breach total. Pass `description` when the breach's
    description mentions other clients.
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
        activities=tuple(
            ActivityView(id=a.id, name=a.name, role=a.role.value, client=a.client)
            for a in activities
        ),
        systems=tuple(dict.fromkeys(s for a in activities for s in a.systems)) or None,
        subject_categories=tuple(dict.fromkeys(s for a in activities for s in a.subjects)) or None,
        subject_count=subject_count,
        subject_count_exactness=_exactness(subject_count, subject_count_exact),
        record_count=None,
        data=data,
        description=description if description is not None else base.description,
        changes=(),
    )


def affected_clients(register: ProcessingRegister, activity_ids: Sequence[str]) -> list[str]:
    """Every client controller with a processor activity among the affected ones."""
    clients = [
        a.client
        for a in _activities(register, activity_ids)
        if a.role is Role.PROCESSOR and a.client
    ]
    return list(dict.fromkeys(clients))

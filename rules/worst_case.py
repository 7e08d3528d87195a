"""Unknown facts take their worst value (DOMAIN.md §3, EDPB 9/2022: act promptly).

The decision rules only ever see `Resolved` facts; each substitution is kept as an assumption
so the DPO sees what to find out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rules.codes import (
    Availability,
    Confidentiality,
    DataCode,
    Identifiability,
    Integrity,
    Nature,
    ServiceImpact,
    Unintelligible,
)
from rules.facts import BreachFacts

# An unknown count is taken as 10,000 or more (DOMAIN.md §3).
UNKNOWN_COUNT = 10_000
# Unknown duration of unavailability: taken as lasting, i.e. more than 24 hours.
UNKNOWN_UNAVAILABLE_HOURS = float("inf")


@dataclass(frozen=True)
class Resolved:
    """Facts with every unknown replaced by its worst value."""

    aware_at: datetime
    malicious: bool
    data: frozenset[DataCode]
    subject_count: int
    vulnerable: bool
    identifiability: Identifiability
    unintelligible: Unintelligible
    confidentiality: Confidentiality
    recipients_count: int
    recipients_trusted: bool
    integrity: Integrity
    availability: Availability
    unavailable_hours: float
    service_impact: ServiceImpact
    measures_neutralise_high_risk: bool
    subjects_contactable: bool
    nis2_significant: bool


def resolve(facts: BreachFacts, *, now: datetime) -> tuple[Resolved, list[str]]:
    """Worst values for unknown facts, and one assumption sentence for each."""
    assumptions: list[str] = []

    def assume(text: str) -> None:
        assumptions.append(text)

    nature = facts.nature
    if nature is None:
        assume("nature unknown: confidentiality, integrity and availability all taken as lost")
        nature = frozenset(Nature)

    aware_at = facts.aware_at
    if aware_at is None:
        aware_at = now
        assume("aware_at unknown: the time of this assessment taken as the moment of awareness")

    malicious = facts.malicious
    if malicious is None:
        malicious = True
        assume("malicious unknown: taken as a deliberate act")

    data = facts.data
    if data is None:
        data = frozenset({DataCode.HEALTH, DataCode.NATIONAL_ID_NUMBER, DataCode.FINANCIAL})
        assume("data types unknown: taken as including special-category and financial data")

    count = facts.subjects.count
    if count is None:
        count = UNKNOWN_COUNT
        assume(f"number of people unknown: taken as {UNKNOWN_COUNT:,} or more")

    vulnerable = facts.subjects.vulnerable
    if vulnerable is None:
        vulnerable = True
        assume("vulnerability of the people unknown: taken as vulnerable people")

    identifiability = facts.identifiability
    if identifiability is None:
        identifiability = Identifiability.MAXIMUM
        assume("identifiability unknown: taken as maximum")

    unintelligible = facts.unintelligible
    if unintelligible is None:
        unintelligible = Unintelligible.NO
        assume("encryption unknown: data taken as readable")

    confidentiality = facts.confidentiality
    if confidentiality is None:
        if Nature.CONFIDENTIALITY in nature:
            confidentiality = Confidentiality.UNKNOWN_RECIPIENTS
            assume("confidentiality unknown: taken as unknown recipients")
        else:
            confidentiality = Confidentiality.NOT_AFFECTED

    recipients_count = facts.recipients_count
    if recipients_count is None:
        recipients_count = UNKNOWN_COUNT
        if confidentiality is Confidentiality.KNOWN_RECIPIENTS:
            assume("number of recipients unknown: taken as more than 5")

    trusted = facts.recipients_trusted
    if trusted is None:
        trusted = False
        if confidentiality is Confidentiality.KNOWN_RECIPIENTS:
            assume("trust in the recipients unknown: taken as untrusted")

    integrity = facts.integrity
    if integrity is None:
        if Nature.INTEGRITY in nature:
            integrity = Integrity.ALTERED_UNRECOVERABLE
            assume("integrity unknown: taken as altered and not recoverable")
        else:
            integrity = Integrity.NOT_AFFECTED

    availability = facts.availability
    if availability is None:
        if Nature.AVAILABILITY in nature:
            availability = Availability.PERMANENT
            assume("availability unknown: taken as permanently lost")
        else:
            availability = Availability.NOT_AFFECTED

    hours = facts.unavailable_hours
    if hours is None:
        hours = UNKNOWN_UNAVAILABLE_HOURS
        if availability is Availability.TEMPORARY:
            assume("duration of unavailability unknown: taken as more than 24 hours")

    impact = facts.service_impact
    if impact is None:
        impact = ServiceImpact.CRITICAL
        if availability not in (
            Availability.NOT_AFFECTED,
            Availability.RECOVERED_WITHOUT_DIFFICULTY,
        ):
            assume("service impact unknown: taken as critical")

    neutralised = facts.measures_neutralise_high_risk
    if neutralised is None:
        neutralised = False
        assume("effect of later measures unknown: the high risk is taken as not neutralised")

    contactable = facts.subjects_contactable
    if contactable is None:
        contactable = True
        assume("whether each person can be reached unknown: individual letters are planned")

    nis2 = facts.nis2_significant
    if nis2 is None:
        nis2 = True
        assume("NIS2 significance unknown: the CCB clocks are started")

    return (
        Resolved(
            aware_at=aware_at,
            malicious=malicious,
            data=data,
            subject_count=count,
            vulnerable=vulnerable,
            identifiability=identifiability,
            unintelligible=unintelligible,
            confidentiality=confidentiality,
            recipients_count=recipients_count,
            recipients_trusted=trusted,
            integrity=integrity,
            availability=availability,
            unavailable_hours=hours,
            service_impact=impact,
            measures_neutralise_high_risk=neutralised,
            subjects_contactable=contactable,
            nis2_significant=nis2,
        ),
        assumptions,
    )

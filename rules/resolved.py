"""The facts as the decision table reads them: every fact with one value.

`FactView` is what a rule may read; `Resolved` is one complete set of values (a completion of
the breach facts with each unknown at a worst value), which severity, consequences, exemptions
and deadlines read. The search in `rules.search` hands the rules a lazy view instead, so a rule
reads only what its row needs and only those facts are varied.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from rules.codes import (
    Availability,
    Confidentiality,
    DataCode,
    Identifiability,
    Integrity,
    ServiceImpact,
    Unintelligible,
)

# The facts a row of the decision table may read, by their `Resolved` names.
RULE_FACTS: tuple[str, ...] = (
    "malicious",
    "data",
    "subject_count",
    "vulnerable",
    "identifiability",
    "unintelligible",
    "confidentiality",
    "recipients_count",
    "recipients_trusted",
    "integrity",
    "availability",
    "unavailable_hours",
    "service_impact",
)

# Their paths in the cases format (`examples/cases/README.md`), as assumptions name them.
FACT_PATHS: dict[str, str] = {
    "malicious": "malicious",
    "data": "data",
    "subject_count": "subjects.count",
    "vulnerable": "subjects.vulnerable",
    "identifiability": "identifiability",
    "unintelligible": "unintelligible",
    "confidentiality": "confidentiality",
    "recipients_count": "recipients_count",
    "recipients_trusted": "recipients_trusted",
    "integrity": "integrity",
    "availability": "availability",
    "unavailable_hours": "unavailable_hours",
    "service_impact": "service_impact",
}


class FactView(Protocol):
    """The facts a rule reads, each with one value."""

    @property
    def malicious(self) -> bool: ...
    @property
    def data(self) -> frozenset[DataCode]: ...
    @property
    def subject_count(self) -> int: ...
    @property
    def vulnerable(self) -> bool: ...
    @property
    def identifiability(self) -> Identifiability: ...
    @property
    def unintelligible(self) -> Unintelligible: ...
    @property
    def confidentiality(self) -> Confidentiality: ...
    @property
    def recipients_count(self) -> int: ...
    @property
    def recipients_trusted(self) -> bool: ...
    @property
    def integrity(self) -> Integrity: ...
    @property
    def availability(self) -> Availability: ...
    @property
    def unavailable_hours(self) -> float: ...
    @property
    def service_impact(self) -> ServiceImpact: ...


@dataclass(frozen=True)
class Resolved:
    """One complete set of facts: each unknown at a worst value for the decision."""

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

"""Small factories for facts: everything known and harmless unless a test says otherwise."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rules.codes import (
    Availability,
    Confidentiality,
    DataCode,
    Identifiability,
    IncidentType,
    Integrity,
    Nature,
    ServiceImpact,
    Unintelligible,
)
from rules.facts import BreachFacts, Subjects

AWARE_AT = datetime.fromisoformat("2026-03-27T10:00:00+01:00")
NOW = datetime.fromisoformat("2026-03-27T12:00:00+01:00")


def harmless(**changes: Any) -> BreachFacts:
    """A breach that, as it stands, is unlikely to result in a risk on every dimension."""
    base = BreachFacts(
        aware_at=AWARE_AT,
        nature=frozenset({Nature.CONFIDENTIALITY}),
        incident_type=IncidentType.EMAIL_MISDIRECTED,
        malicious=False,
        data=frozenset({DataCode.BASIC_IDENTITY, DataCode.CONTACT}),
        subjects=Subjects(count=3, categories=("customers",), vulnerable=False),
        identifiability=Identifiability.MAXIMUM,
        unintelligible=Unintelligible.NO,
        confidentiality=Confidentiality.NOT_AFFECTED,
        recipients_count=None,
        recipients_trusted=False,
        integrity=Integrity.NOT_AFFECTED,
        availability=Availability.NOT_AFFECTED,
        unavailable_hours=None,
        service_impact=ServiceImpact.NONE,
    )
    return base.with_changes(**changes)


def people(count: int | None, *, vulnerable: bool | None = False) -> Subjects:
    return Subjects(count=count, categories=("customers",), vulnerable=vulnerable)


def data(*codes: DataCode) -> frozenset[DataCode]:
    return frozenset(codes)

"""The breach facts of `../shared/cases/README.md` (schema_version 1), parsed and validated.

`None` stands for `unknown` everywhere: the rules, not the parser, decide which worst value an
unknown fact takes, so the assumptions can be listed for the DPO.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from rules.codes import (
    UNKNOWN,
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

E = TypeVar("E", bound=StrEnum)


class FactsError(ValueError):
    """A fact has the wrong type or an unknown code; names the field."""

    def __init__(self, field_name: str, message: str) -> None:
        self.field = field_name
        self.message = message
        super().__init__(f"{field_name}: {message}")


@dataclass(frozen=True)
class Subjects:
    count: int | None = None
    categories: tuple[str, ...] = ()
    vulnerable: bool | None = None


@dataclass(frozen=True)
class BreachFacts:
    """What is known of one breach; `None` means unknown."""

    aware_at: datetime | None = None
    nature: frozenset[Nature] | None = None
    incident_type: IncidentType | None = None
    malicious: bool | None = None
    data: frozenset[DataCode] | None = None
    subjects: Subjects = field(default_factory=Subjects)
    identifiability: Identifiability | None = None
    unintelligible: Unintelligible | None = None
    confidentiality: Confidentiality | None = None
    recipients_count: int | None = None
    recipients_trusted: bool | None = None
    integrity: Integrity | None = None
    availability: Availability | None = None
    unavailable_hours: float | None = None
    service_impact: ServiceImpact | None = None
    measures_neutralise_high_risk: bool | None = False
    subjects_contactable: bool | None = True
    nis2_significant: bool | None = False

    def with_changes(self, **changes: Any) -> BreachFacts:
        return replace(self, **changes)


def _is_unknown(value: Any) -> bool:
    return value is None or value == UNKNOWN


def _code(raw: Mapping[str, Any], name: str, enum: type[E]) -> E | None:
    return _coerce(raw.get(name), name, enum)


def _coerce(value: Any, name: str, enum: type[E]) -> E | None:
    if _is_unknown(value):
        return None
    if not isinstance(value, str):
        raise FactsError(name, f"must be a code, got {type(value).__name__}")
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        message = f"unknown code {value!r} (expected one of {allowed}, unknown)"
        raise FactsError(name, message) from None


def _codes(raw: Mapping[str, Any], name: str, enum: type[E]) -> frozenset[E] | None:
    value = raw.get(name)
    if _is_unknown(value):
        return None
    if not isinstance(value, list):
        raise FactsError(name, f"must be a list of codes, got {type(value).__name__}")
    codes: set[E] = set()
    for i, item in enumerate(value):
        code = _coerce(item, f"{name}[{i}]", enum)
        if code is None:
            message = "a list item cannot be unknown: leave the whole list unknown"
            raise FactsError(f"{name}[{i}]", message)
        codes.add(code)
    return frozenset(codes)


def _boolean(raw: Mapping[str, Any], name: str, default: bool | None) -> bool | None:
    if name not in raw:
        return default
    value = raw[name]
    if _is_unknown(value):
        return None
    if not isinstance(value, bool):
        raise FactsError(name, f"must be true, false or unknown, got {value!r}")
    return value


def _number(raw: Mapping[str, Any], name: str, cast: Callable[[Any], Any]) -> Any:
    value = raw.get(name)
    if _is_unknown(value):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FactsError(name, f"must be a number, null or unknown, got {value!r}")
    if cast is int and value != int(value):
        raise FactsError(name, f"must be a whole number, got {value!r}")
    if value < 0:
        raise FactsError(name, f"must not be negative, got {value!r}")
    return cast(value)


def parse_instant(value: Any, name: str) -> datetime | None:
    """An ISO 8601 instant with its offset; a naive time is refused (no guessing the zone)."""
    if _is_unknown(value):
        return None
    if not isinstance(value, str):
        raise FactsError(name, f"must be an ISO 8601 time with offset, got {value!r}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise FactsError(name, f"{value!r} is not an ISO 8601 time") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise FactsError(name, f"{value!r} has no UTC offset (write e.g. +01:00 or Z)")
    return parsed


def _subjects(raw: Mapping[str, Any]) -> Subjects:
    value = raw.get("subjects")
    if _is_unknown(value):
        return Subjects()
    if not isinstance(value, Mapping):
        raise FactsError("subjects", "must be an object with count, categories, vulnerable")
    categories = value.get("categories", [])
    if _is_unknown(categories):
        categories = []
    if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
        raise FactsError("subjects.categories", "must be a list of words")
    try:
        count = _number(value, "count", int)
        vulnerable = _boolean(value, "vulnerable", None)
    except FactsError as exc:
        raise FactsError(f"subjects.{exc.field}", exc.message) from exc
    return Subjects(count=count, categories=tuple(categories), vulnerable=vulnerable)


def parse_facts(document: Mapping[str, Any]) -> BreachFacts:
    """Parse a case file (with a `breach` object) or a bare `breach` object."""
    raw = document.get("breach", document)
    if not isinstance(raw, Mapping):
        raise FactsError("breach", "must be an object")
    nature = _codes(raw, "nature", Nature)
    if nature is not None and not nature:
        raise FactsError(
            "nature",
            "must name at least one of confidentiality, integrity, availability (or be unknown)",
        )
    return BreachFacts(
        aware_at=parse_instant(raw.get("aware_at"), "aware_at"),
        nature=nature,
        incident_type=_code(raw, "incident_type", IncidentType),
        malicious=_boolean(raw, "malicious", None),
        data=_codes(raw, "data", DataCode),
        subjects=_subjects(raw),
        identifiability=_code(raw, "identifiability", Identifiability),
        unintelligible=_code(raw, "unintelligible", Unintelligible),
        confidentiality=_code(raw, "confidentiality", Confidentiality),
        recipients_count=_number(raw, "recipients_count", int),
        recipients_trusted=_boolean(raw, "recipients_trusted", None),
        integrity=_code(raw, "integrity", Integrity),
        availability=_code(raw, "availability", Availability),
        unavailable_hours=_number(raw, "unavailable_hours", float),
        service_impact=_code(raw, "service_impact", ServiceImpact),
        # Defaults for left-out fields per cases/README.md.
        measures_neutralise_high_risk=_boolean(raw, "measures_neutralise_high_risk", False),
        subjects_contactable=_boolean(raw, "subjects_contactable", True),
        nis2_significant=_boolean(raw, "nis2_significant", False),
    )


def _out(value: Any) -> Any:
    if value is None:
        return UNKNOWN
    if isinstance(value, StrEnum):
        return value.value
    return value


def facts_to_dict(facts: BreachFacts) -> dict[str, Any]:
    """The facts back in the cases/README.md format (stable order, `unknown` spelt out)."""
    return {
        "aware_at": facts.aware_at.isoformat() if facts.aware_at else UNKNOWN,
        "nature": sorted(n.value for n in facts.nature) if facts.nature is not None else UNKNOWN,
        "incident_type": _out(facts.incident_type),
        "malicious": _out(facts.malicious),
        "data": sorted(d.value for d in facts.data) if facts.data is not None else UNKNOWN,
        "subjects": {
            "count": facts.subjects.count,
            "categories": list(facts.subjects.categories),
            "vulnerable": _out(facts.subjects.vulnerable),
        },
        "identifiability": _out(facts.identifiability),
        "unintelligible": _out(facts.unintelligible),
        "confidentiality": _out(facts.confidentiality),
        "recipients_count": facts.recipients_count,
        "recipients_trusted": _out(facts.recipients_trusted),
        "integrity": _out(facts.integrity),
        "availability": _out(facts.availability),
        "unavailable_hours": facts.unavailable_hours,
        "service_impact": _out(facts.service_impact),
        "measures_neutralise_high_risk": _out(facts.measures_neutralise_high_risk),
        "subjects_contactable": _out(facts.subjects_contactable),
        "nis2_significant": _out(facts.nis2_significant),
    }


def merge_facts(base: Mapping[str, Any], update: Mapping[str, Any]) -> dict[str, Any]:
    """New facts over old ones; `subjects` is merged field by field. Validates the result."""
    merged = dict(base)
    for key, value in update.items():
        if (
            key == "subjects"
            and isinstance(value, Mapping)
            and isinstance(merged.get("subjects"), Mapping)
        ):
            merged["subjects"] = {**merged["subjects"], **value}
        else:
            merged[key] = value
    parse_facts(merged)
    return merged

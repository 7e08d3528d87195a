"""The breach facts of `examples/cases/README.md` (schema_version 1), parsed and validated.

`None` stands for `unknown` everywhere: the rules, not the parser, decide which worst value an
unknown fact takes, so the assumptions can be listed for the DPO. A list may also hold
`unknown` beside known codes (`["contact", "unknown"]`): the known codes are kept, so documents
can still name them, and `data_open` / `nature_open` say that more may exist.

`scopes` split the breach per affected processing activity (README "The breach-facts format:
scopes"): each controller assesses its own breach (Art. 33(1), 34(1) GDPR), so each activity's
people, data and count can be stated apart; what a scope leaves out is the breach's.
"""

from __future__ import annotations

import math
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

# Magnitudes beyond these are typing errors, not facts (no more people than the world has).
MAX_PEOPLE = 9_000_000_000
MAX_RECIPIENTS = 9_000_000_000
MAX_HOURS = 1_000_000


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
class Scope:
    """One affected processing activity's share of the breach.

    `facts` are the breach's facts with the scope's own over them (`subjects` field by field);
    `stated` names the facts the scope gives itself. Its number of people is never the breach's
    total: unless the scope states it, it is unknown (and at most that total).
    """

    activity: str
    facts: BreachFacts
    stated: frozenset[str] = frozenset()


@dataclass(frozen=True)
class BreachFacts:
    """What is known of one breach; `None` means unknown.

    `data_open` (`nature_open`): `data` (`nature`) holds the codes known so far and more may
    exist. It qualifies a known list only: a wholly unknown list is `None`, never open.
    """

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
    data_open: bool = False
    nature_open: bool = False
    scopes: tuple[Scope, ...] = ()

    def __post_init__(self) -> None:
        # One spelling per meaning: wholly unknown is `None`, never "open and empty".
        for codes, open_ended in (("data", "data_open"), ("nature", "nature_open")):
            if getattr(self, open_ended) and not getattr(self, codes):
                object.__setattr__(self, codes, None)
            if getattr(self, codes) is None:
                object.__setattr__(self, open_ended, False)

    def with_changes(self, **changes: Any) -> BreachFacts:
        return replace(self, **changes)

    @property
    def data_known(self) -> frozenset[DataCode]:
        """The data types known to be involved (empty when none is known yet)."""
        return self.data or frozenset()

    @property
    def data_complete(self) -> bool:
        """Every data type involved is known (no `unknown` in the list)."""
        return self.data is not None and not self.data_open

    def scope(self, activity: str) -> Scope | None:
        return next((s for s in self.scopes if s.activity == activity), None)


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


def _codes(raw: Mapping[str, Any], name: str, enum: type[E]) -> tuple[frozenset[E] | None, bool]:
    """A list of codes: (the known codes, whether more may exist). `["unknown"]` and
    `"unknown"` are wholly unknown (None); `["contact", "unknown"]` keeps `contact`, open."""
    value = raw.get(name)
    if _is_unknown(value):
        return None, False
    if not isinstance(value, list):
        raise FactsError(name, f"must be a list of codes, got {type(value).__name__}")
    codes: set[E] = set()
    open_ended = False
    for i, item in enumerate(value):
        code = _coerce(item, f"{name}[{i}]", enum)
        if code is None:
            if item is None:
                raise FactsError(f"{name}[{i}]", 'must be a code or "unknown", got null')
            open_ended = True
        else:
            codes.add(code)
    if open_ended and not codes:
        return None, False
    return frozenset(codes), open_ended


def _boolean(raw: Mapping[str, Any], name: str, default: bool | None) -> bool | None:
    if name not in raw:
        return default
    value = raw[name]
    if _is_unknown(value):
        return None
    if not isinstance(value, bool):
        raise FactsError(name, f"must be true, false or unknown, got {value!r}")
    return value


def _number(raw: Mapping[str, Any], name: str, cast: Callable[[Any], Any], maximum: float) -> Any:
    """A finite, non-negative number up to a plausible `maximum`; null or unknown is None."""
    value = raw.get(name)
    if _is_unknown(value):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FactsError(name, f"must be a number, null or unknown, got {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise FactsError(name, f"must be a finite number, got {value!r}")
    if value < 0:
        raise FactsError(name, f"must not be negative, got {value!r}")
    if value > maximum:
        raise FactsError(name, f"must be at most {maximum:,.0f}, got {value!r}")
    if cast is int and value != int(value):
        raise FactsError(name, f"must be a whole number, got {value!r}")
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
        count = _number(value, "count", int, MAX_PEOPLE)
        vulnerable = _boolean(value, "vulnerable", None)
    except FactsError as exc:
        raise FactsError(f"subjects.{exc.field}", exc.message) from exc
    return Subjects(count=count, categories=tuple(categories), vulnerable=vulnerable)


def _breach(raw: Mapping[str, Any]) -> BreachFacts:
    nature, nature_open = _codes(raw, "nature", Nature)
    if nature is not None and not nature:
        raise FactsError(
            "nature",
            "must name at least one of confidentiality, integrity, availability (or be unknown)",
        )
    data, data_open = _codes(raw, "data", DataCode)
    return BreachFacts(
        aware_at=parse_instant(raw.get("aware_at"), "aware_at"),
        nature=nature,
        nature_open=nature_open,
        incident_type=_code(raw, "incident_type", IncidentType),
        malicious=_boolean(raw, "malicious", None),
        data=data,
        data_open=data_open,
        subjects=_subjects(raw),
        identifiability=_code(raw, "identifiability", Identifiability),
        unintelligible=_code(raw, "unintelligible", Unintelligible),
        confidentiality=_code(raw, "confidentiality", Confidentiality),
        recipients_count=_number(raw, "recipients_count", int, MAX_RECIPIENTS),
        recipients_trusted=_boolean(raw, "recipients_trusted", None),
        integrity=_code(raw, "integrity", Integrity),
        availability=_code(raw, "availability", Availability),
        unavailable_hours=_number(raw, "unavailable_hours", float, MAX_HOURS),
        service_impact=_code(raw, "service_impact", ServiceImpact),
        # Defaults for left-out fields per examples/cases/README.md.
        measures_neutralise_high_risk=_boolean(raw, "measures_neutralise_high_risk", False),
        subjects_contactable=_boolean(raw, "subjects_contactable", True),
        nis2_significant=_boolean(raw, "nis2_significant", False),
    )


# The facts a scope may state: every fact of the breach but its scopes.
SCOPE_FACTS = frozenset(
    {
        "aware_at",
        "nature",
        "incident_type",
        "malicious",
        "data",
        "subjects",
        "identifiability",
        "unintelligible",
        "confidentiality",
        "recipients_count",
        "recipients_trusted",
        "integrity",
        "availability",
        "unavailable_hours",
        "service_impact",
        "measures_neutralise_high_risk",
        "subjects_contactable",
        "nis2_significant",
    }
)


def _scope_raw(breach_raw: Mapping[str, Any], item: Mapping[str, Any]) -> dict[str, Any]:
    """The scope's facts over the breach's; the breach's count of people is not inherited."""
    merged = {k: v for k, v in breach_raw.items() if k in SCOPE_FACTS}
    for key, value in item.items():
        if key != "activity":
            merged[key] = value
    inherited = breach_raw.get("subjects")
    own = item.get("subjects")
    if isinstance(own, Mapping):
        base = dict(inherited) if isinstance(inherited, Mapping) else {}
        base.pop("count", None)
        merged["subjects"] = {**base, **own}
    elif "subjects" not in item and isinstance(inherited, Mapping):
        merged["subjects"] = {k: v for k, v in inherited.items() if k != "count"}
    return merged


def _scope(breach_raw: Mapping[str, Any], breach: BreachFacts, item: Any, path: str) -> Scope:
    if not isinstance(item, Mapping):
        raise FactsError(path, "must be an object with an activity and the facts it states")
    activity = item.get("activity")
    if not isinstance(activity, str) or not activity.strip():
        raise FactsError(f"{path}.activity", "must name a processing activity (its register id)")
    for key in item:
        if key != "activity" and key not in SCOPE_FACTS:
            raise FactsError(f"{path}.{key}", "is not a fact a scope can state")
    try:
        facts = _breach(_scope_raw(breach_raw, item))
    except FactsError as exc:
        raise FactsError(f"{path}.{exc.field}", exc.message) from exc
    count, total = facts.subjects.count, breach.subjects.count
    if count is not None and total is not None and count > total:
        raise FactsError(
            f"{path}.subjects.count", f"{count:,} is more than the whole breach's {total:,}"
        )
    return Scope(activity.strip(), facts, frozenset(item) - {"activity"})


def _scopes(raw: Mapping[str, Any], breach: BreachFacts) -> tuple[Scope, ...]:
    value = raw.get("scopes")
    if value is None:
        return ()
    if not isinstance(value, list):
        raise FactsError("scopes", "must be a list of objects, one per affected activity")
    scopes: list[Scope] = []
    for i, item in enumerate(value):
        scope = _scope(raw, breach, item, f"scopes[{i}]")
        first = next((j for j, s in enumerate(scopes) if s.activity == scope.activity), None)
        if first is not None:
            raise FactsError(
                f"scopes[{i}].activity", f"{scope.activity!r} already has scopes[{first}]"
            )
        scopes.append(scope)
    return tuple(scopes)


def parse_facts(document: Mapping[str, Any]) -> BreachFacts:
    """Parse a case file (with a `breach` object) or a bare `breach` object."""
    raw = document.get("breach", document)
    if not isinstance(raw, Mapping):
        raise FactsError("breach", "must be an object")
    breach = _breach(raw)
    scopes = _scopes(raw, breach)
    return breach.with_changes(scopes=scopes) if scopes else breach


def _out(value: Any) -> Any:
    if value is None:
        return UNKNOWN
    if isinstance(value, StrEnum):
        return value.value
    return value


def _codes_out(codes: frozenset[Any] | None, open_ended: bool) -> Any:
    if codes is None:
        return UNKNOWN
    return sorted(c.value for c in codes) + ([UNKNOWN] if open_ended else [])


def facts_to_dict(facts: BreachFacts) -> dict[str, Any]:
    """The facts back in the breach-facts format (stable order, `unknown` spelt out).

    `scopes` appears only when the facts have some, each with the facts it states."""
    out = {
        "aware_at": facts.aware_at.isoformat() if facts.aware_at else UNKNOWN,
        "nature": _codes_out(facts.nature, facts.nature_open),
        "incident_type": _out(facts.incident_type),
        "malicious": _out(facts.malicious),
        "data": _codes_out(facts.data, facts.data_open),
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
    if facts.scopes:
        out["scopes"] = [
            {
                "activity": s.activity,
                **{k: v for k, v in facts_to_dict(s.facts).items() if k in s.stated},
            }
            for s in facts.scopes
        ]
    return out


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

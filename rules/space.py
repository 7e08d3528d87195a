"""The values each fact may take: one when known, every value it can take when unknown.

DOMAIN.md §3, "Unknown facts": an unknown fact takes its worst value *given the other facts*,
found by trying every value it can take; no fixed substitute is worst in every row. This module
lists those values (worst-first, so the search in `rules.search` meets the worst early);
`rules.search` tries them, only for the facts a row actually reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import combinations
from typing import Any

from rules.codes import (
    EVERYDAY,
    HIGH_VALUE,
    Availability,
    Confidentiality,
    DataCode,
    Identifiability,
    Integrity,
    Nature,
    ServiceImpact,
    Unintelligible,
    is_special_category,
)
from rules.facts import BreachFacts
from rules.policy import COUNT_TRIALS, HOURS_TRIALS


class Origin(StrEnum):
    """Why a fact has the values it has (what its assumption says)."""

    KNOWN = "known"  # stated: one value
    UNKNOWN = "unknown"  # every value it can take
    NOT_NAMED = "not_named"  # `nature` leaves its dimension out: not affected
    OF_TOTAL = "of_total"  # a scope's unknown count: at most the breach's total
    DIFFERS = "differs"  # the scopes assessed together state different values


@dataclass(frozen=True)
class Choice:
    """The values one fact may take, worst-first; a single value when settled."""

    values: tuple[Any, ...]
    origin: Origin

    @property
    def settled(self) -> bool:
        return len(self.values) == 1


# Worst-first orders: the value that usually gives the highest outcome comes first. Order only
# speeds the search up; every value is still tried unless the highest outcome is reached.
_WORST_FIRST: dict[str, tuple[Any, ...]] = {
    "malicious": (True, False),
    "vulnerable": (True, False),
    "recipients_trusted": (False, True),
    "identifiability": (
        Identifiability.MAXIMUM,
        Identifiability.SIGNIFICANT,
        Identifiability.LIMITED,
        Identifiability.NEGLIGIBLE,
    ),
    "unintelligible": (Unintelligible.NO, Unintelligible.KEY_COMPROMISED, Unintelligible.YES),
    "confidentiality": (
        Confidentiality.UNKNOWN_RECIPIENTS,
        Confidentiality.KNOWN_RECIPIENTS,
        Confidentiality.NO_EVIDENCE_OF_ACCESS,
        Confidentiality.NOT_AFFECTED,
    ),
    "integrity": (
        Integrity.ALTERED_UNRECOVERABLE,
        Integrity.ALTERED_RECOVERABLE,
        Integrity.ALTERED_RECOVERED,
        Integrity.NOT_AFFECTED,
    ),
    "availability": (
        Availability.PERMANENT,
        Availability.TEMPORARY,
        Availability.RECOVERED_WITHOUT_DIFFICULTY,
        Availability.NOT_AFFECTED,
    ),
    "service_impact": (
        ServiceImpact.CRITICAL,
        ServiceImpact.SIGNIFICANT,
        ServiceImpact.MINOR,
        ServiceImpact.NONE,
    ),
    "unavailable_hours": HOURS_TRIALS,
}

# The fact that records each dimension (DOMAIN.md §3: unknown and left out by a known
# `nature`, it is taken as not affected).
DIMENSION_FACT: dict[Nature, str] = {
    Nature.CONFIDENTIALITY: "confidentiality",
    Nature.INTEGRITY: "integrity",
    Nature.AVAILABILITY: "availability",
}
_NOT_AFFECTED: dict[str, Any] = {
    "confidentiality": Confidentiality.NOT_AFFECTED,
    "integrity": Integrity.NOT_AFFECTED,
    "availability": Availability.NOT_AFFECTED,
}


def table_signature(code: DataCode) -> tuple[bool, ...]:
    """What the decision table (`rules.risk`) can tell of one data type: high-value, special
    category, everyday, and the three codes it names. Two codes with the same signature are
    interchangeable for every row; a rule that reads a new property of the data belongs here."""
    return (
        code in HIGH_VALUE,
        is_special_category(code),
        code in EVERYDAY,
        code is DataCode.CREDENTIALS,
        code is DataCode.BASIC_IDENTITY,
        code is DataCode.CONTACT,
    )


# One data type per signature the table can tell apart but adding nothing to an everyday list
# (which changes no row): an open list is tried with its known codes plus every combination of
# these, i.e. every data list it can become, as far as the table can tell.
DATA_REPRESENTATIVES: tuple[DataCode, ...] = (
    DataCode.HEALTH,
    DataCode.NATIONAL_ID_NUMBER,
    DataCode.CREDENTIALS,
    DataCode.BASIC_IDENTITY,
    DataCode.CONTACT,
    DataCode.LOCATION,
)


def _data_values(known: frozenset[DataCode], open_ended: bool) -> tuple[frozenset[DataCode], ...]:
    if not open_ended:
        return (known,)
    extra = [c for c in DATA_REPRESENTATIVES if c not in known]
    seen: dict[frozenset[DataCode], None] = {}
    for size in range(len(extra), -1, -1):  # the fullest lists first
        for added in combinations(extra, size):
            seen.setdefault(known | frozenset(added), None)
    return tuple(seen)


def _count_values(low: int, high: int | None) -> tuple[int, ...]:
    """The trial counts between `low` and `high` (inclusive; None: no upper bound)."""
    inside = [v for v in COUNT_TRIALS if v >= low and (high is None or v <= high)]
    bounds = [low] if high is None else [high, low]
    return tuple(sorted(set(inside) | set(bounds), reverse=True))


@dataclass(frozen=True)
class Space:
    """Every value each fact the decision table reads may take, for one set of facts.

    `facts` is what was said (for the assumptions); `count_range` and `recipients_range` are
    the (low, high) bounds of the two counts, high None when unbounded, so scopes can be united.
    """

    facts: BreachFacts
    choices: Mapping[str, Choice]
    count_range: tuple[int, int | None]
    recipients_range: tuple[int, int | None]
    count_total: int | None = None

    def choice(self, name: str) -> Choice:
        return self.choices[name]

    def with_choice(self, name: str, choice: Choice) -> Space:
        return Space(
            self.facts,
            {**self.choices, name: choice},
            self.count_range,
            self.recipients_range,
            self.count_total,
        )


def _coded(name: str, value: Any) -> Choice:
    if value is None:
        return Choice(_WORST_FIRST[name], Origin.UNKNOWN)
    return Choice((value,), Origin.KNOWN)


def _dimension(facts: BreachFacts, nature: Nature) -> Choice:
    name = DIMENSION_FACT[nature]
    value = getattr(facts, name)
    named = facts.nature is None or facts.nature_open or nature in facts.nature
    if value is None and not named:
        return Choice((_NOT_AFFECTED[name],), Origin.NOT_NAMED)
    return _coded(name, value)


def _count_choice(low: int, high: int | None, *, stated: bool, total: int | None) -> Choice:
    values = _count_values(low, high)
    if len(values) == 1:
        return Choice(values, Origin.KNOWN if stated else Origin.OF_TOTAL)
    return Choice(
        values, Origin.OF_TOTAL if high is not None and total is not None else Origin.UNKNOWN
    )


def space_of(facts: BreachFacts, *, count_total: int | None = None) -> Space:
    """The values of each fact; `count_total` bounds an unknown count (a scope's share of the
    breach's people is at most the breach's total)."""
    count = facts.subjects.count
    count_range = (count, count) if count is not None else (0, count_total)
    recipients = facts.recipients_count
    recipients_range = (recipients, recipients) if recipients is not None else (0, None)
    choices: dict[str, Choice] = {
        "malicious": _coded("malicious", facts.malicious),
        "data": Choice(
            _data_values(facts.data_known, not facts.data_complete),
            Origin.KNOWN if facts.data_complete else Origin.UNKNOWN,
        ),
        "subject_count": _count_choice(*count_range, stated=count is not None, total=count_total),
        "vulnerable": _coded("vulnerable", facts.subjects.vulnerable),
        "identifiability": _coded("identifiability", facts.identifiability),
        "unintelligible": _coded("unintelligible", facts.unintelligible),
        "confidentiality": _dimension(facts, Nature.CONFIDENTIALITY),
        "recipients_count": _count_choice(
            *recipients_range, stated=recipients is not None, total=None
        ),
        "recipients_trusted": _coded("recipients_trusted", facts.recipients_trusted),
        "integrity": _dimension(facts, Nature.INTEGRITY),
        "availability": _dimension(facts, Nature.AVAILABILITY),
        "unavailable_hours": _coded("unavailable_hours", facts.unavailable_hours),
        "service_impact": _coded("service_impact", facts.service_impact),
    }
    return Space(facts, choices, count_range, recipients_range, count_total)


def _ordered_union(choices: Sequence[Choice]) -> Choice:
    values = tuple(dict.fromkeys(v for c in choices for v in c.values))
    if len(values) == 1:
        return choices[0]
    if any(c.origin is Origin.UNKNOWN for c in choices):
        return Choice(values, Origin.UNKNOWN)
    return Choice(values, Origin.DIFFERS)


def _sum(highs: Iterable[int | None]) -> int | None:
    total = 0
    for high in highs:
        if high is None:
            return None
        total += high
    return total


def _capped(low: int, high: int | None, cap: int | None) -> tuple[int, int | None]:
    if cap is not None:
        high = cap if high is None else min(high, cap)
    return (min(low, high) if high is not None else low), high


def united(parts: Sequence[Space], facts: BreachFacts, *, breach: BreachFacts) -> Space:
    """The space of several scopes assessed together (one controller's share of the breach).

    Their people add up (at most the breach's total); their recipients are the breach's, so
    at least the most any scope names and at most the breach's count; their data add up
    (`facts`, the union); any other fact takes each value some scope gives it.
    """
    total = breach.subjects.count
    count_range = _capped(
        sum(p.count_range[0] for p in parts), _sum(p.count_range[1] for p in parts), total
    )
    recipients_range = _capped(
        max(p.recipients_range[0] for p in parts),
        _sum(p.recipients_range[1] for p in parts),
        breach.recipients_count,
    )
    all_stated = all(p.choice("subject_count").origin is Origin.KNOWN for p in parts)
    choices = {name: _ordered_union([p.choice(name) for p in parts]) for name in parts[0].choices}
    choices["data"] = space_of(facts).choice("data")
    choices["subject_count"] = _count_choice(*count_range, stated=all_stated, total=total)
    choices["recipients_count"] = _count_choice(
        *recipients_range,
        stated=all(p.choice("recipients_count").origin is Origin.KNOWN for p in parts),
        total=None,
    )
    return Space(facts, choices, count_range, recipients_range, total)


def breach_space(facts: BreachFacts) -> Space:
    """The whole breach: its own facts, and every value its scopes give a fact besides, so
    the breach-wide outcome is never below any scope's. Its counts are the breach's own."""
    own = space_of(facts)
    if not facts.scopes:
        return own
    scopes = [s.facts for s in facts.scopes]
    data = facts.data_known.union(*(s.data_known for s in scopes))
    open_ended = not facts.data_complete or any(not s.data_complete for s in scopes)
    said = facts.with_changes(data=data if data or not open_ended else None, data_open=open_ended)
    parts = [own, *(space_of(s, count_total=facts.subjects.count) for s in scopes)]
    choices = {name: _ordered_union([p.choice(name) for p in parts]) for name in own.choices}
    choices["data"] = space_of(said).choice("data")
    choices["subject_count"] = own.choice("subject_count")
    choices["recipients_count"] = own.choice("recipients_count")
    return Space(said, choices, own.count_range, own.recipients_range)

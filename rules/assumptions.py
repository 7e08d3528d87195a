"""One assumption for every unknown fact, naming the value it was taken at (DOMAIN.md §3).

The value is the one the search took on its way to each dimension's worst finding; a fact no
worst finding read is listed as raising nothing, so the DPO still sees it is open.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

from rules.codes import Nature
from rules.facts import BreachFacts
from rules.policy import LASTING_HOURS
from rules.reasons import EDPB_9_2022, NIS2_LAW, POLICY, Assumption, Param, gdpr
from rules.reasons import AssumptionCode as A
from rules.resolved import FACT_PATHS
from rules.search import Worst
from rules.space import Choice, Origin, Space

# Taken at the worst value: when in doubt, the higher outcome (EDPB 9/2022: act promptly);
# the search over every value is breachflow's method.
_WORST = (EDPB_9_2022, POLICY)

_BOOLEAN = {
    ("malicious", True): A.MALICIOUS,
    ("malicious", False): A.NOT_MALICIOUS,
    ("vulnerable", True): A.VULNERABLE,
    ("vulnerable", False): A.NOT_VULNERABLE,
    ("recipients_trusted", True): A.TRUSTED,
    ("recipients_trusted", False): A.UNTRUSTED,
}

# Facts in the order of the cases format.
_ORDER = (
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


def word(value: Any) -> str:
    """A fact's value as a code for a parameter (`yes`/`no` for booleans)."""
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _codes(values: frozenset[Any]) -> tuple[str, ...]:
    return tuple(sorted(word(v) for v in values))


def _taken(name: str, value: Any, choice: Choice, space: Space) -> tuple[A, dict[str, Param]]:
    fact = FACT_PATHS[name]
    if choice.origin is Origin.DIFFERS:
        values = tuple(word(v) for v in choice.values)
        return A.DIFFERS, {"fact": fact, "values": values, "value": word(value)}
    if name == "data":
        return _data(value, space.facts)
    if name in ("subject_count", "recipients_count"):
        if choice.origin is Origin.OF_TOTAL:
            return A.NUMBER_OF_TOTAL, {"fact": fact, "value": value, "total": space.count_total}
        bounds = space.count_range if name == "subject_count" else space.recipients_range
        at_least = bounds[1] is None and value == max(choice.values)
        return (A.NUMBER_AT_LEAST if at_least else A.NUMBER), {"fact": fact, "value": value}
    if name == "unavailable_hours":
        code = A.HOURS_LASTING if value > LASTING_HOURS else A.HOURS_SHORT
        return code, {"fact": fact, "hours": LASTING_HOURS}
    if (name, value) in _BOOLEAN:
        return _BOOLEAN[(name, value)], {"fact": fact}
    return A.CODE, {"fact": fact, "value": word(value)}


def _data(value: frozenset[Any], facts: BreachFacts) -> tuple[A, dict[str, Param]]:
    known = facts.data_known
    added = _codes(value - known)
    if not added:
        return A.DATA_AS_KNOWN, {"fact": "data", "known": _codes(known)}
    if not known:
        return A.DATA_UNKNOWN, {"fact": "data", "added": added}
    return A.DATA_OPEN, {"fact": "data", "known": _codes(known), "added": added}


def _rule_fact(name: str, space: Space, worsts: Mapping[str, Worst]) -> list[Assumption]:
    choice = space.choice(name)
    if choice.origin is Origin.KNOWN:
        return []
    if choice.origin is Origin.NOT_NAMED:
        named = _codes(space.facts.nature or frozenset())
        return [Assumption.of(A.NOT_NAMED, POLICY, fact=name, named=named)]
    taken = {dim: w.taken[name] for dim, w in worsts.items() if name in w.taken}
    if not taken:
        if choice.settled:  # one value it can take (e.g. a scope of a breach of 0 people)
            code, params = _taken(name, choice.values[0], choice, space)
            return [Assumption.of(code, *_WORST, **params)]
        return [Assumption.of(A.NO_EFFECT, POLICY, fact=FACT_PATHS[name])]
    if len(set(taken.values())) == 1:
        code, params = _taken(name, next(iter(taken.values())), choice, space)
        return [Assumption.of(code, *_WORST, **params)]
    listed = []
    for dimension, value in taken.items():
        code, params = _taken(name, value, choice, space)
        listed.append(Assumption.of(code, *_WORST, **params, for_dimension=dimension))
    return listed


def _nature(facts: BreachFacts) -> list[Assumption]:
    if facts.nature is None:
        return [Assumption.of(A.NATURE_UNKNOWN, *_WORST, fact="nature")]
    if facts.nature_open:
        others = _codes(frozenset(Nature) - facts.nature)
        if others:
            named = _codes(facts.nature)
            return [
                Assumption.of(A.NATURE_OPEN, *_WORST, fact="nature", named=named, others=others)
            ]
    return []


def _exemption_facts(facts: BreachFacts) -> list[Assumption]:
    listed = []
    if facts.measures_neutralise_high_risk is None:
        listed.append(
            Assumption.of(
                A.MEASURES_NOT_NEUTRALISING, gdpr("34(3)(b)"), fact="measures_neutralise_high_risk"
            )
        )
    if facts.subjects_contactable is None:
        listed.append(Assumption.of(A.CONTACTABLE, gdpr("34(3)(c)"), fact="subjects_contactable"))
    if facts.nis2_significant is None:
        listed.append(Assumption.of(A.NIS2_SIGNIFICANT, NIS2_LAW, fact="nis2_significant"))
    return listed


def activities_of_client(client: str, activities: Sequence[str]) -> Assumption:
    """The reporter named no activity: until the DPO names the affected ones at review, every
    activity we carry out for the reporting client (`client`, its name; `activities`, their
    names) is taken as affected. That is the worst case: every duty towards the client and
    our own data it may bring (Art. 28(3)(f) GDPR: we assist the controller; EDPB 9/2022: when
    in doubt, act promptly)."""
    return Assumption.of(
        A.ACTIVITIES_OF_CLIENT,
        gdpr("28(3)(f)"),
        *_WORST,
        fact="activities",
        client=client,
        activities=tuple(activities),
    )


def assumptions(
    space: Space, worsts: Mapping[str, Worst], *, now: datetime
) -> tuple[Assumption, ...]:
    """Every unknown fact of `space.facts`, in the order of the cases format."""
    facts = space.facts
    listed: list[Assumption] = []
    if facts.aware_at is None:
        listed.append(
            Assumption.of(
                A.AWARE_AT_NOW, gdpr("33(1)"), POLICY, fact="aware_at", at=now.isoformat()
            )
        )
    listed += _nature(facts)
    if facts.incident_type is None:
        listed.append(Assumption.of(A.NO_EFFECT, POLICY, fact="incident_type"))
    for name in _ORDER:
        listed += _rule_fact(name, space, worsts)
    listed += _exemption_facts(facts)
    return tuple(listed)

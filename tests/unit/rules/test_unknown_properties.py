"""Properties of unknown facts: never below any completion, every unknown listed, the worst is
a real completion (DOMAIN.md §3, "Unknown facts")."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from itertools import combinations, product
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from rules.assessment import Assessment, assess
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
    highest,
)
from rules.facts import BreachFacts, Subjects
from rules.risk import findings
from rules.space import DATA_REPRESENTATIVES, table_signature

from .factories import AWARE_AT, NOW
from .test_properties import facts_strategy

COUNTS = (0, 1, 5, 6, 7, 9_999, 10_000, 10_001, 1_000_000)
HOURS = (0.0, 1.0, 24.0, 24.5, 48.0, 1_000_000.0)
DIMENSION_OF = {
    "confidentiality": Nature.CONFIDENTIALITY,
    "integrity": Nature.INTEGRITY,
    "availability": Nature.AVAILABILITY,
}
NOT_AFFECTED = {
    "confidentiality": Confidentiality.NOT_AFFECTED,
    "integrity": Integrity.NOT_AFFECTED,
    "availability": Availability.NOT_AFFECTED,
}
GRID: dict[str, tuple[Any, ...]] = {
    "malicious": (True, False),
    "recipients_trusted": (True, False),
    "vulnerable": (True, False),
    "identifiability": tuple(Identifiability),
    "unintelligible": tuple(Unintelligible),
    "confidentiality": tuple(Confidentiality),
    "integrity": tuple(Integrity),
    "availability": tuple(Availability),
    "service_impact": tuple(ServiceImpact),
    "subject_count": COUNTS,
    "recipients_count": COUNTS,
    "unavailable_hours": HOURS,
    "measures_neutralise_high_risk": (True, False),
    "subjects_contactable": (True, False),
}


def enum(e: Any) -> st.SearchStrategy[Any]:
    return st.sampled_from(list(e))


known_facts = st.builds(
    BreachFacts,
    aware_at=st.just(AWARE_AT),
    nature=st.frozensets(enum(Nature), min_size=1),
    incident_type=enum(IncidentType),
    malicious=st.booleans(),
    data=st.frozensets(enum(DataCode), max_size=4),
    subjects=st.builds(
        Subjects, count=st.sampled_from(COUNTS), vulnerable=st.booleans(), categories=st.just(())
    ),
    identifiability=enum(Identifiability),
    unintelligible=enum(Unintelligible),
    confidentiality=enum(Confidentiality),
    recipients_count=st.sampled_from(COUNTS),
    recipients_trusted=st.booleans(),
    integrity=enum(Integrity),
    availability=enum(Availability),
    unavailable_hours=st.sampled_from(HOURS),
    service_impact=enum(ServiceImpact),
    measures_neutralise_high_risk=st.booleans(),
    subjects_contactable=st.booleans(),
    nis2_significant=st.booleans(),
)
UNKNOWABLE = (*GRID, "data", "data_open", "nature", "nature_open")


def get(facts: BreachFacts, name: str) -> Any:
    if name == "subject_count":
        return facts.subjects.count
    if name == "vulnerable":
        return facts.subjects.vulnerable
    return getattr(facts, name)


def with_value(facts: BreachFacts, name: str, value: Any) -> BreachFacts:
    if name == "subject_count":
        return facts.with_changes(subjects=replace(facts.subjects, count=value))
    if name == "vulnerable":
        return facts.with_changes(subjects=replace(facts.subjects, vulnerable=value))
    return facts.with_changes(**{name: value})


def make_unknown(facts: BreachFacts, names: tuple[str, ...]) -> BreachFacts:
    for name in names:
        if name == "data_open":
            facts = facts.with_changes(data_open=True)
        elif name == "nature_open":
            facts = facts.with_changes(nature_open=True)
        else:
            facts = with_value(facts, name, None)
    return facts


def values_of(facts: BreachFacts, name: str) -> tuple[Any, ...]:
    """Every value an unknown fact can take in a completion (dimension facts the known nature
    leaves out can only be not affected)."""
    if name in DIMENSION_OF:
        named = facts.nature is None or facts.nature_open or DIMENSION_OF[name] in facts.nature
        return GRID[name] if named else (NOT_AFFECTED[name],)
    return GRID[name]


def completions(facts: BreachFacts, pool: tuple[DataCode, ...]) -> Iterator[BreachFacts]:
    """Every completion over the grid; an open or unknown data list gains any subset of
    `pool`."""
    unknown = [n for n in GRID if get(facts, n) is None]
    if facts.data_complete:
        data_lists = [facts.data_known]
    else:
        data_lists = [
            facts.data_known | frozenset(s)
            for k in range(len(pool) + 1)
            for s in combinations(pool, k)
        ]
    for data, values in product(data_lists, product(*(values_of(facts, n) for n in unknown))):
        done = facts.with_changes(data=data, data_open=False, nature=frozenset(Nature))
        for name, value in zip(unknown, values, strict=True):
            done = with_value(done, name, value)
        yield done


def outcome(a: Assessment) -> tuple[int, ...]:
    dims = tuple(f.risk.rank for f in a.findings)
    return (*dims, a.risk.rank, a.notify_supervisory_authority, a.notify_data_subjects)


@settings(max_examples=120, deadline=None)
@given(
    known_facts,
    st.lists(st.sampled_from(UNKNOWABLE), min_size=1, max_size=3, unique=True),
    st.lists(enum(DataCode), min_size=3, max_size=4, unique=True),
)
def test_with_unknowns_never_below_any_completion_by_enumeration(
    base: BreachFacts, names: list[str], pool: list[DataCode]
) -> None:
    """Up to three unknown facts, every completion over a grid on each side of every
    threshold: per dimension, overall, and for both notifications, the assessment with the
    unknowns is at least as high."""
    facts = make_unknown(base, tuple(names))
    worst = outcome(assess(facts, now=NOW))
    for done in completions(facts, tuple(pool)):
        got = outcome(assess(done, now=NOW))
        assert all(g <= w for g, w in zip(got, worst, strict=True)), (facts, done, got, worst)


completion_values = {
    "malicious": st.booleans(),
    "recipients_trusted": st.booleans(),
    "vulnerable": st.booleans(),
    "identifiability": enum(Identifiability),
    "unintelligible": enum(Unintelligible),
    "confidentiality": enum(Confidentiality),
    "integrity": enum(Integrity),
    "availability": enum(Availability),
    "service_impact": enum(ServiceImpact),
    "subject_count": st.integers(0, 9_000_000_000),
    "recipients_count": st.integers(0, 9_000_000_000),
    "unavailable_hours": st.floats(0, 1_000_000),
    "measures_neutralise_high_risk": st.booleans(),
    "subjects_contactable": st.booleans(),
}


@settings(max_examples=300, deadline=None)
@given(facts_strategy, st.data())
def test_with_unknowns_never_below_random_completions(facts: BreachFacts, draw: Any) -> None:
    """Any facts, any unknowns; completions drawn from the whole domain (any count, any
    data types added to an open list)."""
    worst = outcome(assess(facts, now=NOW))
    for _ in range(5):
        done = facts.with_changes(nature=frozenset(Nature), data_open=False)
        if not facts.data_complete:
            extra = draw.draw(st.frozensets(enum(DataCode)))
            done = done.with_changes(data=facts.data_known | extra)
        for name, values in completion_values.items():
            if get(facts, name) is not None:
                continue
            if name in DIMENSION_OF and values_of(facts, name) == (NOT_AFFECTED[name],):
                done = with_value(done, name, NOT_AFFECTED[name])
                continue
            done = with_value(done, name, draw.draw(values))
        got = outcome(assess(done, now=NOW))
        assert all(g <= w for g, w in zip(got, worst, strict=True)), (facts, done, got, worst)


def unknown_facts(facts: BreachFacts) -> set[str]:
    """The facts of `facts` that are unknown, by their path in the cases format."""
    paths = {
        "aware_at": facts.aware_at,
        "nature": facts.nature,
        "incident_type": facts.incident_type,
        "malicious": facts.malicious,
        "data": facts.data,
        "subjects.count": facts.subjects.count,
        "subjects.vulnerable": facts.subjects.vulnerable,
        "identifiability": facts.identifiability,
        "unintelligible": facts.unintelligible,
        "confidentiality": facts.confidentiality,
        "recipients_count": facts.recipients_count,
        "recipients_trusted": facts.recipients_trusted,
        "integrity": facts.integrity,
        "availability": facts.availability,
        "unavailable_hours": facts.unavailable_hours,
        "service_impact": facts.service_impact,
        "measures_neutralise_high_risk": facts.measures_neutralise_high_risk,
        "subjects_contactable": facts.subjects_contactable,
        "nis2_significant": facts.nis2_significant,
    }
    unknown = {path for path, value in paths.items() if value is None}
    if facts.data_open:
        unknown.add("data")
    if facts.nature_open and facts.nature != frozenset(Nature):
        unknown.add("nature")
    return unknown


@settings(max_examples=300, deadline=None)
@given(facts_strategy)
def test_every_unknown_fact_appears_in_the_assumption_codes(facts: BreachFacts) -> None:
    a = assess(facts, now=NOW)
    listed = {x.fact for x in a.assumption_codes}
    assert unknown_facts(facts) <= listed
    assert len(a.assumptions) == len(a.assumption_codes)
    assert all(text for text in a.assumptions)


@settings(max_examples=300, deadline=None)
@given(facts_strategy)
def test_the_worst_is_a_real_completion(facts: BreachFacts) -> None:
    """The completion the assessment records reaches the outcome it reports: the search never
    claims a worst no set of facts gives."""
    a = assess(facts, now=NOW)
    assert highest([f.risk for f in findings(a.resolved)]) is a.risk


def test_the_data_representatives_cover_every_kind_of_data_the_table_tells_apart() -> None:
    """An open list is tried with these codes; each other code adds nothing new to any row
    (an everyday code other than identity and contact changes no row)."""
    kinds = {table_signature(c) for c in DATA_REPRESENTATIVES}
    plain_everyday = table_signature(DataCode.PROFESSIONAL)
    assert {table_signature(c) for c in DataCode} - kinds == {plain_everyday}

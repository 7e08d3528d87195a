"""Property tests: the clock is exact, worse facts never lower the outcome, unknowns never crash."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from rules import deadlines as clock
from rules.assessment import assess
from rules.codes import (
    Availability,
    DataCode,
    Identifiability,
    IncidentType,
    Integrity,
    Nature,
    ServiceImpact,
    Unintelligible,
)
from rules.facts import BreachFacts, parse_facts

from .factories import NOW

# Both 2026 DST changes lie inside this range. Hypothesis takes naive bounds and attaches the
# time zone itself, so the bounds must be naive.
instants = st.datetimes(
    min_value=datetime(2026, 1, 1),  # noqa: DTZ001
    max_value=datetime(2026, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)
offsets = st.integers(min_value=-12 * 60, max_value=14 * 60).map(
    lambda m: timezone(timedelta(minutes=m))
)


@given(instants, offsets)
def test_authority_deadline_is_exactly_72_elapsed_hours_in_any_offset(
    aware: datetime, offset: timezone
) -> None:
    given_in_offset = aware.astimezone(offset)
    due = clock.authority_deadline(given_in_offset)
    assert due - aware == timedelta(hours=72)
    assert due == clock.authority_deadline(aware)
    assert due.utcoffset() == timedelta(0)


def outcome(facts: BreachFacts) -> tuple[int, bool, bool]:
    a = assess(facts, now=NOW)
    return a.risk.rank, a.notify_supervisory_authority, a.notify_data_subjects


enum_or_unknown = lambda e: st.one_of(st.none(), st.sampled_from(list(e)))  # noqa: E731

facts_strategy = st.builds(
    BreachFacts,
    aware_at=st.one_of(st.none(), instants),
    nature=st.one_of(st.none(), st.frozensets(st.sampled_from(list(Nature)), min_size=1)),
    incident_type=enum_or_unknown(IncidentType),
    malicious=st.one_of(st.none(), st.booleans()),
    data=st.one_of(st.none(), st.frozensets(st.sampled_from(list(DataCode)), min_size=1)),
    identifiability=enum_or_unknown(Identifiability),
    unintelligible=enum_or_unknown(Unintelligible),
    confidentiality=st.one_of(
        st.none(),
        st.sampled_from(
            ["not_affected", "no_evidence_of_access", "known_recipients", "unknown_recipients"]
        ).map(lambda v: parse_facts({"confidentiality": v}).confidentiality),
    ),
    recipients_count=st.one_of(st.none(), st.integers(0, 100_000)),
    recipients_trusted=st.one_of(st.none(), st.booleans()),
    integrity=enum_or_unknown(Integrity),
    availability=enum_or_unknown(Availability),
    unavailable_hours=st.one_of(st.none(), st.floats(0, 10_000)),
    service_impact=enum_or_unknown(ServiceImpact),
    measures_neutralise_high_risk=st.one_of(st.none(), st.booleans()),
    subjects_contactable=st.one_of(st.none(), st.booleans()),
    nis2_significant=st.one_of(st.none(), st.booleans()),
    data_open=st.booleans(),
    nature_open=st.booleans(),
)

_ORDER: dict[str, list[Any]] = {
    "identifiability": list(Identifiability),
    "integrity": list(Integrity),
    "availability": list(Availability),
    "service_impact": list(ServiceImpact),
}


def _lost_per_nature(facts: BreachFacts, name: str) -> bool:
    """An unknown integrity or availability is the worst only where `nature` says it was lost;
    where nature rules it out, unknown means not affected."""
    dimension = {"integrity": Nature.INTEGRITY, "availability": Nature.AVAILABILITY}.get(name)
    return dimension is None or facts.nature is None or dimension in facts.nature


def worse_variants(facts: BreachFacts) -> list[BreachFacts]:
    """Each one fact made worse (or made unknown, which is the worst)."""
    variants: list[BreachFacts] = []
    for name, order in _ORDER.items():
        value = getattr(facts, name)
        if value is not None:
            variants += [facts.with_changes(**{name: v}) for v in order[order.index(value) + 1 :]]
            if _lost_per_nature(facts, name):
                variants.append(facts.with_changes(**{name: None}))
    for name in ("malicious", "recipients_trusted", "measures_neutralise_high_risk"):
        value = getattr(facts, name)
        worse = {
            "malicious": True,
            "recipients_trusted": False,
            "measures_neutralise_high_risk": False,
        }[name]
        if value is not None and value != worse:
            variants += [facts.with_changes(**{name: worse}), facts.with_changes(**{name: None})]
    if facts.unintelligible is Unintelligible.YES:
        variants.append(facts.with_changes(unintelligible=Unintelligible.NO))
    if facts.data is not None:
        variants += [facts.with_changes(data=facts.data | {c}) for c in DataCode]
        variants.append(facts.with_changes(data=None))
        variants.append(facts.with_changes(data_open=True))
    if facts.nature is not None:
        variants.append(facts.with_changes(nature_open=True))
    subjects = facts.subjects
    if subjects.count is not None:
        variants.append(
            facts.with_changes(
                subjects=type(subjects)(
                    count=subjects.count * 2 + 1,
                    categories=subjects.categories,
                    vulnerable=subjects.vulnerable,
                )
            )
        )
    if subjects.vulnerable is False:
        variants.append(
            facts.with_changes(
                subjects=type(subjects)(
                    count=subjects.count, categories=subjects.categories, vulnerable=True
                )
            )
        )
    if facts.recipients_count is not None:
        variants.append(facts.with_changes(recipients_count=facts.recipients_count + 3))
    if facts.unavailable_hours is not None:
        variants.append(facts.with_changes(unavailable_hours=facts.unavailable_hours + 24))
    if (
        facts.confidentiality is not None
        and facts.confidentiality.value == "not_affected"
        and (facts.nature is None or Nature.CONFIDENTIALITY in facts.nature)
    ):
        variants.append(facts.with_changes(confidentiality=None))
    return variants


@settings(max_examples=300, deadline=None)
@given(facts_strategy)
def test_making_a_fact_worse_never_lowers_the_outcome(facts: BreachFacts) -> None:
    before = outcome(facts)
    for worse in worse_variants(facts):
        after = outcome(worse)
        assert after[0] >= before[0], f"{facts!r}\n->\n{worse!r}"
        assert after[1] >= before[1], (facts, worse)


@settings(max_examples=300, deadline=None)
@given(facts_strategy)
def test_any_facts_with_unknowns_assess_without_error(facts: BreachFacts) -> None:
    contract = assess(facts, now=NOW).to_contract()
    assert contract["document"] is True
    assert contract["risk"] in ("unlikely", "risk", "high")
    assert (contract["supervisory_authority_deadline"] is None) is (
        not contract["notify_supervisory_authority"]
    )


@given(
    st.dictionaries(
        st.sampled_from(
            [
                "nature",
                "data",
                "malicious",
                "subjects",
                "confidentiality",
                "integrity",
                "availability",
                "service_impact",
                "identifiability",
            ]
        ),
        st.just("unknown"),
    )
)
def test_unknown_strings_parse_and_are_listed_as_assumptions(raw: dict[str, str]) -> None:
    a = assess(parse_facts(raw), now=NOW)
    # Left out or spelt `unknown`, data types are unknown either way.
    assert any(text.startswith("data types unknown") for text in a.assumptions)
    assert a.risk.value == "high"

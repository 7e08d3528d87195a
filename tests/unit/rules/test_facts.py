"""Parsing the breach facts: open lists, finite plausible numbers, scopes, the round trip."""

from __future__ import annotations

import json
from typing import Any

import pytest

from rules.codes import DataCode, Nature
from rules.facts import FactsError, facts_to_dict, parse_facts

DEMO_BREACH: dict[str, Any] = {
    "aware_at": "2026-03-27T10:00:00+01:00",
    "nature": ["confidentiality"],
    "data": ["basic_identity", "contact", "national_id_number", "financial"],
    "subjects": {"count": 85, "categories": ["employees"], "vulnerable": False},
    "confidentiality": "known_recipients",
    "recipients_count": 1,
}


def field_of(raw: dict[str, Any]) -> str:
    with pytest.raises(FactsError) as caught:
        parse_facts(raw)
    return caught.value.field


def test_a_list_keeps_its_known_codes_beside_unknown() -> None:
    """`["contact", "unknown"]`: contact data, and perhaps more."""
    facts = parse_facts({"data": ["contact", "unknown"], "nature": ["confidentiality", "unknown"]})
    assert facts.data == frozenset({DataCode.CONTACT})
    assert facts.data_open
    assert not facts.data_complete
    assert facts.nature == frozenset({Nature.CONFIDENTIALITY})
    assert facts.nature_open


@pytest.mark.parametrize("unknown", [["unknown"], "unknown", None, ["unknown", "unknown"]])
def test_a_wholly_unknown_list_is_none_whatever_its_spelling(unknown: Any) -> None:
    facts = parse_facts({"data": unknown, "nature": unknown})
    assert facts.data is None
    assert not facts.data_open
    assert facts.nature is None


def test_a_list_without_unknown_is_complete() -> None:
    facts = parse_facts({"data": ["contact"]})
    assert facts.data_complete
    assert facts.data_known == frozenset({DataCode.CONTACT})


def test_a_null_list_item_is_refused_by_its_place() -> None:
    assert field_of({"data": ["contact", None]}) == "data[1]"


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
@pytest.mark.parametrize(
    ("path", "wrap"),
    [
        ("subjects.count", lambda v: {"subjects": {"count": v}}),
        ("recipients_count", lambda v: {"recipients_count": v}),
        ("unavailable_hours", lambda v: {"unavailable_hours": v}),
    ],
)
def test_non_finite_numbers_are_refused_by_name(bad: float, path: str, wrap: Any) -> None:
    """Today's NaN in a count ended in a traceback and NaN hours counted as a short outage."""
    with pytest.raises(FactsError, match="finite") as caught:
        parse_facts(wrap(bad))
    assert caught.value.field == path


def test_nan_from_json_text_is_refused_by_name() -> None:
    """Python's JSON reader accepts `NaN`: the parser, not the reader, refuses it."""
    raw = json.loads('{"breach": {"subjects": {"count": NaN}}}')
    assert field_of(raw) == "subjects.count"


@pytest.mark.parametrize(
    ("raw", "path"),
    [
        ({"subjects": {"count": -1}}, "subjects.count"),
        ({"recipients_count": -3}, "recipients_count"),
        ({"unavailable_hours": -0.5}, "unavailable_hours"),
        ({"subjects": {"count": True}}, "subjects.count"),
        ({"recipients_count": False}, "recipients_count"),
        ({"subjects": {"count": 2.5}}, "subjects.count"),
    ],
)
def test_negatives_booleans_and_fractions_are_refused_by_name(
    raw: dict[str, Any], path: str
) -> None:
    assert field_of(raw) == path


@pytest.mark.parametrize(
    ("raw", "path"),
    [
        ({"subjects": {"count": 9_000_000_001}}, "subjects.count"),
        ({"recipients_count": 10**12}, "recipients_count"),
        ({"recipients_count": 10**400}, "recipients_count"),
        ({"unavailable_hours": 1_000_001}, "unavailable_hours"),
    ],
)
def test_absurd_magnitudes_are_refused_by_name(raw: dict[str, Any], path: str) -> None:
    """No more people than the world has; no outage of more than a million hours."""
    assert field_of(raw) == path


def test_the_largest_plausible_numbers_are_accepted() -> None:
    facts = parse_facts(
        {
            "subjects": {"count": 9_000_000_000},
            "recipients_count": 9_000_000_000,
            "unavailable_hours": 1_000_000,
        }
    )
    assert facts.subjects.count == 9_000_000_000
    assert facts.unavailable_hours == 1_000_000


def test_open_lists_round_trip_through_the_stored_form() -> None:
    facts = parse_facts({"data": ["contact", "unknown"], "nature": ["availability", "unknown"]})
    out = facts_to_dict(facts)
    assert out["data"] == ["contact", "unknown"]
    assert out["nature"] == ["availability", "unknown"]
    assert parse_facts(out) == facts


def test_facts_without_scopes_store_no_scopes_key() -> None:
    """Stored facts of breaches without scopes stay exactly as before."""
    assert "scopes" not in facts_to_dict(parse_facts(DEMO_BREACH))


# --- scopes --------------------------------------------------------------------------------


def scoped(*scopes: dict[str, Any]) -> dict[str, Any]:
    return {**DEMO_BREACH, "scopes": list(scopes)}


def test_a_scope_takes_what_it_leaves_out_from_the_breach() -> None:
    facts = parse_facts(scoped({"activity": "payroll-bakkerij-peeters", "subjects": {"count": 60}}))
    (scope,) = facts.scopes
    assert scope.activity == "payroll-bakkerij-peeters"
    assert scope.facts.subjects.count == 60
    assert scope.facts.subjects.categories == ("employees",)
    assert scope.facts.data == facts.data
    assert scope.facts.recipients_count == 1
    assert scope.stated == frozenset({"subjects"})


def test_a_scope_never_inherits_the_breach_total_of_people() -> None:
    """The breach's 85 people are everyone's, not one activity's: unstated is unknown."""
    facts = parse_facts(scoped({"activity": "staff-administration", "data": ["basic_identity"]}))
    assert facts.scopes[0].facts.subjects.count is None
    assert facts.scopes[0].facts.subjects.vulnerable is False


def test_a_scope_can_hold_open_and_unknown_lists() -> None:
    facts = parse_facts(scoped({"activity": "staff-administration", "data": ["unknown"]}))
    assert facts.scopes[0].facts.data is None


@pytest.mark.parametrize(
    ("scopes", "path"),
    [
        (
            [{"activity": "a"}, {"activity": "b", "data": ["contact", "shoe_size"]}],
            "scopes[1].data[1]",
        ),
        ([{"activity": "a", "subjects": {"count": float("nan")}}], "scopes[0].subjects.count"),
        ([{"activity": "a", "subjects": {"count": 86}}], "scopes[0].subjects.count"),
        ([{"activity": "a", "colour": "red"}], "scopes[0].colour"),
        ([{"activity": "a", "scopes": []}], "scopes[0].scopes"),
        ([{"data": ["contact"]}], "scopes[0].activity"),
        ([{"activity": "a"}, {"activity": "a"}], "scopes[1].activity"),
        (["a"], "scopes[0]"),
    ],
)
def test_scope_errors_name_the_field(scopes: list[Any], path: str) -> None:
    assert field_of(scoped(*scopes)) == path


def test_scopes_must_be_a_list() -> None:
    assert field_of({**DEMO_BREACH, "scopes": {"activity": "a"}}) == "scopes"


def test_scopes_round_trip_with_what_they_state() -> None:
    facts = parse_facts(
        scoped(
            {"activity": "payroll-bakkerij-peeters", "subjects": {"count": 60}},
            {"activity": "staff-administration", "data": ["basic_identity", "unknown"]},
        )
    )
    out = facts_to_dict(facts)
    assert [s["activity"] for s in out["scopes"]] == [
        "payroll-bakkerij-peeters",
        "staff-administration",
    ]
    assert set(out["scopes"][1]) == {"activity", "data"}
    assert out["scopes"][1]["data"] == ["basic_identity", "unknown"]
    assert parse_facts(out) == facts

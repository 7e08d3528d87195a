"""Each controller's own scope (Art. 33(1), 33(2), 34(1)): our duties on our own activities'
scopes, each client's on its own, the breach-wide outcome the worst over everything."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.codes import DataCode, Risk
from rules.facts import parse_facts
from rules.processing_register import ProcessingRegister, load_processing_register
from rules.reasons import AssumptionCode, ReasonCode
from rules.roles import UnknownActivityError
from rules.scopes import ScopedAssessment, View, assess_scopes

from .factories import NOW

SAMPLE = Path(__file__).resolve().parents[3] / "examples" / "group-s.yaml"
PAYROLL = "payroll-bakkerij-peeters"
STAFF = "staff-administration"

# The demo breach (examples/demo-breach.json): a client's payslips and our staff's leave
# records in one misdirected mail to one untrusted recipient.
DEMO: dict[str, Any] = {
    "aware_at": "2026-03-27T10:00:00+01:00",
    "nature": ["confidentiality"],
    "incident_type": "email_misdirected",
    "malicious": False,
    "data": ["basic_identity", "contact", "national_id_number", "financial", "employment_health"],
    "subjects": {"count": 85, "categories": ["employees"], "vulnerable": False},
    "identifiability": "maximum",
    "unintelligible": "no",
    "confidentiality": "known_recipients",
    "recipients_count": 1,
    "recipients_trusted": False,
    "integrity": "not_affected",
    "availability": "not_affected",
    "unavailable_hours": 0,
    "service_impact": "none",
}
SCOPES = [
    {
        "activity": PAYROLL,
        "subjects": {"count": 60},
        "data": ["basic_identity", "national_id_number", "financial"],
    },
    {"activity": STAFF, "subjects": {"count": 25}, "data": ["basic_identity", "contact"]},
]


@pytest.fixture(scope="module")
def register() -> ProcessingRegister:
    return load_processing_register(SAMPLE)


def scoped(register: ProcessingRegister, activities: list[str], **breach: Any) -> ScopedAssessment:
    return assess_scopes(parse_facts({**DEMO, **breach}), register, activities, now=NOW)


def test_our_gba_duty_is_assessed_on_our_staff_scope_only(register: ProcessingRegister) -> None:
    """The client's national register numbers and salaries and its 60 people stay out of our
    own assessment: our 25 staff, identity and contact data, one recipient."""
    result = scoped(register, [PAYROLL, STAFF], scopes=SCOPES)
    (own,) = result.own
    assert own.view is View.CONTROLLER
    assert own.controller == "secretariat"
    assert own.activities == (STAFF,)
    assert own.facts.subjects.count == 25
    assert own.facts.data == frozenset({DataCode.BASIC_IDENTITY, DataCode.CONTACT})
    assert own.assessment.risk is Risk.RISK
    assert own.assessment.supervisory_authority_deadline is not None


def test_the_processor_notice_carries_the_clients_own_scope(register: ProcessingRegister) -> None:
    result = scoped(register, [PAYROLL, STAFF], scopes=SCOPES)
    (client,) = result.for_client("bakkerij-peeters")
    assert client.view is View.PROCESSOR
    assert client.processor_view
    assert client.facts.subjects.count == 60
    assert DataCode.NATIONAL_ID_NUMBER in (client.facts.data or ())
    assert client.assessment.deadlines == ()  # the controller's clock runs from its awareness
    assert client.assessment.reasons[0].code == ReasonCode.PROCESSOR_VIEW


def test_the_breach_wide_outcome_stays_today_s(register: ProcessingRegister) -> None:
    result = scoped(register, [PAYROLL, STAFF], scopes=SCOPES)
    without = scoped(register, [PAYROLL, STAFF])
    assert result.breach.risk is without.breach.risk is Risk.RISK
    assert result.breach.facts.subjects.count == 85


def test_without_scopes_each_scope_counts_its_people_as_unknown(
    register: ProcessingRegister,
) -> None:
    """The breach's 85 are everyone's: no scope may claim them, but no scope is assessed on
    more than them either."""
    result = scoped(register, [PAYROLL, STAFF])
    assert [s.facts.subjects.count for s in result.scopes] == [None, None]
    for scope in result.scopes:
        assert scope.assessment.risk is result.breach.risk
        assert scope.facts.data == result.breach.facts.data


def test_an_unknown_scope_count_is_tried_up_to_the_breach_total(
    register: ProcessingRegister,
) -> None:
    result = scoped(
        register,
        [STAFF],
        confidentiality="no_evidence_of_access",
        subjects={"count": 20_000, "vulnerable": False},
    )
    (own,) = result.own
    assert own.assessment.risk is Risk.HIGH
    (count,) = [a for a in own.assessment.assumption_codes if a.fact == "subjects.count"]
    assert count.code == AssumptionCode.NUMBER_OF_TOTAL
    assert count.text == (
        "number of people of this scope unknown: taken as 20,000 (the whole breach concerns 20,000)"
    )


def test_a_small_breach_total_bounds_each_scope(register: ProcessingRegister) -> None:
    """No evidence of access for 85 people: no scope of it can reach 10,000."""
    result = scoped(register, [STAFF], confidentiality="no_evidence_of_access")
    assert result.own[0].assessment.risk is Risk.RISK


def test_our_own_activities_of_one_entity_are_assessed_together(
    register: ProcessingRegister,
) -> None:
    result = scoped(
        register,
        [STAFF, "recruitment"],
        scopes=[
            {"activity": STAFF, "subjects": {"count": 4}},
            {"activity": "recruitment", "subjects": {"count": 3}, "data": ["education"]},
        ],
    )
    (own,) = result.own
    assert own.activities == (STAFF, "recruitment")
    assert own.facts.subjects.count == 7
    assert DataCode.EDUCATION in (own.facts.data or ())


def test_facts_the_scopes_state_differently_take_each_value(register: ProcessingRegister) -> None:
    result = scoped(
        register,
        [STAFF, "recruitment"],
        scopes=[
            {"activity": STAFF, "subjects": {"count": 4}},
            {"activity": "recruitment", "confidentiality": "no_evidence_of_access"},
        ],
    )
    (own,) = result.own
    (differs,) = [a for a in own.assessment.assumption_codes if a.fact == "confidentiality"]
    assert differs.code == AssumptionCode.DIFFERS
    assert own.facts.confidentiality is None


def test_each_entity_and_each_client_gets_its_own_scope(register: ProcessingRegister) -> None:
    result = scoped(
        register,
        [
            STAFF,
            "training-catalogue",
            "payroll-transports-dubois",
            "medical-control-transports-dubois",
            "pension-portal-brightdesk",
        ],
    )
    assert {s.controller for s in result.own} == {"secretariat", "management"}
    assert len(result.for_client("transports-dubois")) == 2  # one notice per our entity
    (joint,) = result.for_client("brightdesk")
    assert joint.view is View.JOINT_PARTNER
    assert joint.assessment.reasons[0].code == ReasonCode.JOINT_PARTNER_VIEW


def test_a_reporting_client_gets_a_processors_view_and_no_scope_check_scope(
    register: ProcessingRegister,
) -> None:
    facts = parse_facts(DEMO)
    result = assess_scopes(
        facts, register, [PAYROLL], now=NOW, reported_by_client="bakkerij-peeters"
    )
    (scope,) = result.scopes
    assert scope.view is View.PROCESSOR
    assert scope.duty.kind.value == "assist_controller"


def test_a_scope_names_its_activity_as_affected(register: ProcessingRegister) -> None:
    result = scoped(register, [], scopes=[{"activity": STAFF, "subjects": {"count": 3}}])
    assert [s.activities for s in result.scopes] == [(STAFF,)]


def test_an_activity_not_in_the_register_is_named(register: ProcessingRegister) -> None:
    with pytest.raises(UnknownActivityError, match="ghost"):
        scoped(register, ["ghost"])


def test_the_contract_has_a_row_per_activity(register: ProcessingRegister) -> None:
    contract = scoped(register, [PAYROLL, STAFF], scopes=SCOPES).to_contract()
    rows = {row["activity"]: row for row in contract["scopes"]}
    assert set(rows) == {PAYROLL, STAFF}
    assert rows[STAFF]["controller"] == "secretariat"
    assert rows[STAFF]["subjects_count"] == 25
    assert rows[PAYROLL]["controller"] == "bakkerij-peeters"
    assert rows[PAYROLL]["view"] == "processor"
    assert rows[PAYROLL]["supervisory_authority_deadline"] is None
    for row in rows.values():
        assert {"risk", "notify_supervisory_authority", "notify_data_subjects"} <= set(row)
    assert contract["risk"] == "risk"  # today's top-level fields stay


scope_overrides = st.fixed_dictionaries(
    {},
    optional={
        "subjects": st.fixed_dictionaries(
            {"count": st.integers(0, 85), "vulnerable": st.sampled_from([True, False, "unknown"])}
        ),
        "data": st.lists(st.sampled_from([c.value for c in DataCode] + ["unknown"]), max_size=3),
        "confidentiality": st.sampled_from(
            ["not_affected", "no_evidence_of_access", "known_recipients", "unknown_recipients"]
        ),
        "malicious": st.sampled_from([True, False, "unknown"]),
        "recipients_count": st.integers(0, 20),
        "recipients_trusted": st.booleans(),
        "unintelligible": st.sampled_from(["no", "yes", "key_compromised", "unknown"]),
        "nature": st.sampled_from([["confidentiality"], ["confidentiality", "unknown"]]),
    },
)


@settings(max_examples=150, deadline=None)
@given(st.lists(scope_overrides, min_size=1, max_size=2))
def test_the_breach_wide_outcome_is_never_below_a_scope(
    overrides: list[dict[str, Any]],
) -> None:
    """Whatever the scopes state, the top-level outcome is the worst over everything."""
    register = load_processing_register(SAMPLE)
    activities = [STAFF, PAYROLL][: len(overrides)]
    scopes = [{"activity": a, **o} for a, o in zip(activities, overrides, strict=True)]
    result = scoped(register, activities, scopes=scopes)
    breach = result.breach
    for scope in result.scopes:
        assert scope.assessment.risk.rank <= breach.risk.rank
        for mine, whole in zip(scope.assessment.findings, breach.findings, strict=True):
            assert mine.risk.rank <= whole.risk.rank

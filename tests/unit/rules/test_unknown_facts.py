"""Unknown facts at their worst, by search (DOMAIN.md §3, "Unknown facts")."""

from __future__ import annotations

from rules.assessment import Assessment, assess
from rules.codes import (
    Availability,
    Confidentiality,
    DataCode,
    Identifiability,
    Integrity,
    Nature,
    Risk,
    ServiceImpact,
    Unintelligible,
)
from rules.facts import parse_facts
from rules.reasons import AssumptionCode

from .factories import NOW, data, harmless, people

ONLY_CONFIDENTIALITY = frozenset({Nature.CONFIDENTIALITY})


def codes(a: Assessment) -> dict[str | None, list[str]]:
    found: dict[str | None, list[str]] = {}
    for assumption in a.assumption_codes:
        found.setdefault(assumption.fact, []).append(assumption.code)
    return found


def text_about(a: Assessment, fact: str) -> str:
    (text,) = [x.text for x in a.assumption_codes if x.fact == fact]
    return text


def test_unknown_confidentiality_of_many_people_is_no_evidence_of_access_at_its_worst() -> None:
    """A known wrong row of the fixed substitutes: 'unknown recipients' gave risk; 'no evidence
    of access' with 10,000 people gives high (EDPB 01/2021 case 11)."""
    facts = harmless(
        confidentiality=None, data=data(DataCode.BASIC_IDENTITY), subjects=people(10_000)
    )
    a = assess(facts, now=NOW)
    assert a.risk is Risk.HIGH
    assert text_about(a, "confidentiality") == (
        "confidentiality unknown: taken as no evidence of access"
    )


def test_unknown_confidentiality_of_credentials_is_known_recipients_at_its_worst() -> None:
    """The other known wrong row: credentials, negligible identifiability and malice gave
    'unlikely' (no notification); known malicious recipients give high (case 8)."""
    facts = harmless(
        confidentiality=None,
        data=data(DataCode.CREDENTIALS),
        identifiability=Identifiability.NEGLIGIBLE,
        malicious=True,
        recipients_trusted=None,
    )
    a = assess(facts, now=NOW)
    assert a.risk is Risk.HIGH
    assert a.notify_supervisory_authority
    assert text_about(a, "confidentiality") == "confidentiality unknown: taken as known recipients"
    assert (
        text_about(a, "recipients_trusted") == "trust in the recipients unknown: taken as untrusted"
    )


def test_an_open_data_list_is_tried_with_more_data_and_keeps_its_known_codes() -> None:
    """`["contact", "unknown"]`: contact and perhaps high-value data: unknown parties make it
    high, and the documents can still name contact data."""
    facts = parse_facts(
        {
            "nature": ["confidentiality"],
            "confidentiality": "unknown_recipients",
            "malicious": False,
            "data": ["contact", "unknown"],
        }
    )
    a = assess(facts, now=NOW)
    assert a.risk is Risk.HIGH
    assert a.facts.data == frozenset({DataCode.CONTACT})
    assert text_about(a, "data").startswith("data types: contact and perhaps more: taken as also")


def test_the_same_facts_with_a_closed_list_are_lower() -> None:
    facts = parse_facts(
        {
            "nature": ["confidentiality"],
            "confidentiality": "unknown_recipients",
            "malicious": False,
            "data": ["contact"],
        }
    )
    assert assess(facts, now=NOW).risk is Risk.RISK


def test_a_dimension_the_known_nature_leaves_out_is_not_affected_and_says_so() -> None:
    facts = harmless(nature=ONLY_CONFIDENTIALITY, integrity=None, availability=None)
    a = assess(facts, now=NOW)
    assert a.risk is Risk.UNLIKELY
    assert text_about(a, "integrity") == (
        "integrity taken as not affected: the report names only confidentiality"
    )
    assert codes(a)["availability"] == [AssumptionCode.NOT_NAMED]


def test_an_open_nature_leaves_the_other_dimensions_possible() -> None:
    """`["confidentiality", "unknown"]`: confidentiality and perhaps the others."""
    facts = harmless(nature=ONLY_CONFIDENTIALITY, nature_open=True, integrity=None)
    a = assess(facts, now=NOW)
    assert a.risk is Risk.HIGH
    assert text_about(a, "integrity") == "integrity unknown: taken as altered unrecoverable"
    assert codes(a)["nature"] == [AssumptionCode.NATURE_OPEN]


def test_an_unknown_count_is_tried_at_10_000_and_more() -> None:
    facts = harmless(confidentiality=Confidentiality.NO_EVIDENCE_OF_ACCESS, subjects=people(None))
    a = assess(facts, now=NOW)
    assert a.risk is Risk.HIGH
    assert text_about(a, "subjects.count") == "number of people unknown: taken as 10,000 or more"


def test_an_unknown_duration_is_tried_beyond_24_hours() -> None:
    facts = harmless(
        nature=frozenset({Nature.AVAILABILITY}),
        availability=Availability.TEMPORARY,
        service_impact=ServiceImpact.MINOR,
        unavailable_hours=None,
    )
    a = assess(facts, now=NOW)
    assert a.risk is Risk.RISK
    assert text_about(a, "unavailable_hours") == (
        "duration of unavailability unknown: taken as more than 24 hours"
    )


def test_every_unknown_fact_is_listed_with_the_value_taken_incident_type_included() -> None:
    a = assess(parse_facts({}), now=NOW)
    listed = {x.fact for x in a.assumption_codes}
    expected = {
        "aware_at",
        "nature",
        "incident_type",
        "malicious",
        "data",
        "subjects.count",
        "subjects.vulnerable",
        "identifiability",
        "unintelligible",
        "confidentiality",
        "recipients_count",
        "recipients_trusted",
        "integrity",
        "availability",
        "unavailable_hours",
        "service_impact",
    }
    assert expected <= listed
    assert text_about(a, "incident_type") == (
        "incident type unknown: no value of it would raise the outcome"
    )
    assert a.risk is Risk.HIGH


def test_left_out_exemption_facts_take_their_documented_defaults_silently() -> None:
    """cases/README.md: left out, measures and NIS2 are false and contactable is true."""
    a = assess(harmless(), now=NOW)
    assert not {"measures_neutralise_high_risk", "subjects_contactable", "nis2_significant"} & {
        x.fact for x in a.assumption_codes
    }


def test_explicitly_unknown_exemption_facts_take_their_worst_and_are_listed() -> None:
    facts = parse_facts(
        {
            "nature": ["confidentiality"],
            "confidentiality": "unknown_recipients",
            "data": ["health"],
            "measures_neutralise_high_risk": "unknown",
            "subjects_contactable": "unknown",
            "nis2_significant": "unknown",
        }
    )
    a = assess(facts, now=NOW)
    assert a.notify_data_subjects  # the high risk is taken as not neutralised (Art. 34(3)(b))
    assert not a.public_communication  # individual letters planned (Art. 34(3)(c))
    assert {d.name for d in a.deadlines} >= {"ccb_early_warning", "ccb_incident_notification"}
    listed = codes(a)
    assert listed["measures_neutralise_high_risk"] == [AssumptionCode.MEASURES_NOT_NEUTRALISING]
    assert listed["subjects_contactable"] == [AssumptionCode.CONTACTABLE]
    assert listed["nis2_significant"] == [AssumptionCode.NIS2_SIGNIFICANT]


def test_the_enisa_score_takes_its_worst_too_and_says_so() -> None:
    facts = harmless(data=None, identifiability=None, malicious=None)
    a = assess(facts, now=NOW)
    assert a.severity.dpc == 4  # a special category may be among the unknown data
    assert a.severity.ei == 1.0
    assert a.severity.cb_malicious == 0.5
    assert codes(a)[None] == [AssumptionCode.SEVERITY_WORST]


def test_every_fact_known_makes_no_assumption() -> None:
    a = assess(
        harmless(
            confidentiality=Confidentiality.UNKNOWN_RECIPIENTS,
            unintelligible=Unintelligible.NO,
            integrity=Integrity.NOT_AFFECTED,
            recipients_count=0,
            unavailable_hours=0.0,
        ),
        now=NOW,
    )
    assert a.assumption_codes == ()
    assert a.assumptions == ()


def test_no_fixed_substitute_decides_the_search_does() -> None:
    """The same unknown confidentiality is taken at different values by different facts."""
    few = assess(harmless(confidentiality=None, malicious=True), now=NOW)
    many = assess(harmless(confidentiality=None, malicious=False, subjects=people(20_000)), now=NOW)
    assert text_about(few, "confidentiality").endswith("unknown recipients")
    assert text_about(many, "confidentiality").endswith("no evidence of access")

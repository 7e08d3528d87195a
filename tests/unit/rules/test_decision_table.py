"""One test per row of the decision table in DOMAIN.md §3, with its boundaries."""

from __future__ import annotations

import pytest

from rules.assessment import assess
from rules.codes import (
    Availability,
    Confidentiality,
    DataCode,
    Exemption,
    Identifiability,
    Integrity,
    Nature,
    Risk,
    ServiceImpact,
    Unintelligible,
)
from rules.facts import BreachFacts

from .factories import NOW, data, harmless, people

EVERYDAY = data(DataCode.BASIC_IDENTITY, DataCode.CONTACT)
HIGH_VALUE = data(DataCode.BASIC_IDENTITY, DataCode.NATIONAL_ID_NUMBER)
SPECIAL = data(DataCode.BASIC_IDENTITY, DataCode.HEALTH)


def dims(facts: BreachFacts) -> dict[str, str]:
    return assess(facts, now=NOW).to_contract()["dimensions"]


def conf(facts: BreachFacts) -> str:
    return dims(facts)["confidentiality"]


def avail(facts: BreachFacts) -> str:
    return dims(facts)["availability"]


def integ(facts: BreachFacts) -> str:
    return dims(facts)["integrity"]


UNKNOWN_RECIPIENTS = Confidentiality.UNKNOWN_RECIPIENTS
KNOWN = Confidentiality.KNOWN_RECIPIENTS
NO_EVIDENCE = Confidentiality.NO_EVIDENCE_OF_ACCESS


# --- confidentiality -----------------------------------------------------------------------


def test_confidentiality_not_affected_is_unlikely() -> None:
    """Row 1: confidentiality ruled out."""
    assert conf(harmless(confidentiality=Confidentiality.NOT_AFFECTED, data=SPECIAL)) == "unlikely"


def test_unintelligible_data_is_unlikely_even_with_special_categories() -> None:
    """Row 1, Art. 34(3)(a): encryption with a safe key."""
    facts = harmless(
        confidentiality=UNKNOWN_RECIPIENTS,
        data=SPECIAL,
        malicious=True,
        unintelligible=Unintelligible.YES,
    )
    assert conf(facts) == "unlikely"
    assert Exemption.ART34_3_A.value in assess(facts, now=NOW).to_contract()["exemptions"]


def test_compromised_key_counts_as_readable() -> None:
    facts = harmless(
        confidentiality=UNKNOWN_RECIPIENTS,
        data=SPECIAL,
        unintelligible=Unintelligible.KEY_COMPROMISED,
    )
    assert conf(facts) == "high"


def test_known_trusted_recipients_are_unlikely() -> None:
    """Row 2: EDPB case 9."""
    facts = harmless(
        confidentiality=KNOWN,
        recipients_trusted=True,
        recipients_count=1,
        data=HIGH_VALUE,
        subjects=people(500),
    )
    assert conf(facts) == "unlikely"


@pytest.mark.parametrize("extra", [(), (DataCode.CREDENTIALS,)])
def test_unknown_recipients_negligible_identifiability_only_credentials(extra: tuple) -> None:
    """Row 3: EDPB case 6, with or without the credentials themselves."""
    facts = harmless(
        confidentiality=UNKNOWN_RECIPIENTS,
        malicious=True,
        identifiability=Identifiability.NEGLIGIBLE,
        data=data(DataCode.PSEUDONYMOUS_IDENTIFIER, *extra),
    )
    assert conf(facts) == "unlikely"


def test_negligible_identifiability_with_other_high_value_data_is_high() -> None:
    facts = harmless(
        confidentiality=UNKNOWN_RECIPIENTS,
        identifiability=Identifiability.NEGLIGIBLE,
        data=data(DataCode.CREDENTIALS, DataCode.PAYMENT_CARD),
    )
    assert conf(facts) == "high"


@pytest.mark.parametrize(
    "code",
    [
        DataCode.NATIONAL_ID_NUMBER,
        DataCode.PAYMENT_CARD,
        DataCode.FINANCIAL,
        DataCode.CREDENTIALS,
        DataCode.HEALTH,
        DataCode.CRIMINAL,
        DataCode.BIOMETRIC,
    ],
)
def test_unknown_recipients_with_high_value_data_is_high(code: DataCode) -> None:
    """Row 4: EDPB cases 4, 7, 17, 18."""
    facts = harmless(confidentiality=UNKNOWN_RECIPIENTS, data=data(DataCode.BASIC_IDENTITY, code))
    assert conf(facts) == "high"


def test_official_documents_are_not_high_value() -> None:
    """Scored as financial by ENISA policy, but not in the table's high-value list."""
    facts = harmless(confidentiality=UNKNOWN_RECIPIENTS, data=data(DataCode.OFFICIAL_DOCUMENTS))
    assert conf(facts) == "risk"


def test_malicious_unknown_recipients_identity_and_contact_is_high() -> None:
    """Row 5: EDPB case 5."""
    facts = harmless(confidentiality=UNKNOWN_RECIPIENTS, malicious=True, data=EVERYDAY)
    assert conf(facts) == "high"


@pytest.mark.parametrize(("count", "expected"), [(9_999, "risk"), (10_000, "high")])
def test_malicious_unknown_recipients_ten_thousand_boundary(count: int, expected: str) -> None:
    """Row 5: 10,000 people or more (breachflow policy)."""
    facts = harmless(
        confidentiality=UNKNOWN_RECIPIENTS,
        malicious=True,
        data=data(DataCode.CONTACT),
        subjects=people(count),
    )
    assert conf(facts) == expected


def test_unknown_recipients_otherwise_is_risk() -> None:
    """Row 6: not malicious, everyday data."""
    facts = harmless(
        confidentiality=UNKNOWN_RECIPIENTS, malicious=False, data=EVERYDAY, subjects=people(50_000)
    )
    assert conf(facts) == "risk"


@pytest.mark.parametrize(("codes", "expected"), [(HIGH_VALUE, "high"), (EVERYDAY, "risk")])
def test_known_malicious_recipients(codes: frozenset[DataCode], expected: str) -> None:
    """Row 7: EDPB case 8."""
    facts = harmless(confidentiality=KNOWN, malicious=True, recipients_count=1, data=codes)
    assert conf(facts) == expected


@pytest.mark.parametrize(("recipients", "expected"), [(5, "risk"), (6, "high")])
def test_known_recipients_high_value_five_recipient_boundary(
    recipients: int, expected: str
) -> None:
    """Row 8: more than 5 recipients (breachflow policy), EDPB case 14."""
    facts = harmless(
        confidentiality=KNOWN, recipients_count=recipients, data=HIGH_VALUE, subjects=people(2)
    )
    assert conf(facts) == expected


@pytest.mark.parametrize(
    ("count", "recipients", "expected"),
    [(5, 5, "unlikely"), (6, 5, "risk"), (5, 6, "risk"), (1, 1, "unlikely")],
)
def test_known_recipients_everyday_data_five_people_boundary(
    count: int, recipients: int, expected: str
) -> None:
    """Rows 9 and 10: at most 5 people and 5 recipients (breachflow policy), EDPB case 13."""
    facts = harmless(
        confidentiality=KNOWN, recipients_count=recipients, data=EVERYDAY, subjects=people(count)
    )
    assert conf(facts) == expected


def test_known_recipients_behavioural_data_is_risk() -> None:
    """Row 10: location is not everyday data."""
    facts = harmless(
        confidentiality=KNOWN, recipients_count=1, data=data(DataCode.LOCATION), subjects=people(1)
    )
    assert conf(facts) == "risk"


@pytest.mark.parametrize(("count", "expected"), [(9_999, "risk"), (10_000, "high")])
def test_no_evidence_of_access_ten_thousand_boundary(count: int, expected: str) -> None:
    """Rows 11 and 12: EDPB case 11."""
    facts = harmless(confidentiality=NO_EVIDENCE, subjects=people(count))
    assert conf(facts) == expected


def test_no_evidence_of_access_vulnerable_special_categories_is_high() -> None:
    """Row 11: EDPB case 12."""
    facts = harmless(
        confidentiality=NO_EVIDENCE, data=SPECIAL, subjects=people(10, vulnerable=True)
    )
    assert conf(facts) == "high"


def test_no_evidence_of_access_vulnerable_without_special_categories_is_risk() -> None:
    facts = harmless(
        confidentiality=NO_EVIDENCE, data=EVERYDAY, subjects=people(10, vulnerable=True)
    )
    assert conf(facts) == "risk"


# --- availability --------------------------------------------------------------------------


def lost(
    availability: Availability, hours: float | None, impact: ServiceImpact, **changes: object
) -> BreachFacts:
    return harmless(
        nature=frozenset({Nature.AVAILABILITY}),
        availability=availability,
        unavailable_hours=hours,
        service_impact=impact,
        **changes,
    )


@pytest.mark.parametrize(
    "a", [Availability.NOT_AFFECTED, Availability.RECOVERED_WITHOUT_DIFFICULTY]
)
def test_availability_not_affected_or_recovered_is_unlikely(a: Availability) -> None:
    """Availability row 1, EDPB case 1 (even with a critical service behind it)."""
    assert avail(lost(a, 100, ServiceImpact.CRITICAL)) == "unlikely"


def test_critical_service_impact_is_high() -> None:
    """Availability row 2: EDPB case 3, WP250 viii."""
    assert avail(lost(Availability.TEMPORARY, 1, ServiceImpact.CRITICAL)) == "high"


@pytest.mark.parametrize(("hours", "expected"), [(24, "risk"), (24.01, "high")])
def test_lasting_loss_of_vulnerable_special_data_boundary(hours: float, expected: str) -> None:
    """Availability row 3: more than 24 hours (breachflow policy), EDPB case 12."""
    facts = lost(
        Availability.TEMPORARY,
        hours,
        ServiceImpact.SIGNIFICANT,
        data=SPECIAL,
        subjects=people(10, vulnerable=True),
    )
    assert avail(facts) == expected


def test_permanent_loss_is_risk() -> None:
    """Availability row 4: lasting."""
    assert avail(lost(Availability.PERMANENT, None, ServiceImpact.NONE)) == "risk"


@pytest.mark.parametrize(("hours", "expected"), [(24, "unlikely"), (24.5, "risk")])
def test_temporary_loss_24_hour_boundary(hours: float, expected: str) -> None:
    """Availability rows 4 and 5: 24 hours or less is short, WP250 iii and EDPB case 2."""
    assert avail(lost(Availability.TEMPORARY, hours, ServiceImpact.MINOR)) == expected


def test_short_loss_with_significant_impact_is_risk() -> None:
    """Availability row 4: significant service impact."""
    assert avail(lost(Availability.TEMPORARY, 1, ServiceImpact.SIGNIFICANT)) == "risk"


# --- integrity -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("i", "expected"),
    [
        (Integrity.NOT_AFFECTED, "unlikely"),
        (Integrity.ALTERED_RECOVERED, "unlikely"),
        (Integrity.ALTERED_RECOVERABLE, "risk"),
        (Integrity.ALTERED_UNRECOVERABLE, "high"),
    ],
)
def test_integrity_rows(i: Integrity, expected: str) -> None:
    """Integrity rows 1 to 3, EDPB case 17."""
    assert integ(harmless(nature=frozenset({Nature.INTEGRITY}), integrity=i)) == expected


# --- outcome, exemptions, ENISA note -------------------------------------------------------


def test_highest_dimension_wins() -> None:
    facts = harmless(
        integrity=Integrity.ALTERED_UNRECOVERABLE, confidentiality=Confidentiality.NOT_AFFECTED
    )
    contract = assess(facts, now=NOW).to_contract()
    assert contract["risk"] == Risk.HIGH
    assert contract["notify_supervisory_authority"]
    assert contract["notify_data_subjects"]


def test_art34_3_b_spares_the_letters_but_keeps_the_risk() -> None:
    facts = harmless(
        confidentiality=UNKNOWN_RECIPIENTS, data=HIGH_VALUE, measures_neutralise_high_risk=True
    )
    contract = assess(facts, now=NOW).to_contract()
    assert contract["risk"] == "high"
    assert contract["notify_supervisory_authority"] is True
    assert contract["notify_data_subjects"] is False
    assert contract["exemptions"] == ["art34_3_b"]


def test_art34_3_c_means_public_communication() -> None:
    facts = harmless(
        confidentiality=UNKNOWN_RECIPIENTS, data=HIGH_VALUE, subjects_contactable=False
    )
    contract = assess(facts, now=NOW).to_contract()
    assert contract["notify_data_subjects"] is True
    assert contract["public_communication"] is True
    assert contract["exemptions"] == ["art34_3_c"]


def test_no_exemption_below_high_risk() -> None:
    facts = harmless(
        confidentiality=KNOWN,
        recipients_count=2,
        data=EVERYDAY,
        subjects=people(20),
        subjects_contactable=False,
        measures_neutralise_high_risk=True,
    )
    contract = assess(facts, now=NOW).to_contract()
    assert contract["risk"] == "risk"
    assert contract["exemptions"] == []
    assert contract["public_communication"] is False


def test_band_and_table_disagreement_is_noted() -> None:
    """EDPB case 9's facts score ENISA 'high' while the table says unlikely."""
    facts = harmless(
        confidentiality=KNOWN,
        recipients_trusted=True,
        recipients_count=1,
        data=data(DataCode.FINANCIAL),
    )
    contract = assess(facts, now=NOW).to_contract()
    assert contract["severity"]["band"] == "high"
    assert contract["risk"] == "unlikely"
    assert any("the table decides" in r["text"] for r in contract["reasons"])


def test_policy_thresholds_are_attributed_to_breachflow_not_the_edpb() -> None:
    facts = harmless(confidentiality=NO_EVIDENCE, subjects=people(10_000))
    reasons = assess(facts, now=NOW).to_contract()["reasons"]
    policy = [r for r in reasons if "10,000" in r["text"]]
    assert policy
    assert all(r["article"] == "breachflow policy" for r in policy)


@pytest.mark.parametrize(
    ("score_facts", "band"),
    [
        # DPC 1 x EI 1 + CB 0.5 + 0.5 = 2.0: the lower edge of medium
        ({"confidentiality": UNKNOWN_RECIPIENTS, "malicious": True}, "medium"),
        # DPC 3 x EI 1 + 0 = 3.0: the lower edge of high
        ({"data": data(DataCode.FINANCIAL)}, "high"),
        # DPC 4 x EI 1 + 0 = 4.0: the lower edge of very high
        ({"data": data(DataCode.HEALTH)}, "very_high"),
        # DPC 2 x EI 0.75 + 0.25 = 1.75: low
        (
            {
                "data": data(DataCode.LOCATION),
                "identifiability": Identifiability.SIGNIFICANT,
                "confidentiality": KNOWN,
                "recipients_count": 1,
            },
            "low",
        ),
    ],
)
def test_enisa_band_edges_are_half_open(score_facts: dict, band: str) -> None:
    facts = harmless(data=data(DataCode.BASIC_IDENTITY)).with_changes(**score_facts)
    assert assess(facts, now=NOW).to_contract()["severity"]["band"] == band


def test_vulnerable_people_raise_dpc_one_step_with_reason() -> None:
    facts = harmless(subjects=people(3, vulnerable=True))
    severity = assess(facts, now=NOW).to_contract()["severity"]
    assert severity["dpc_base"] == 1.0
    assert severity["dpc"] == 2.0
    assert severity["dpc_adjustments"][0]["step"] == 1
    assert "vulnerable" in severity["dpc_adjustments"][0]["reason"]


def test_dpc_never_leaves_one_to_four() -> None:
    facts = harmless(data=SPECIAL, subjects=people(3, vulnerable=True))
    assert assess(facts, now=NOW).to_contract()["severity"]["dpc"] == 4.0

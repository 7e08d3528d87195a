"""Art. 34(3) exemptions: listed only where they spare the people a letter, never beside a
reason that tells the people."""

from __future__ import annotations

from hypothesis import given, settings

from rules.assessment import assess, overridden
from rules.codes import (
    Availability,
    Confidentiality,
    DataCode,
    Exemption,
    Identifiability,
    Nature,
    Risk,
    ServiceImpact,
    Unintelligible,
)
from rules.facts import BreachFacts
from rules.reasons import ReasonCode

from .factories import NOW, data, harmless
from .test_properties import facts_strategy

ENCRYPTED_HEALTH = harmless(
    confidentiality=Confidentiality.UNKNOWN_RECIPIENTS,
    data=data(DataCode.BASIC_IDENTITY, DataCode.HEALTH),
    unintelligible=Unintelligible.YES,
)


def reason_codes(facts: BreachFacts) -> list[str]:
    return [r.code for r in assess(facts, now=NOW).reasons]


def test_encryption_that_spares_the_letters_is_listed_with_its_reason() -> None:
    """Art. 34(3)(a): readable, health data taken by unknown parties would be high risk."""
    a = assess(ENCRYPTED_HEALTH, now=NOW)
    assert a.risk is Risk.UNLIKELY
    assert a.exemptions == (Exemption.ART34_3_A,)
    assert ReasonCode.EXEMPT_UNINTELLIGIBLE in [r.code for r in a.reasons]


def test_encrypted_data_with_a_critical_loss_of_availability_still_needs_letters() -> None:
    """The high risk comes from availability: (a) spares nobody a letter, so it is not listed."""
    facts = ENCRYPTED_HEALTH.with_changes(
        nature=frozenset({Nature.CONFIDENTIALITY, Nature.AVAILABILITY}),
        availability=Availability.TEMPORARY,
        service_impact=ServiceImpact.CRITICAL,
    )
    a = assess(facts, now=NOW)
    assert a.risk is Risk.HIGH
    assert a.notify_data_subjects
    assert a.exemptions == ()
    assert ReasonCode.EXEMPT_UNINTELLIGIBLE not in [r.code for r in a.reasons]


def test_encryption_of_data_that_would_not_be_high_anyway_is_no_exemption() -> None:
    """Pseudonymous credentials, negligible identifiability (EDPB case 6): no letter either
    way, so no exemption spares one."""
    facts = ENCRYPTED_HEALTH.with_changes(
        data=data(DataCode.PSEUDONYMOUS_IDENTIFIER, DataCode.CREDENTIALS),
        identifiability=Identifiability.NEGLIGIBLE,
    )
    assert assess(facts, now=NOW).exemptions == ()


def test_art34_3_b_has_no_tell_the_people_reason() -> None:
    facts = ENCRYPTED_HEALTH.with_changes(
        unintelligible=Unintelligible.NO, measures_neutralise_high_risk=True
    )
    codes = reason_codes(facts)
    assert ReasonCode.EXEMPT_MEASURES in codes
    assert ReasonCode.OUTCOME_TELL_PEOPLE not in codes
    assert ReasonCode.OUTCOME_NOTIFY_AUTHORITY in codes


def test_art34_3_c_tells_the_people_publicly() -> None:
    facts = ENCRYPTED_HEALTH.with_changes(
        unintelligible=Unintelligible.NO, subjects_contactable=False
    )
    a = assess(facts, now=NOW)
    assert a.public_communication
    assert {ReasonCode.OUTCOME_TELL_PEOPLE, ReasonCode.EXEMPT_PUBLIC} <= {r.code for r in a.reasons}


@settings(max_examples=300, deadline=None)
@given(facts_strategy)
def test_a_reason_tells_the_people_exactly_when_they_must_be_told(facts: BreachFacts) -> None:
    """Whatever the facts, and after the DPO sets any outcome: "tell the people" appears iff
    the people must be told; (a) is listed only when the outcome spares them a letter."""
    rules = assess(facts, now=NOW)
    for a in (rules, *(overridden(rules, r, reason="checked") for r in Risk)):
        tells = ReasonCode.OUTCOME_TELL_PEOPLE in [r.code for r in a.reasons]
        assert tells is a.notify_data_subjects
        if Exemption.ART34_3_A in a.exemptions:
            assert not a.notify_data_subjects
        if Exemption.ART34_3_B in a.exemptions:
            assert not tells

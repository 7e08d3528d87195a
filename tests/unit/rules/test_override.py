"""The DPO's override (DOMAIN.md §3) brings the duties of the outcome the DPO set."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.assessment import Assessment, assess, overridden
from rules.codes import (
    Availability,
    Confidentiality,
    DataCode,
    Exemption,
    Nature,
    Risk,
    ServiceImpact,
    Unintelligible,
)
from rules.facts import BreachFacts, parse_facts
from tests.conftest import CASES

from .factories import NOW, data, harmless
from .test_properties import facts_strategy

REASON = "the recipient forwarded the file to a third party"
HIGH_VALUE = data(DataCode.BASIC_IDENTITY, DataCode.NATIONAL_ID_NUMBER)
# Rated `risk` by the rules: one untrusted known recipient of high-value data (the demo case).
RISK_FACTS = harmless(
    confidentiality=Confidentiality.KNOWN_RECIPIENTS, recipients_count=1, data=HIGH_VALUE
)
# Rated `high`: unknown recipients of high-value data.
HIGH_FACTS = harmless(confidentiality=Confidentiality.UNKNOWN_RECIPIENTS, data=HIGH_VALUE)


def case(stem: str) -> BreachFacts:
    return parse_facts(json.loads(Path(CASES / f"{stem}.json").read_text(encoding="utf-8")))


def deadline_names(a: Assessment) -> set[str]:
    return {d.name for d in a.deadlines}


def test_the_fixtures_are_rated_as_named() -> None:
    """The tests below start from the outcome their names say."""
    assert assess(harmless(), now=NOW).risk is Risk.UNLIKELY
    assert assess(RISK_FACTS, now=NOW).risk is Risk.RISK
    assert assess(HIGH_FACTS, now=NOW).risk is Risk.HIGH


def test_override_to_high_brings_the_letters_and_keeps_the_gba_deadline() -> None:
    """risk -> high: the GBA within 72 hours (Art. 33(1)) and the people (Art. 34(1))."""
    rules = assess(RISK_FACTS, now=NOW)
    a = overridden(rules, Risk.HIGH, reason=REASON)
    assert a.risk is Risk.HIGH
    assert a.overridden_from is Risk.RISK
    assert a.notify_supervisory_authority
    assert a.notify_data_subjects
    assert not a.public_communication
    assert a.supervisory_authority_deadline == rules.supervisory_authority_deadline
    assert a.to_contract()["risk"] == "high"


def test_override_to_unlikely_drops_the_notifications_and_the_gba_deadline() -> None:
    """high -> unlikely: document only (Art. 33(5)); no GBA deadline, no letters."""
    a = overridden(assess(HIGH_FACTS, now=NOW), Risk.UNLIKELY, reason=REASON)
    assert a.risk is Risk.UNLIKELY
    assert not a.notify_supervisory_authority
    assert not a.notify_data_subjects
    assert not a.public_communication
    assert a.exemptions == ()
    assert "supervisory_authority" not in deadline_names(a)
    assert a.to_contract()["supervisory_authority_deadline"] is None


def test_override_to_risk_notifies_the_gba_only() -> None:
    """unlikely -> risk: the GBA deadline appears; high -> risk: the letters go."""
    up = overridden(assess(harmless(), now=NOW), Risk.RISK, reason=REASON)
    assert up.notify_supervisory_authority
    assert not up.notify_data_subjects
    assert "supervisory_authority" in deadline_names(up)
    down = overridden(assess(HIGH_FACTS, now=NOW), Risk.RISK, reason=REASON)
    assert down.notify_supervisory_authority
    assert not down.notify_data_subjects


def test_override_to_high_applies_art34_3_b() -> None:
    """Later measures neutralise the high risk: the people need not be told (Art. 34(3)(b))."""
    facts = RISK_FACTS.with_changes(measures_neutralise_high_risk=True)
    a = overridden(assess(facts, now=NOW), Risk.HIGH, reason=REASON)
    assert a.exemptions == (Exemption.ART34_3_B,)
    assert a.notify_supervisory_authority
    assert not a.notify_data_subjects


def test_override_to_high_applies_art34_3_c() -> None:
    """People not contactable one by one: a public communication (Art. 34(3)(c))."""
    facts = RISK_FACTS.with_changes(subjects_contactable=False)
    a = overridden(assess(facts, now=NOW), Risk.HIGH, reason=REASON)
    assert a.exemptions == (Exemption.ART34_3_C,)
    assert a.notify_data_subjects
    assert a.public_communication


ENCRYPTED_HEALTH = harmless(
    confidentiality=Confidentiality.UNKNOWN_RECIPIENTS,
    malicious=True,
    data=data(DataCode.BASIC_IDENTITY, DataCode.HEALTH),
    unintelligible=Unintelligible.YES,
)


def test_override_of_encrypted_data_to_high_treats_art34_3_a_as_the_rules_do() -> None:
    """Encrypted health data taken by unknown parties: Art. 34(3)(a) spares the letters. The
    DPO overriding to high needs the letters, so (a) is no longer listed, exactly as `assess`
    decides for the same encrypted data made high by another dimension: the override adds no
    rule of its own."""
    rules = assess(ENCRYPTED_HEALTH, now=NOW)
    assert rules.risk is Risk.UNLIKELY
    assert rules.exemptions == (Exemption.ART34_3_A,)
    a = overridden(rules, Risk.HIGH, reason=REASON)
    assert Exemption.ART34_3_A not in a.exemptions
    high_by_rules = assess(
        ENCRYPTED_HEALTH.with_changes(
            nature=frozenset({Nature.CONFIDENTIALITY, Nature.AVAILABILITY}),
            availability=Availability.TEMPORARY,
            service_impact=ServiceImpact.CRITICAL,
        ),
        now=NOW,
    )
    assert high_by_rules.risk is Risk.HIGH
    assert a.exemptions == high_by_rules.exemptions == ()
    assert a.notify_data_subjects == high_by_rules.notify_data_subjects is True
    assert a.public_communication == high_by_rules.public_communication


def test_hashed_passwords_case_lists_no_exemption() -> None:
    """EDPB case 6: readable, the pseudonymous credentials would still be unlikely to result
    in a risk (negligible identifiability), so encryption is not what spares a letter."""
    rules = assess(case("edpb-06"), now=NOW)
    assert rules.risk is Risk.UNLIKELY
    assert rules.exemptions == ()


def test_nis2_deadlines_do_not_depend_on_the_outcome() -> None:
    """The CCB clocks (Belgian NIS2 law) run whatever the GDPR outcome."""
    facts = HIGH_FACTS.with_changes(nis2_significant=True)
    a = overridden(assess(facts, now=NOW), Risk.UNLIKELY, reason=REASON)
    assert deadline_names(a) == {
        "ccb_early_warning",
        "ccb_incident_notification",
        "ccb_final_report",
    }


def test_the_first_reason_is_the_dpos_decision_with_its_text() -> None:
    """The reasons open with the DPO's decision, on the article, and say what the rules gave."""
    a = overridden(assess(RISK_FACTS, now=NOW), Risk.HIGH, reason=REASON)
    first = a.reasons[0]
    assert first.article == "Art. 34(1) GDPR; DPO decision"
    assert "EDPB" not in first.article
    assert "'high'" in first.text
    assert "'risk'" in first.text
    assert REASON in first.text
    down = overridden(assess(HIGH_FACTS, now=NOW), Risk.UNLIKELY, reason=REASON)
    assert down.reasons[0].article == "Art. 33(1), 33(5) GDPR; DPO decision"
    # The outcome's own reason follows the DPO's outcome, not the rules'.
    assert not any(r.article == "Art. 34(1) GDPR" for r in down.reasons)


def test_a_second_override_keeps_the_rules_outcome() -> None:
    """Overriding an overridden assessment records the rules' outcome, not the first override."""
    second = "deleted unread, confirmed in writing"
    once = overridden(assess(RISK_FACTS, now=NOW), Risk.HIGH, reason=REASON)
    twice = overridden(once, Risk.UNLIKELY, reason=second)
    assert twice.overridden_from is Risk.RISK
    assert "(the rules gave 'risk')" in twice.reasons[0].text
    assert twice == overridden(assess(RISK_FACTS, now=NOW), Risk.UNLIKELY, reason=second)


@pytest.mark.parametrize("blank", ["", "   "])
def test_an_override_needs_a_written_reason(blank: str) -> None:
    with pytest.raises(ValueError, match="written reason"):
        overridden(assess(RISK_FACTS, now=NOW), Risk.HIGH, reason=blank)


risks = st.sampled_from(list(Risk))


@settings(max_examples=200, deadline=None)
@given(facts_strategy, risks)
def test_an_override_brings_the_duties_of_its_level(facts: BreachFacts, risk: Risk) -> None:
    """Any facts, any outcome: Art. 33(1) iff risk or high, with its 72-hour deadline; the
    people only when high; a public communication only instead of letters (Art. 34(3)(c))."""
    a = overridden(assess(facts, now=NOW), risk, reason=REASON)
    assert a.risk is risk
    assert a.notify_supervisory_authority is (risk is not Risk.UNLIKELY)
    assert ("supervisory_authority" in deadline_names(a)) is a.notify_supervisory_authority
    assert not a.notify_data_subjects or risk is Risk.HIGH
    assert not a.public_communication or a.notify_data_subjects
    if risk is not Risk.HIGH:
        assert set(a.exemptions) <= {Exemption.ART34_3_A}
    assert a.reasons[0].article.endswith("DPO decision")


@settings(max_examples=200, deadline=None)
@given(facts_strategy)
def test_overriding_to_the_rules_outcome_changes_only_the_reasons(facts: BreachFacts) -> None:
    """The DPO confirming the rules' level by override adds a reason and nothing else."""
    rules = assess(facts, now=NOW)
    a = overridden(rules, rules.risk, reason=REASON)
    assert a.reasons[1:] == rules.reasons
    assert replace(a, reasons=rules.reasons, overridden_from=None) == rules

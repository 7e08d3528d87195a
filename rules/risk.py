"""The EDPB decision table of DOMAIN.md §3, one function per dimension.

Within a dimension the first matching row wins; the outcome is the highest dimension
(Art. 33(1), 34(1) GDPR). The principles and examples are the EDPB's (Guidelines 01/2021 and
9/2022); the numeric thresholds (24 hours, 5, 10,000) are breachflow's policy and the reasons
cite it. Each row reads only the facts it needs, and reads them as it goes: the search for
unknown facts (`rules.search`) varies exactly the facts a row reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from rules.codes import (
    EVERYDAY,
    HIGH_VALUE,
    Availability,
    Confidentiality,
    DataCode,
    Identifiability,
    Integrity,
    Risk,
    ServiceImpact,
    Unintelligible,
    is_special_category,
)
from rules.policy import FEW, LASTING_HOURS, MANY_PEOPLE
from rules.reasons import (
    EDPB_9_2022,
    ENISA,
    POLICY,
    Reason,
    edpb_case,
    gdpr,
    wp250,
)
from rules.reasons import ReasonCode as R
from rules.resolved import FactView

__all__ = ["FEW", "LASTING_HOURS", "MANY_PEOPLE", "Finding", "Reason", "findings"]


@dataclass(frozen=True)
class Finding:
    dimension: str
    risk: Risk
    reasons: tuple[Reason, ...]


def _finding(dimension: str, risk: Risk, *reasons: Reason) -> Finding:
    return Finding(dimension, risk, reasons)


def _codes(codes: frozenset[DataCode]) -> tuple[str, ...]:
    return tuple(sorted(codes))


def _special_vulnerable(facts: FactView) -> bool:
    return facts.vulnerable and any(is_special_category(d) for d in facts.data)


_MANY = Reason.of(R.POLICY_MANY_PEOPLE, POLICY, threshold=MANY_PEOPLE)


def confidentiality(facts: FactView) -> Finding:
    """Loss of confidentiality: who may have seen the data."""
    c = facts.confidentiality
    dim = "confidentiality"
    if c is Confidentiality.NOT_AFFECTED:
        return _finding(dim, Risk.UNLIKELY, Reason.of(R.CONF_NOT_AFFECTED, edpb_case("1, 6, 10")))
    if facts.unintelligible is Unintelligible.YES:
        # Art. 34(3)(a): data unintelligible to anyone not authorised (EDPB 01/2021 cases 1, 6).
        return _finding(
            dim,
            Risk.UNLIKELY,
            Reason.of(R.CONF_UNINTELLIGIBLE, gdpr("34(3)(a)"), edpb_case("1, 6")),
        )
    if c is Confidentiality.UNKNOWN_RECIPIENTS:
        return _unknown_recipients(facts)
    if c is Confidentiality.KNOWN_RECIPIENTS:
        return _known_recipients(facts)
    return _no_evidence_of_access(facts)


def _unknown_recipients(facts: FactView) -> Finding:
    dim = "confidentiality"
    negligible = facts.identifiability is Identifiability.NEGLIGIBLE
    high_value = facts.data & HIGH_VALUE
    if negligible and high_value <= {DataCode.CREDENTIALS}:
        return _finding(dim, Risk.UNLIKELY, Reason.of(R.CONF_UNKNOWN_NEGLIGIBLE, edpb_case("6")))
    if high_value:
        return _finding(
            dim,
            Risk.HIGH,
            Reason.of(
                R.CONF_UNKNOWN_HIGH_VALUE, edpb_case("4, 7, 17, 18"), codes=_codes(high_value)
            ),
        )
    if facts.malicious:
        if {DataCode.BASIC_IDENTITY, DataCode.CONTACT} <= facts.data:
            return _finding(
                dim, Risk.HIGH, Reason.of(R.CONF_UNKNOWN_MALICIOUS_IDENTITY, edpb_case("5"))
            )
        if facts.subject_count >= MANY_PEOPLE:
            return _finding(
                dim, Risk.HIGH, Reason.of(R.CONF_UNKNOWN_MALICIOUS_MANY, edpb_case("5")), _MANY
            )
    return _finding(dim, Risk.RISK, Reason.of(R.CONF_UNKNOWN_OTHERWISE, gdpr("33(1)"), EDPB_9_2022))


def _known_recipients(facts: FactView) -> Finding:
    dim = "confidentiality"
    if facts.recipients_trusted:
        return _finding(dim, Risk.UNLIKELY, Reason.of(R.CONF_KNOWN_TRUSTED, edpb_case("9")))
    high_value = facts.data & HIGH_VALUE
    if facts.malicious:
        if high_value:
            reason = Reason.of(
                R.CONF_KNOWN_MALICIOUS_HIGH_VALUE, edpb_case("8"), codes=_codes(high_value)
            )
            return _finding(dim, Risk.HIGH, reason)
        return _finding(dim, Risk.RISK, Reason.of(R.CONF_KNOWN_MALICIOUS, edpb_case("8")))
    if high_value and facts.recipients_count > FEW:
        return _finding(
            dim,
            Risk.HIGH,
            Reason.of(R.CONF_KNOWN_WIDE, edpb_case("14"), codes=_codes(high_value), threshold=FEW),
            Reason.of(R.POLICY_WIDE_DISCLOSURE, POLICY, threshold=FEW),
        )
    if facts.data <= EVERYDAY and facts.subject_count <= FEW and facts.recipients_count <= FEW:
        return _finding(
            dim,
            Risk.UNLIKELY,
            Reason.of(R.CONF_KNOWN_MINOR, edpb_case("13")),
            Reason.of(R.POLICY_MINOR_DISCLOSURE, POLICY, threshold=FEW),
        )
    return _finding(
        dim, Risk.RISK, Reason.of(R.CONF_KNOWN_OTHERWISE, gdpr("33(1)"), edpb_case("13, 14"))
    )


def _no_evidence_of_access(facts: FactView) -> Finding:
    dim = "confidentiality"
    if facts.subject_count >= MANY_PEOPLE:
        return _finding(dim, Risk.HIGH, Reason.of(R.CONF_LOST_MANY, edpb_case("11, 12")), _MANY)
    if _special_vulnerable(facts):
        return _finding(
            dim, Risk.HIGH, Reason.of(R.CONF_LOST_SPECIAL_VULNERABLE, edpb_case("11, 12"))
        )
    return _finding(
        dim, Risk.RISK, Reason.of(R.CONF_LOST_OTHERWISE, gdpr("33(1)"), edpb_case("11"))
    )


def availability(facts: FactView) -> Finding:
    """Loss of availability: how long and with what effect on the people."""
    a = facts.availability
    dim = "availability"
    if a in (Availability.NOT_AFFECTED, Availability.RECOVERED_WITHOUT_DIFFICULTY):
        return _finding(dim, Risk.UNLIKELY, Reason.of(R.AVAIL_NOT_AFFECTED, edpb_case("1")))
    if facts.service_impact is ServiceImpact.CRITICAL:
        return _finding(dim, Risk.HIGH, Reason.of(R.AVAIL_CRITICAL, edpb_case("3"), wp250("viii")))
    lasting = a is Availability.PERMANENT or facts.unavailable_hours > LASTING_HOURS
    policy = Reason.of(R.POLICY_LASTING, POLICY, hours=LASTING_HOURS)
    if lasting and _special_vulnerable(facts):
        return _finding(
            dim,
            Risk.HIGH,
            Reason.of(R.AVAIL_LASTING_SPECIAL_VULNERABLE, edpb_case("12")),
            policy,
        )
    if lasting:
        return _finding(
            dim, Risk.RISK, Reason.of(R.AVAIL_LASTING_OR_SIGNIFICANT, edpb_case("2")), policy
        )
    if facts.service_impact is ServiceImpact.SIGNIFICANT:
        return _finding(dim, Risk.RISK, Reason.of(R.AVAIL_LASTING_OR_SIGNIFICANT, edpb_case("2")))
    return _finding(
        dim,
        Risk.UNLIKELY,
        Reason.of(R.AVAIL_SHORT, wp250("iii")),
        Reason.of(R.POLICY_SHORT, POLICY, hours=LASTING_HOURS),
    )


def integrity(facts: FactView) -> Finding:
    """Loss of integrity: altered data and whether it can be put right (ENISA 2013 levels)."""
    i = facts.integrity
    dim = "integrity"
    if i in (Integrity.NOT_AFFECTED, Integrity.ALTERED_RECOVERED):
        return _finding(dim, Risk.UNLIKELY, Reason.of(R.INTEG_NOT_AFFECTED, ENISA, EDPB_9_2022))
    if i is Integrity.ALTERED_RECOVERABLE:
        return _finding(dim, Risk.RISK, Reason.of(R.INTEG_RECOVERABLE, edpb_case("17")))
    return _finding(dim, Risk.HIGH, Reason.of(R.INTEG_UNRECOVERABLE, ENISA, EDPB_9_2022))


# The dimensions in the order they are reported; on equal outcomes the first one decides.
DIMENSIONS = (
    ("confidentiality", confidentiality),
    ("integrity", integrity),
    ("availability", availability),
)


def findings(facts: FactView) -> tuple[Finding, Finding, Finding]:
    """All three dimensions for one complete set of facts; the outcome is the highest."""
    return confidentiality(facts), integrity(facts), availability(facts)

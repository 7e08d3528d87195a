"""The EDPB decision table of DOMAIN.md §3, one function per dimension.

Within a dimension the first matching row wins; the outcome is the highest dimension
(Art. 33(1), 34(1) GDPR). The principles and examples are the EDPB's (Guidelines 01/2021 and
9/2022); the numeric thresholds (24 hours, 5, 10,000) are breachflow's policy and the reasons
say so.
"""

from __future__ import annotations

from dataclasses import dataclass

from rules.codes import (
    EVERYDAY,
    HIGH_VALUE,
    Availability,
    Confidentiality,
    DataCode,
    Integrity,
    Risk,
    ServiceImpact,
    Unintelligible,
    is_special_category,
)
from rules.worst_case import Resolved

POLICY = "breachflow policy"
# breachflow policy thresholds (DOMAIN.md §3).
LASTING_HOURS = 24
FEW = 5
MANY_PEOPLE = 10_000


@dataclass(frozen=True)
class Reason:
    """A sentence with the source it rests on: an article, an EDPB example or our policy."""

    article: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"article": self.article, "text": self.text}


@dataclass(frozen=True)
class Finding:
    dimension: str
    risk: Risk
    reasons: tuple[Reason, ...]


def _high_value(facts: Resolved) -> frozenset[DataCode]:
    return facts.data & HIGH_VALUE


def _special_vulnerable(facts: Resolved) -> bool:
    return facts.vulnerable and any(is_special_category(d) for d in facts.data)


def _finding(dimension: str, risk: Risk, *reasons: Reason) -> Finding:
    return Finding(dimension, risk, reasons)


def confidentiality(facts: Resolved) -> Finding:
    """Loss of confidentiality: who may have seen the data."""
    c = facts.confidentiality
    dim = "confidentiality"
    if c is Confidentiality.NOT_AFFECTED:
        return _finding(
            dim,
            Risk.UNLIKELY,
            Reason(
                "EDPB 01/2021 cases 1, 6, 10",
                "confidentiality not affected: no disclosure or access to the data",
            ),
        )
    if facts.unintelligible is Unintelligible.YES:
        return _finding(
            dim,
            Risk.UNLIKELY,
            Reason(
                "Art. 34(3)(a) GDPR; EDPB 01/2021 cases 1, 6",
                "the data were unintelligible to anyone not authorised (state-of-the-art "
                "encryption or keyed hashing, key safe)",
            ),
        )
    high_value = _high_value(facts)
    if c is Confidentiality.UNKNOWN_RECIPIENTS:
        return _unknown_recipients(facts, high_value)
    if c is Confidentiality.KNOWN_RECIPIENTS:
        return _known_recipients(facts, high_value)
    return _no_evidence_of_access(facts)


def _unknown_recipients(facts: Resolved, high_value: frozenset[DataCode]) -> Finding:
    dim = "confidentiality"
    if facts.identifiability.value == "negligible" and high_value <= {DataCode.CREDENTIALS}:
        return _finding(
            dim,
            Risk.UNLIKELY,
            Reason(
                "EDPB 01/2021 case 6",
                "unknown recipients, but the people can hardly be identified from the data and no "
                "high-value data other than credentials is involved",
            ),
        )
    if high_value:
        return _finding(
            dim,
            Risk.HIGH,
            Reason(
                "EDPB 01/2021 cases 4, 7, 17, 18",
                "high-value data (" + ", ".join(sorted(high_value)) + ") taken by or open to "
                "unknown parties",
            ),
        )
    identity_and_contact = {DataCode.BASIC_IDENTITY, DataCode.CONTACT} <= facts.data
    many = facts.subject_count >= MANY_PEOPLE
    if facts.malicious and (identity_and_contact or many):
        why = "identity with contact data" if identity_and_contact else "data of many people"
        reasons = [
            Reason(
                "EDPB 01/2021 case 5",
                f"malicious access by unknown parties to {why}: phishing and "
                "identity fraud are likely",
            )
        ]
        if not identity_and_contact:
            reasons.append(
                Reason(
                    POLICY, f"{MANY_PEOPLE:,} people is breachflow's threshold for a large breach"
                )
            )
        return _finding(dim, Risk.HIGH, *reasons)
    return _finding(
        dim,
        Risk.RISK,
        Reason("Art. 33(1) GDPR; EDPB 9/2022", "personal data taken by or open to unknown parties"),
    )


def _known_recipients(facts: Resolved, high_value: frozenset[DataCode]) -> Finding:
    dim = "confidentiality"
    if facts.recipients_trusted:
        return _finding(
            dim,
            Risk.UNLIKELY,
            Reason(
                "EDPB 01/2021 case 9",
                "the known recipients are trusted: bound to secrecy and confirmed deletion or "
                "return",
            ),
        )
    if facts.malicious:
        risk = Risk.HIGH if high_value else Risk.RISK
        return _finding(
            dim,
            risk,
            Reason(
                "EDPB 01/2021 case 8",
                "known recipients acting with malicious intent"
                + (" on high-value data" if high_value else ""),
            ),
        )
    if high_value and facts.recipients_count > FEW:
        return _finding(
            dim,
            Risk.HIGH,
            Reason(
                "EDPB 01/2021 case 14",
                f"high-value data ({', '.join(sorted(high_value))}) sent to "
                f"more than {FEW} untrusted recipients",
            ),
            Reason(
                POLICY,
                f"more than {FEW} recipients is breachflow's threshold for a wide disclosure",
            ),
        )
    only_everyday = facts.data <= EVERYDAY
    if only_everyday and facts.subject_count <= FEW and facts.recipients_count <= FEW:
        return _finding(
            dim,
            Risk.UNLIKELY,
            Reason(
                "EDPB 01/2021 case 13",
                "only everyday data of a few people disclosed to a few known recipients",
            ),
            Reason(
                POLICY,
                f"at most {FEW} people and at most {FEW} recipients is "
                "breachflow's threshold for a minor disclosure",
            ),
        )
    return _finding(
        dim,
        Risk.RISK,
        Reason(
            "Art. 33(1) GDPR; EDPB 01/2021 cases 13, 14",
            "personal data disclosed to known, untrusted recipients",
        ),
    )


def _no_evidence_of_access(facts: Resolved) -> Finding:
    dim = "confidentiality"
    many = facts.subject_count >= MANY_PEOPLE
    if many or _special_vulnerable(facts):
        why = "a large number of people" if many else "special-category data of vulnerable people"
        reasons = [
            Reason(
                "EDPB 01/2021 cases 11, 12",
                f"readable data lost or stolen, no evidence of access, {why}",
            )
        ]
        if many:
            reasons.append(
                Reason(
                    POLICY, f"{MANY_PEOPLE:,} people is breachflow's threshold for a large breach"
                )
            )
        return _finding(dim, Risk.HIGH, *reasons)
    return _finding(
        dim,
        Risk.RISK,
        Reason(
            "Art. 33(1) GDPR; EDPB 01/2021 case 11",
            "readable data lost or stolen; access cannot be ruled out",
        ),
    )


def availability(facts: Resolved) -> Finding:
    """Loss of availability: how long and with what effect on the people."""
    a = facts.availability
    dim = "availability"
    if a in (Availability.NOT_AFFECTED, Availability.RECOVERED_WITHOUT_DIFFICULTY):
        return _finding(
            dim,
            Risk.UNLIKELY,
            Reason(
                "EDPB 01/2021 case 1", "availability not affected or restored without difficulty"
            ),
        )
    if facts.service_impact is ServiceImpact.CRITICAL:
        return _finding(
            dim,
            Risk.HIGH,
            Reason(
                "EDPB 01/2021 case 3; WP250rev.01 Annex B viii",
                "the loss of availability touches the people's health, safety or income",
            ),
        )
    lasting = a is Availability.PERMANENT or facts.unavailable_hours > LASTING_HOURS
    if lasting and _special_vulnerable(facts):
        return _finding(
            dim,
            Risk.HIGH,
            Reason(
                "EDPB 01/2021 case 12", "lasting loss of special-category data of vulnerable people"
            ),
            Reason(POLICY, f"unavailable more than {LASTING_HOURS} hours counts as lasting"),
        )
    if lasting or facts.service_impact is ServiceImpact.SIGNIFICANT:
        reasons = [
            Reason(
                "EDPB 01/2021 case 2",
                "lasting loss of availability or a significant effect on services",
            )
        ]
        if lasting:
            reasons.append(
                Reason(
                    POLICY,
                    f"unavailable more than {LASTING_HOURS} hours, or "
                    "permanently, counts as lasting",
                )
            )
        return _finding(dim, Risk.RISK, *reasons)
    return _finding(
        dim,
        Risk.UNLIKELY,
        Reason(
            "WP250rev.01 Annex B iii",
            "a short loss of availability with no or minor effect on services",
        ),
        Reason(POLICY, f"{LASTING_HOURS} hours or less counts as short"),
    )


def integrity(facts: Resolved) -> Finding:
    """Loss of integrity: altered data and whether it can be put right."""
    i = facts.integrity
    dim = "integrity"
    if i in (Integrity.NOT_AFFECTED, Integrity.ALTERED_RECOVERED):
        return _finding(
            dim,
            Risk.UNLIKELY,
            Reason(
                "ENISA 2013; EDPB 9/2022",
                "integrity not affected, or the data were restored before any use",
            ),
        )
    if i is Integrity.ALTERED_RECOVERABLE:
        return _finding(
            dim,
            Risk.RISK,
            Reason("EDPB 01/2021 case 17", "data altered and possibly misused, but recoverable"),
        )
    return _finding(
        dim, Risk.HIGH, Reason("ENISA 2013; EDPB 9/2022", "data altered and not recoverable")
    )


def findings(facts: Resolved) -> tuple[Finding, Finding, Finding]:
    """All three dimensions; the outcome is the highest (DOMAIN.md §3)."""
    return confidentiality(facts), integrity(facts), availability(facts)

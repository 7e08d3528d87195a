"""Reasons, assumptions and warnings as codes with parameters and sources.

The rules say *what* and *why* in stable codes; words come at the edge, in the reader's
language (`rules.wording` holds the one English rendering, marked for gettext). A source is
the legal text or method a statement rests on: an article of the GDPR, an EDPB example, ENISA
2013, the Belgian NIS2 law, the GBA's procedure, breachflow's own policy for its numeric
thresholds, or the DPO's decision. No statement cites a file of this project.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from rules import wording

# A parameter is JSON-able and hashable, so statements can be compared and de-duplicated.
Param = str | int | float | bool | tuple[str, ...] | None


class Authority(StrEnum):
    """What a statement rests on."""

    GDPR = "gdpr"
    EDPB_01_2021 = "edpb_01_2021"  # Guidelines 01/2021 on examples of breach notification
    EDPB_9_2022 = "edpb_9_2022"  # Guidelines 9/2022 on personal data breach notification
    WP250 = "wp250"  # WP250rev.01, Annex B examples
    ENISA_2013 = "enisa_2013"  # ENISA severity methodology
    BE_NIS2_LAW = "be_nis2_law"  # Belgian law of 26 April 2024 (NIS2)
    GBA_PROCEDURE = "gba_procedure"  # the GBA/APD's own notification procedure and portal
    POLICY = "breachflow_policy"  # breachflow's numeric thresholds and search method
    DPO_DECISION = "dpo_decision"


@dataclass(frozen=True)
class Cite:
    """One source: an authority and, where it has one, the place in it (`33(1)`, `13`)."""

    authority: Authority
    ref: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"authority": self.authority.value, "ref": self.ref}


def gdpr(ref: str) -> Cite:
    return Cite(Authority.GDPR, ref)


def edpb_case(ref: str) -> Cite:
    """EDPB Guidelines 01/2021 case number(s), e.g. `13` or `4, 7, 17, 18`."""
    return Cite(Authority.EDPB_01_2021, ref)


def wp250(ref: str) -> Cite:
    return Cite(Authority.WP250, ref)


EDPB_9_2022 = Cite(Authority.EDPB_9_2022)
ENISA = Cite(Authority.ENISA_2013)
NIS2_LAW = Cite(Authority.BE_NIS2_LAW)
GBA = Cite(Authority.GBA_PROCEDURE)
POLICY = Cite(Authority.POLICY)
DPO = Cite(Authority.DPO_DECISION)


class ReasonCode(StrEnum):
    """Why the rules decided as they did (decision table rows, outcomes, exemptions)."""

    CONF_NOT_AFFECTED = "confidentiality.not_affected"
    CONF_UNINTELLIGIBLE = "confidentiality.unintelligible"
    CONF_UNKNOWN_NEGLIGIBLE = "confidentiality.unknown_recipients.negligible"
    CONF_UNKNOWN_HIGH_VALUE = "confidentiality.unknown_recipients.high_value"
    CONF_UNKNOWN_MALICIOUS_IDENTITY = "confidentiality.unknown_recipients.malicious_identity"
    CONF_UNKNOWN_MALICIOUS_MANY = "confidentiality.unknown_recipients.malicious_many"
    CONF_UNKNOWN_OTHERWISE = "confidentiality.unknown_recipients.otherwise"
    CONF_KNOWN_TRUSTED = "confidentiality.known_recipients.trusted"
    CONF_KNOWN_MALICIOUS = "confidentiality.known_recipients.malicious"
    CONF_KNOWN_MALICIOUS_HIGH_VALUE = "confidentiality.known_recipients.malicious_high_value"
    CONF_KNOWN_WIDE = "confidentiality.known_recipients.wide"
    CONF_KNOWN_MINOR = "confidentiality.known_recipients.minor"
    CONF_KNOWN_OTHERWISE = "confidentiality.known_recipients.otherwise"
    CONF_LOST_MANY = "confidentiality.no_evidence_of_access.many"
    CONF_LOST_SPECIAL_VULNERABLE = "confidentiality.no_evidence_of_access.special_vulnerable"
    CONF_LOST_OTHERWISE = "confidentiality.no_evidence_of_access.otherwise"
    AVAIL_NOT_AFFECTED = "availability.not_affected"
    AVAIL_CRITICAL = "availability.critical"
    AVAIL_LASTING_SPECIAL_VULNERABLE = "availability.lasting_special_vulnerable"
    AVAIL_LASTING_OR_SIGNIFICANT = "availability.lasting_or_significant"
    AVAIL_SHORT = "availability.short"
    INTEG_NOT_AFFECTED = "integrity.not_affected"
    INTEG_RECOVERABLE = "integrity.recoverable"
    INTEG_UNRECOVERABLE = "integrity.unrecoverable"
    POLICY_MANY_PEOPLE = "policy.many_people"
    POLICY_WIDE_DISCLOSURE = "policy.wide_disclosure"
    POLICY_MINOR_DISCLOSURE = "policy.minor_disclosure"
    POLICY_LASTING = "policy.lasting"
    POLICY_SHORT = "policy.short"
    OUTCOME_UNLIKELY = "outcome.unlikely"
    OUTCOME_NOTIFY_AUTHORITY = "outcome.notify_authority"
    OUTCOME_TELL_PEOPLE = "outcome.tell_people"
    EXEMPT_UNINTELLIGIBLE = "exemption.art34_3_a"
    EXEMPT_MEASURES = "exemption.art34_3_b"
    EXEMPT_PUBLIC = "exemption.art34_3_c"
    ENISA_DISAGREES = "enisa.disagrees"
    DPO_OVERRIDE = "dpo.override"
    PROCESSOR_VIEW = "scope.processor_view"
    JOINT_PARTNER_VIEW = "scope.joint_partner_view"


class AssumptionCode(StrEnum):
    """Which value an unknown fact was taken at, and why (DOMAIN.md §3, "Unknown facts")."""

    AWARE_AT_NOW = "assumed.aware_at.now"
    NATURE_UNKNOWN = "assumed.nature.unknown"
    NATURE_OPEN = "assumed.nature.open"
    NOT_NAMED = "assumed.dimension.not_named"
    CODE = "assumed.code"
    MALICIOUS = "assumed.malicious.yes"
    NOT_MALICIOUS = "assumed.malicious.no"
    VULNERABLE = "assumed.vulnerable.yes"
    NOT_VULNERABLE = "assumed.vulnerable.no"
    TRUSTED = "assumed.recipients_trusted.yes"
    UNTRUSTED = "assumed.recipients_trusted.no"
    NUMBER = "assumed.number"
    NUMBER_AT_LEAST = "assumed.number.at_least"
    NUMBER_OF_TOTAL = "assumed.number.of_total"
    HOURS_LASTING = "assumed.hours.lasting"
    HOURS_SHORT = "assumed.hours.short"
    DATA_UNKNOWN = "assumed.data.unknown"
    DATA_OPEN = "assumed.data.open"
    DATA_AS_KNOWN = "assumed.data.as_known"
    DIFFERS = "assumed.differs"
    NO_EFFECT = "assumed.no_effect"
    MEASURES_NOT_NEUTRALISING = "assumed.measures.not_neutralising"
    CONTACTABLE = "assumed.contactable.yes"
    NIS2_SIGNIFICANT = "assumed.nis2.significant"
    SEVERITY_WORST = "assumed.severity.worst"
    ACTIVITIES_OF_CLIENT = "assumed.activities.of_client"


class WarningCode(StrEnum):
    PORTAL_MAINTENANCE = "warning.gba_portal_maintenance"


def _jsonable(value: Param) -> Any:
    return list(value) if isinstance(value, tuple) else value


@dataclass(frozen=True)
class Statement:
    """A code, its parameters and its sources; English words through `text`."""

    code: str
    params: tuple[tuple[str, Param], ...] = ()
    sources: tuple[Cite, ...] = ()

    @property
    def parameters(self) -> dict[str, Param]:
        return dict(self.params)

    @property
    def text(self) -> str:
        """The English rendering (the reader's language is the edge's business)."""
        return wording.english(self.code, self.parameters)

    @property
    def source(self) -> str:
        """The sources in English, e.g. `Art. 34(3)(a) GDPR; EDPB Guidelines 01/2021, case 6`."""
        return wording.english_sources([(c.authority.value, c.ref) for c in self.sources])

    def to_code(self) -> dict[str, Any]:
        """`{"code", "params", "source"}` for the contract's `*_codes` lists."""
        return {
            "code": self.code,
            "params": {k: _jsonable(v) for k, v in self.params},
            "source": [c.to_dict() for c in self.sources],
        }


def _params(params: Mapping[str, Param]) -> tuple[tuple[str, Param], ...]:
    return tuple(params.items())


@dataclass(frozen=True)
class Reason(Statement):
    """Why: `article` and `text` keep the shape documents and alerts read."""

    @classmethod
    def of(cls, code: ReasonCode, *sources: Cite, **params: Param) -> Reason:
        return cls(code.value, _params(params), sources)

    @property
    def article(self) -> str:
        return self.source

    def to_dict(self) -> dict[str, str]:
        return {"article": self.article, "text": self.text}


@dataclass(frozen=True)
class Assumption(Statement):
    """The value an unknown fact was taken at; `fact` names it (cases format path)."""

    @classmethod
    def of(cls, code: AssumptionCode, *sources: Cite, **params: Param) -> Assumption:
        return cls(code.value, _params(params), sources)

    @property
    def fact(self) -> str | None:
        value = self.parameters.get("fact")
        return value if isinstance(value, str) else None


@dataclass(frozen=True)
class DeadlineWarning(Statement):
    @classmethod
    def of(cls, code: WarningCode, *sources: Cite, **params: Param) -> DeadlineWarning:
        return cls(code.value, _params(params), sources)

"""Stable codes for breach facts and outcomes.

Codes are what the store, the templates and the translation tables share; a label shown to a
person always comes from a translation keyed by one of these values (STYLE.md rule 7).
"""

from __future__ import annotations

from enum import StrEnum

UNKNOWN = "unknown"


class DataCode(StrEnum):
    """Data types of `examples/cases/README.md`, grouped by their ENISA DPC level."""

    # simple (DPC 1)
    BASIC_IDENTITY = "basic_identity"
    CONTACT = "contact"
    PROFESSIONAL = "professional"
    EDUCATION = "education"
    PSEUDONYMOUS_IDENTIFIER = "pseudonymous_identifier"
    FAMILY = "family"
    # behavioural (DPC 2)
    LOCATION = "location"
    COMMUNICATIONS_METADATA = "communications_metadata"
    PREFERENCES_HABITS = "preferences_habits"
    PURCHASE_HISTORY = "purchase_history"
    # financial (DPC 3); credentials, national ID numbers and official documents by policy
    FINANCIAL = "financial"
    PAYMENT_CARD = "payment_card"
    CREDENTIALS = "credentials"
    NATIONAL_ID_NUMBER = "national_id_number"
    OFFICIAL_DOCUMENTS = "official_documents"
    # special categories, Art. 9 and 10 GDPR (DPC 4)
    HEALTH = "health"
    EMPLOYMENT_HEALTH = "employment_health"
    BIOMETRIC = "biometric"
    GENETIC = "genetic"
    RACIAL_ETHNIC = "racial_ethnic"
    POLITICAL = "political"
    RELIGIOUS = "religious"
    TRADE_UNION = "trade_union"
    SEX_LIFE = "sex_life"
    CRIMINAL = "criminal"


class DataGroup(StrEnum):
    """ENISA data processing context groups (DOMAIN.md §3)."""

    SIMPLE = "simple"
    BEHAVIOURAL = "behavioural"
    FINANCIAL = "financial"
    SENSITIVE = "sensitive"


_GROUP_OF: dict[DataCode, DataGroup] = {
    **dict.fromkeys(
        (
            DataCode.BASIC_IDENTITY,
            DataCode.CONTACT,
            DataCode.PROFESSIONAL,
            DataCode.EDUCATION,
            DataCode.PSEUDONYMOUS_IDENTIFIER,
            DataCode.FAMILY,
        ),
        DataGroup.SIMPLE,
    ),
    **dict.fromkeys(
        (
            DataCode.LOCATION,
            DataCode.COMMUNICATIONS_METADATA,
            DataCode.PREFERENCES_HABITS,
            DataCode.PURCHASE_HISTORY,
        ),
        DataGroup.BEHAVIOURAL,
    ),
    **dict.fromkeys(
        (
            DataCode.FINANCIAL,
            DataCode.PAYMENT_CARD,
            DataCode.CREDENTIALS,
            DataCode.NATIONAL_ID_NUMBER,
            DataCode.OFFICIAL_DOCUMENTS,
        ),
        DataGroup.FINANCIAL,
    ),
    **dict.fromkeys(
        (
            DataCode.HEALTH,
            DataCode.EMPLOYMENT_HEALTH,
            DataCode.BIOMETRIC,
            DataCode.GENETIC,
            DataCode.RACIAL_ETHNIC,
            DataCode.POLITICAL,
            DataCode.RELIGIOUS,
            DataCode.TRADE_UNION,
            DataCode.SEX_LIFE,
            DataCode.CRIMINAL,
        ),
        DataGroup.SENSITIVE,
    ),
}


def data_group(code: DataCode) -> DataGroup:
    """The ENISA group a data type belongs to."""
    return _GROUP_OF[code]


def is_special_category(code: DataCode) -> bool:
    """Art. 9 and Art. 10 GDPR data."""
    return _GROUP_OF[code] is DataGroup.SENSITIVE


# DOMAIN.md §3: "high-value data" = any special category, national_id_number, payment_card,
# financial, credentials. (official_documents is scored as financial but is not high-value.)
HIGH_VALUE: frozenset[DataCode] = frozenset(
    {c for c in DataCode if is_special_category(c)}
    | {
        DataCode.NATIONAL_ID_NUMBER,
        DataCode.PAYMENT_CARD,
        DataCode.FINANCIAL,
        DataCode.CREDENTIALS,
    }
)

# DOMAIN.md §3: "everyday data".
EVERYDAY: frozenset[DataCode] = frozenset(
    {
        DataCode.BASIC_IDENTITY,
        DataCode.CONTACT,
        DataCode.PROFESSIONAL,
        DataCode.EDUCATION,
        DataCode.PURCHASE_HISTORY,
        DataCode.PSEUDONYMOUS_IDENTIFIER,
        DataCode.FAMILY,
    }
)


class Nature(StrEnum):
    """Security properties lost (the C/I/A of the GBA form)."""

    CONFIDENTIALITY = "confidentiality"
    INTEGRITY = "integrity"
    AVAILABILITY = "availability"


class IncidentType(StrEnum):
    RANSOMWARE = "ransomware"
    HACKING_MALWARE = "hacking_malware"
    PHISHING_SOCIAL_ENGINEERING = "phishing_social_engineering"
    CREDENTIAL_STUFFING = "credential_stuffing"
    INSIDER_MISUSE = "insider_misuse"
    DEVICE_LOST_STOLEN = "device_lost_stolen"
    PAPER_LOST_STOLEN = "paper_lost_stolen"
    MAIL_MISDELIVERED = "mail_misdelivered"
    EMAIL_MISDIRECTED = "email_misdirected"
    OPEN_DISTRIBUTION_LIST = "open_distribution_list"
    UNINTENDED_PUBLICATION = "unintended_publication"
    WRONG_DATA_SHOWN = "wrong_data_shown"
    MISCONFIGURATION = "misconfiguration"
    TECHNICAL_FAILURE = "technical_failure"
    IMPROPER_DISPOSAL = "improper_disposal"
    VERBAL_DISCLOSURE = "verbal_disclosure"
    DATA_DELETED = "data_deleted"
    OTHER = "other"


class Identifiability(StrEnum):
    """ENISA ease of identification (EI)."""

    NEGLIGIBLE = "negligible"
    LIMITED = "limited"
    SIGNIFICANT = "significant"
    MAXIMUM = "maximum"


class Unintelligible(StrEnum):
    NO = "no"
    YES = "yes"
    KEY_COMPROMISED = "key_compromised"


class Confidentiality(StrEnum):
    NOT_AFFECTED = "not_affected"
    NO_EVIDENCE_OF_ACCESS = "no_evidence_of_access"
    KNOWN_RECIPIENTS = "known_recipients"
    UNKNOWN_RECIPIENTS = "unknown_recipients"


class Integrity(StrEnum):
    NOT_AFFECTED = "not_affected"
    ALTERED_RECOVERED = "altered_recovered"
    ALTERED_RECOVERABLE = "altered_recoverable"
    ALTERED_UNRECOVERABLE = "altered_unrecoverable"


class Availability(StrEnum):
    NOT_AFFECTED = "not_affected"
    RECOVERED_WITHOUT_DIFFICULTY = "recovered_without_difficulty"
    TEMPORARY = "temporary"
    PERMANENT = "permanent"


class ServiceImpact(StrEnum):
    NONE = "none"
    MINOR = "minor"
    SIGNIFICANT = "significant"
    CRITICAL = "critical"


class Risk(StrEnum):
    """Outcome of the assessment (Art. 33(1), 34(1))."""

    UNLIKELY = "unlikely"
    RISK = "risk"
    HIGH = "high"

    @property
    def rank(self) -> int:
        return _RISK_RANK[self]


_RISK_RANK = {Risk.UNLIKELY: 0, Risk.RISK: 1, Risk.HIGH: 2}


def highest(risks: list[Risk]) -> Risk:
    """The worst of several outcomes (DOMAIN.md §3: the highest dimension wins)."""
    return max(risks, key=lambda r: r.rank)


class Band(StrEnum):
    """ENISA severity bands, half-open."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"


class Exemption(StrEnum):
    """Art. 34(3) GDPR points that spare individual communication."""

    ART34_3_A = "art34_3_a"
    ART34_3_B = "art34_3_b"
    ART34_3_C = "art34_3_c"


class Filing(StrEnum):
    """Notification filing type (DOMAIN.md §2)."""

    NEW = "new"
    FOLLOW_UP = "follow_up"
    WITHDRAWAL = "withdrawal"


class Completeness(StrEnum):
    """Notification completeness, the GBA portal's Part 1 / Part 2 (Art. 33(4))."""

    COMPLETE = "complete"
    PART1 = "part1"
    PART2 = "part2"


class Language(StrEnum):
    NL = "nl"
    FR = "fr"
    DE = "de"
    EN = "en"


# The GBA accepts notifications in its three national languages only (DOMAIN.md §4).
GBA_LANGUAGES: tuple[Language, ...] = (Language.NL, Language.FR, Language.DE)

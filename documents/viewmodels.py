"""Plain, frozen view-models the documents are rendered from.

The renderer never sees BreachFacts, the register or the database: `documents.build` maps those
onto these classes, so a template can be tested from a hand-written view and the documents stay
decoupled from the rules and the store (STYLE.md: compute a view-model first, then render).
Every field may be None, meaning "not known yet"; templates render None as an explicit
"unknown" marker in the document's language, never as a blank.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from rules.codes import (
    Availability,
    Band,
    Completeness,
    Confidentiality,
    DataCode,
    Exemption,
    Filing,
    IncidentType,
    Integrity,
    Language,
    Nature,
    Risk,
)

CountExactness = Literal["exact", "approximate", "unknown"]
Cause = Literal["internal", "external"]
CommunicationStatus = Literal["done", "planned", "not_needed", "exemption"]
# Other authorities a controller may have told besides the GBA (DOMAIN.md §4).
Authority = Literal["police", "ccb", "fsma", "nbb", "coc", "other"]


@dataclass(frozen=True)
class FreeText:
    """Text typed by a person, possibly in several languages.

    `original` is the language it was typed in; a document in a language without a version
    shows the original under a "not translated" heading, never silently another language.
    """

    texts: Mapping[Language, str]
    original: Language

    def version(self, language: Language) -> tuple[str, Language, bool]:
        """(text, its language, translated?) for a document in `language`."""
        text = self.texts.get(language)
        if text:
            return text, language, True
        return self.texts.get(self.original, ""), self.original, False


@dataclass(frozen=True)
class Party:
    """An organisation in a document: controller, processor, client, joint controller."""

    name: str | None
    kbo: str | None = None
    address: str | None = None
    email: str | None = None
    phone: str | None = None
    # "processor" or "joint_controller" in the list of other parties involved.
    role: str | None = None


@dataclass(frozen=True)
class Contact:
    """A person to contact: the reporting person, the DPO."""

    name: str | None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    function: str | None = None


@dataclass(frozen=True)
class Timeline:
    occurred_from: datetime | None = None
    occurred_to: datetime | None = None
    detected_at: datetime | None = None
    detection_how: FreeText | None = None
    aware_at: datetime | None = None
    deadline: datetime | None = None
    late: bool | None = None
    delay_reasons: FreeText | None = None


@dataclass(frozen=True)
class Measures:
    """Coded phrases from the catalogue (`documents.phrases`) plus optional free text."""

    codes: tuple[str, ...] = ()
    free: FreeText | None = None

    @property
    def empty(self) -> bool:
        return not self.codes and self.free is None


@dataclass(frozen=True)
class Reason:
    article: str
    text: FreeText


@dataclass(frozen=True)
class SeverityView:
    """ENISA severity (DOMAIN.md §3): kept as parts, not only the total."""

    dpc: float | None
    ei: float | None
    cb: float | None
    score: float | None
    band: Band | None
    adjustments: tuple[FreeText, ...] = ()


@dataclass(frozen=True)
class RiskView:
    outcome: Risk | None
    severity: SeverityView | None = None
    reasons: tuple[Reason, ...] = ()
    assumptions: tuple[FreeText, ...] = ()
    notify_supervisory_authority: bool | None = None
    notify_data_subjects: bool | None = None
    # The decision rules' own outcome when the DPO overrode it (the DPO's reason is the first
    # of `reasons`); None when the rules' outcome stands.
    rules_outcome: Risk | None = None
    # Why the GBA was not notified (register entry), typed by the DPO when overriding.
    not_notified_reason: FreeText | None = None


@dataclass(frozen=True)
class CommunicationView:
    """Communication to the people concerned (Art. 34)."""

    status: CommunicationStatus | None = None
    at: datetime | None = None
    reason: FreeText | None = None
    exemptions: tuple[Exemption, ...] = ()
    public: bool | None = None


@dataclass(frozen=True)
class CrossBorder:
    applies: bool | None = None
    lead_authority: str | None = None
    countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class Change:
    """One field changed since the previous filing (follow-up notifications)."""

    field: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class ActivityView:
    """A processing activity touched by the breach, with our role in it."""

    id: str
    name: str
    role: str
    client: str | None = None


@dataclass(frozen=True)
class BreachView:
    """Everything a breach document may show, language-neutral."""

    reference: str
    version: int = 1
    filing: Filing | None = Filing.NEW
    completeness: Completeness | None = None
    previous_reference: str | None = None
    gba_reference: str | None = None
    controller: Party | None = None
    # Set when we act as processor for `controller` (processor notice, letters on its behalf).
    our_entity: Party | None = None
    reporting_person: Contact | None = None
    dpo: Contact | None = None
    other_parties: tuple[Party, ...] = ()
    activities: tuple[ActivityView, ...] = ()
    timeline: Timeline = field(default_factory=Timeline)
    description: FreeText | None = None
    nature: tuple[Nature, ...] | None = None
    confidentiality: Confidentiality | None = None
    integrity: Integrity | None = None
    availability: Availability | None = None
    incident_type: IncidentType | None = None
    malicious: bool | None = None
    cause: Cause | None = None
    systems: tuple[str, ...] | None = None
    subject_categories: tuple[str, ...] | None = None
    subject_count: int | None = None
    subject_count_exactness: CountExactness = "unknown"
    vulnerable: bool | None = None
    data: tuple[DataCode, ...] | None = None
    record_count: int | None = None
    measures_before: Measures = field(default_factory=Measures)
    consequences: tuple[str, ...] | None = None
    risk: RiskView = field(default_factory=lambda: RiskView(outcome=None))
    measures_taken: Measures = field(default_factory=Measures)
    measures_planned: Measures = field(default_factory=Measures)
    communication: CommunicationView = field(default_factory=CommunicationView)
    other_authorities: tuple[Authority, ...] | None = None
    cross_border: CrossBorder = field(default_factory=CrossBorder)
    changes: tuple[Change, ...] = ()
    # The breach register's record of the notifications (Art. 33(5)).
    gba_notified_at: datetime | None = None
    subjects_informed_at: datetime | None = None
    next_steps: FreeText | None = None
    created_at: datetime | None = None


@dataclass(frozen=True)
class LetterRecipient:
    """One person concerned, as read from the subjects CSV."""

    name: str
    address_lines: tuple[str, ...] = ()
    postcode: str | None = None
    city: str | None = None
    country: str | None = None
    language: Language = Language.NL
    email: str | None = None
    # None: the breach's own data types apply to this person.
    data: tuple[DataCode, ...] | None = None


@dataclass(frozen=True)
class BreachRegisterView:
    """The breach register (Art. 33(5)): one entry per breach."""

    organisation: str
    entries: tuple[BreachView, ...]
    generated_at: datetime | None = None

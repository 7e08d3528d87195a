"""Plain, frozen view-models the documents are rendered from.

The renderer never sees BreachFacts, the register or the database: `documents.build` maps those
onto these classes, so a template can be tested from a hand-written view and the documents stay
decoupled from the rules and the store (STYLE.md: compute a view-model first, then render).
Every field may be None, meaning "not known yet"; templates render None as an explicit
"unknown" marker in the document's language, never as a blank. Nothing here is in a language:
names carry their translations (`Name`), typed text its language (`FreeText`), and the rules'
reasons and assumptions stay codes with parameters (`StatementView`) until a template renders
them in the reader's language (`documents.statements`).
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
# Why the people concerned are, or are not, told (Art. 34(1), 34(3)).
CommunicationBasis = Literal["high", "public", "not_high", "exemption"]
# What a register entry was made on (Art. 33(5): kept up to date with the breach).
RegisterEvent = Literal["drafting", "filed", "amended", "closed"]


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
class Name:
    """A name from the register of processing activities, with its per-language labels.

    `default` serves a language without its own label (a plain name in the register).
    """

    default: str
    texts: Mapping[Language, str] = field(default_factory=dict)

    def get(self, language: Language) -> str:
        return self.texts.get(language) or self.default


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
    """A person to contact: the reporting person, the DPO (whose name may be a function,
    named in each language)."""

    name: str | Name | None
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


# A statement's parameter: as the rules give it, or the DPO's own words (`FreeText`).
Param = str | int | float | bool | tuple[str, ...] | FreeText | None


@dataclass(frozen=True)
class StatementView:
    """A reason, assumption or warning of the rules: a code, its parameters and its sources
    (`(authority, ref)` pairs, e.g. `("gdpr", "33(1)")`), worded at render time."""

    code: str
    params: tuple[tuple[str, Param], ...] = ()
    sources: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class AdjustmentView:
    """One step of the ENISA DPC (+1 or -1) with its reason: a message key, or typed text."""

    step: int
    key: str | None = None
    text: FreeText | None = None


@dataclass(frozen=True)
class SeverityView:
    """ENISA severity (DOMAIN.md §3): kept as parts, not only the total."""

    dpc: float | None
    ei: float | None
    cb: float | None
    score: float | None
    band: Band | None
    adjustments: tuple[AdjustmentView, ...] = ()


@dataclass(frozen=True)
class RiskView:
    outcome: Risk | None
    severity: SeverityView | None = None
    reasons: tuple[StatementView, ...] = ()
    assumptions: tuple[StatementView, ...] = ()
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
    basis: CommunicationBasis | None = None
    exemptions: tuple[Exemption, ...] = ()
    public: bool | None = None


@dataclass(frozen=True)
class CrossBorder:
    applies: bool | None = None
    lead_authority: str | None = None
    countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class Change:
    """One fact changed since the previous filing (a follow-up, Part 2): `field` names it as
    `documents.changes.COMPARED` does, and the values are codes, numbers or instants the
    template renders as it renders that field."""

    field: str
    before: object
    after: object


@dataclass(frozen=True)
class ActivityView:
    """A processing activity touched by the breach, with our role in it."""

    id: str
    name: Name
    role: str
    client: str | None = None


@dataclass(frozen=True)
class Closing:
    """The end of the case as the register keeps it (root cause, lessons learned)."""

    root_cause: FreeText
    lessons_learned: FreeText


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
    systems: tuple[Name, ...] | None = None
    subject_categories: tuple[str, ...] | None = None
    subject_count: int | None = None
    subject_count_exactness: CountExactness = "unknown"
    # The breach's total when this document's scope does not state its own count.
    subject_count_total: int | None = None
    vulnerable: bool | None = None
    data: tuple[DataCode, ...] | None = None
    # More data types than `data` may be involved (the report said "and perhaps more").
    data_open: bool = False
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
    # Evidence files sent with the report: the GBA draft lists them as attachments.
    evidence_files: int = 0
    # A processor notice: the contract's window and the time it gives (Art. 33(2)).
    notice_window_hours: float | None = None
    notice_due_at: datetime | None = None
    # The breach register's record of the notifications (Art. 33(5)).
    gba_notified_at: datetime | None = None
    gba_part2_at: datetime | None = None
    subjects_informed_at: datetime | None = None
    register_event: RegisterEvent | None = None
    closing: Closing | None = None
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

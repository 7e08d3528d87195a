"""A breach row -> a document's view-model -> a PDF on disk.

`document_view` is the one function that builds what a document says, for the drafts, the
mass letters (`breachflow letters` renders the approved letter's view) and the breach register
(CSV and PDF): the obligation's own activities under the assessment in force (the rules' outcome
or the DPO's override, each controller's own scope), the recorded measures, and what the DPO
wrote (`DraftInputs`: the client-safe description, the reasons for a delay) and filed (the GBA's
reference, what the filed notification stated, for a follow-up's or Part 2's changes). The
documents package renders (drafts marked DRAFT); files go to `documents_dir/<reference>/`,
written atomically.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session

from breachflow.services.steps import latest_decision
from breachflow.settings import Settings
from documents.build import breach_view, dpo_text, processor_notice_view
from documents.changes import changes_since, shown_facts
from documents.compose import LetterView
from documents.renderer import PdfRenderer
from documents.viewmodels import BreachView, LetterRecipient, Measures
from models.access import list_attachments
from models.documents import list_documents, next_version
from models.tables import Breach, Obligation
from rules.assessment import Assessment
from rules.codes import GBA_LANGUAGES, Completeness, Filing, Language
from rules.lifecycle import Decision
from rules.obligations import ObligationKind
from rules.processing_register import ProcessingRegister


@dataclass(frozen=True)
class DraftFile:
    path: Path
    sha256: str
    language: str
    pages: int
    version: int
    shown_facts: dict[str, Any]


@dataclass(frozen=True)
class DraftInputs:
    """What the documents say besides the facts and the assessment."""

    # The DPO's description, fit for every client (review), and reasons for a delay.
    description: str | None = None
    late_reason: str | None = None
    evidence_files: int = 0
    # The GBA's DBN reference of the notification filed, and what it stated (follow-ups).
    gba_reference: str | None = None
    filed_facts: Mapping[str, Any] | None = None
    # The breach's total number of people (a scope that does not state its own count).
    breach_total: int | None = None


def filed_gba(session: Session, breach: Breach) -> list[Any]:
    """The GBA notifications filed so far, oldest first."""
    return sorted(
        (
            d
            for d in list_documents(session=session, breach_id=breach.id)
            if d.kind == "gba_notification" and d.filed_or_sent_at
        ),
        key=lambda d: d.filed_or_sent_at,
    )


def draft_inputs(session: Session, breach: Breach, breach_total: int | None) -> DraftInputs:
    """The DPO's words and the filings so far, as the next documents need them."""
    review = latest_decision(session, breach.id, Decision.REVIEW) or {}
    part2 = latest_decision(session, breach.id, Decision.PART2) or {}
    filed = filed_gba(session, breach)
    return DraftInputs(
        description=review.get("client_description"),
        # Part 2's own reasons once it is prepared; before, those given at the review.
        late_reason=part2.get("late_reason") or review.get("late_reason"),
        evidence_files=len(list_attachments(session=session, breach_id=breach.id)),
        gba_reference=filed[-1].external_reference if filed else None,
        filed_facts=filed[-1].shown_facts if filed else None,
        breach_total=breach_total,
    )


def language_of(
    register: ProcessingRegister, kind: str, obligation: Obligation, breach: Breach
) -> Language:
    """A client's language for its notice, else the breach's or our entity's; the GBA draft in
    nl, fr or de only (DOMAIN.md §4)."""
    code = breach.language
    if obligation.party in register.clients:
        code = register.client(obligation.party).language.value
    elif not code:
        entity = str(obligation.terms.get("entity", ""))
        code = register.entity(entity).language.value if entity in register.entities else "nl"
    if kind == "gba_notification" and code not in GBA_LANGUAGES:
        code = "nl"
    return Language(code)


def _write(directory: Path, filename: str, content: bytes) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / filename
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(content)
    tmp.replace(path)
    return path


def render_document(
    *,
    session: Session,
    settings: Settings,
    register: ProcessingRegister,
    breach: Breach,
    view: BreachView,
    kind: str,
    party: str,
    language: Language,
    draft: bool,
) -> DraftFile:
    """Render one document at the version the store gives it next, and write its file."""
    version = next_version(
        session=session, breach_id=breach.id, kind=kind, party=party, language=language.value
    )
    view = replace(view, version=version)
    document = (
        LetterView(view, LetterRecipient(name="[name]", language=language))
        if kind == "subject_letter"
        else view
    )  # the template letter; the mass run fills in each person (documents.letters)
    rendered = PdfRenderer(draft=draft).render(kind, document, language)
    assert settings.documents_dir is not None
    stem = f"{breach.reference}-v{version}-{kind}-{party}-{language.value}"
    path = _write(Path(settings.documents_dir) / breach.reference, stem + ".pdf", rendered.content)
    return DraftFile(
        path, rendered.sha256, language.value, rendered.pages, version, shown_facts(view)
    )


def document_view(
    register: ProcessingRegister,
    breach: Breach,
    obligation: Obligation,
    kind: str,
    version: int,
    filing: str,
    completeness: str,
    assessment: Assessment,
    *,
    inputs: DraftInputs | None = None,
    now: datetime | None = None,
) -> BreachView:
    """What the obligation's document says (every kind: GBA draft, notices, letters, public
    communication, register entry); `now` decides whether a GBA notification is late."""
    inputs = inputs or DraftInputs()
    activity_ids = [i for i in obligation.activity_id.split(",") if i] or list(
        breach.affected_activity_ids
    )
    follow_up = filing == Filing.FOLLOW_UP
    # A GBA notification after its 72 hours, or a notice after the contract's window, states
    # the reasons for the delay (Art. 33(1), 33(2)).
    deadline = obligation.due_at if kind in ("gba_notification", "processor_notice") else None
    late = None if deadline is None or now is None else now > deadline
    base = breach_view(
        assessment.facts,
        assessment,
        register,
        activity_ids,
        reference=breach.reference,
        version=version,
        filing=Filing(filing),
        completeness=Completeness(completeness),
        previous_reference=inputs.gba_reference if follow_up else None,
        gba_reference=inputs.gba_reference if follow_up else None,
        # Every document says what happened from the coded facts; the reporter's own text is
        # for the DPO only (it may name other clients or staff, in any language).
        description=None,
        occurred_from=breach.occurred_from,
        occurred_to=breach.occurred_to,
        detected_at=breach.detected_at,
        subject_count_total=inputs.breach_total,
        measures_taken=Measures(codes=tuple(breach.measures_taken)),
        measures_planned=Measures(codes=tuple(breach.measures_planned)),
        late=late,
        delay_reasons=dpo_text(register, inputs.late_reason),
        evidence_files=inputs.evidence_files,
        created_at=breach.created_at,
    )
    if kind == "gba_notification" and deadline is not None:
        base = replace(base, timeline=replace(base.timeline, deadline=deadline))
    if base.subject_count is None and set(breach.affected_activity_ids) <= set(activity_ids):
        # The document covers every affected activity: the breach's people are all its own.
        base = replace(
            base,
            subject_count=inputs.breach_total,
            subject_count_exactness="approximate" if inputs.breach_total is not None else "unknown",
            subject_count_total=None,
        )
    if kind == "gba_notification" and follow_up and inputs.filed_facts is not None:
        base = replace(base, changes=changes_since(inputs.filed_facts, shown_facts(base)))
    if kind != "processor_notice":
        return base
    # `assessment` is the client's own scope: its count is the client's people, or unknown.
    window = obligation.terms.get("window_hours")
    return processor_notice_view(
        base,
        register,
        obligation.party,
        subject_count=base.subject_count,
        subject_count_total=inputs.breach_total,
        # The DPO's client-safe description, written or approved at the review (Art. 33(2)).
        description=dpo_text(register, inputs.description),
        window_hours=float(window) if isinstance(window, int | float) else None,
        due_at=obligation.due_at,
    )


# Obligation kind -> the document drafted for it.
DOCUMENT_FOR = {
    ObligationKind.AUTHORITY_NOTIFICATION.value: "gba_notification",
    ObligationKind.PROCESSOR_NOTICE.value: "processor_notice",
    ObligationKind.SUBJECT_COMMUNICATION.value: "subject_letter",
    ObligationKind.PUBLIC_COMMUNICATION.value: "public_communication",
    ObligationKind.REGISTER_ENTRY.value: "register_entry",
}

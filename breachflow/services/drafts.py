"""A breach row -> a document's view-model -> a PDF draft on disk.

The documents package renders (PDF, marked DRAFT); this module builds its view-model from what
the store holds and the assessment in force (the rules' outcome or the DPO's override), through
`documents.build` (which narrows a processor notice to one client's data, Art. 33(2)). Files go
to `documents_dir/<reference>/`, written atomically, so a re-run rewrites the same path with the
same name.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from breachflow.settings import Settings
from documents.build import breach_view, processor_notice_view
from documents.compose import LetterView
from documents.renderer import PdfRenderer
from documents.viewmodels import BreachView, Contact, FreeText, LetterRecipient, Measures
from models.tables import Breach, Obligation
from rules.assessment import Assessment
from rules.codes import Completeness, Filing, Language
from rules.processing_register import ProcessingRegister

GBA_LANGUAGES = ("nl", "fr", "de")


@dataclass(frozen=True)
class DraftFile:
    path: Path
    sha256: str
    language: str
    pages: int


def _language(
    register: ProcessingRegister, kind: str, obligation: Obligation, breach: Breach
) -> Language:
    code = breach.language
    if obligation.party in register.clients:
        code = register.client(obligation.party).language.value
    elif not code:
        entity = str(obligation.terms.get("entity", ""))
        code = register.entity(entity).language.value if entity in register.entities else "nl"
    if kind == "gba_notification" and code not in GBA_LANGUAGES:
        code = "nl"  # the GBA accepts nl, fr, de only (DOMAIN.md §4)
    return Language(code)


def _write(directory: Path, filename: str, content: bytes) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / filename
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(content)
    tmp.replace(path)
    return path


def render_breach_document(
    *,
    settings: Settings,
    register: ProcessingRegister,
    breach: Breach,
    obligation: Obligation,
    kind: str,
    version: int,
    filing: str,
    completeness: str,
    assessment: Assessment,
) -> DraftFile:
    """Render one draft and store its file; returns where, its hash and its language."""
    language = _language(register, kind, obligation, breach)
    assert settings.documents_dir is not None
    directory = Path(settings.documents_dir) / breach.reference
    view = document_view(
        register, breach, obligation, kind, version, filing, completeness, assessment
    )
    document = (
        LetterView(view, LetterRecipient(name="[name]", language=language))
        if (kind == "subject_letter")
        else view
    )  # the template letter; the mass run fills in each person (documents.letters)
    rendered = PdfRenderer(draft=True).render(kind, document, language)
    stem = f"{breach.reference}-v{version}-{kind}-{obligation.party}-{language.value}"
    path = _write(directory, stem + ".pdf", rendered.content)
    return DraftFile(path, rendered.sha256, language.value, rendered.pages)


def document_view(
    register: ProcessingRegister,
    breach: Breach,
    obligation: Obligation,
    kind: str,
    version: int,
    filing: str,
    completeness: str,
    assessment: Assessment,
) -> BreachView:
    """The view of the obligation's own activities under the assessment in force (its facts,
    awareness as confirmed, the DPO's outcome and the duties it brings) and the recorded
    measures (every kind: GBA draft, notices, letters, public communication, register entry)."""
    activity_ids = [i for i in obligation.activity_id.split(",") if i] or list(
        breach.affected_activity_ids
    )
    original = Language(breach.language) if breach.language in set(Language) else Language.EN
    base = breach_view(
        assessment.facts,
        assessment,
        register,
        activity_ids,
        reference=breach.reference,
        version=version,
        filing=Filing(filing),
        completeness=Completeness(completeness),
        description=FreeText({original: breach.description}, original=original)
        if breach.description
        else None,
        reporting_person=Contact(name=breach.reporter, email=breach.reporter_contact),
        occurred_from=breach.occurred_from,
        occurred_to=breach.occurred_to,
        detected_at=breach.detected_at,
        measures_taken=Measures(codes=tuple(breach.measures_taken)),
        measures_planned=Measures(codes=tuple(breach.measures_planned)),
        created_at=breach.created_at,
    )
    base = replace(base, timeline=replace(base.timeline, deadline=obligation.due_at))
    if kind in ("subject_letter", "public_communication"):
        # The reporter's free text is for the DPO, not the people concerned (it may name other
        # clients or staff): the letter tells what happened from the coded facts.
        return replace(base, description=None)
    if kind != "processor_notice":
        return base
    # The reporter's free text may name other clients: a notice carries only coded facts of
    # this client's activities (Art. 33(2)); the DPO adds client-specific text on approval.
    # `assessment` is the client's own scope: its count is the client's people, or unknown.
    return processor_notice_view(
        replace(base, description=None),
        register,
        obligation.party,
        subject_count=base.subject_count,
    )

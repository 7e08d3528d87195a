"""Reading documents as a Belgian DPO's lawyer would: the scenarios and the checks.

A plain module (conftest is not importable). Each scenario goes the path users take: reported
through the one filing path, reviewed, drafted, approved and filed in process (the
`flow_support` rig); every document kind is then rendered in every language from the view the
service builds (`document_view`, `register_entry`), as a real PDF, and read back as text.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po
from pypdf import PdfReader
from sqlalchemy import Engine

from breachflow.demo import SCENARIOS, demo_case
from breachflow.services import assessment_in_force, processing_register_of
from breachflow.services.breach_register import breach_register, register_entry
from breachflow.services.drafting import DOCUMENT_FOR, current_documents
from breachflow.services.drafts import document_view, draft_inputs
from breachflow.settings import Settings
from breachflow.store import open_store
from documents.compose import LetterView, compose
from documents.content import Block
from documents.i18n import t
from documents.renderer import PdfRenderer
from documents.viewmodels import BreachView, LetterRecipient
from locales.catalogs import po_path
from models.breaches import get_breach
from models.db import read_scope
from models.obligations import list_obligations
from models.tables import Obligation
from rules.codes import GBA_LANGUAGES, Language
from tests.integration.flows.flow_support import approve, file, file_report, review, rig
from tests.support.databases import migrate_test_database

NOW = datetime.now(UTC)
ALL = (Language.NL, Language.FR, Language.DE, Language.EN)
NATIONAL = (Language.NL, Language.FR, Language.DE)
# Letter kinds are read for every scenario (the letter says what the approved draft says).
LETTER_KINDS = ("subject_letter", "public_communication")


def late_partly_unknown_case() -> dict[str, Any]:
    """A laptop with payroll exports of two clients and our applicants' files, lost on a train
    and reported five days after awareness: the count, part of the data, the encryption and
    the intent are unknown, the time it happened too."""
    aware = NOW - timedelta(days=5)
    return {
        "title": "Laptop with payroll exports lost on a train",
        "facts": "A payroll officer lost a laptop with exports for two clients and applicant "
        "files on the train; whether its disk was encrypted is being checked.",
        "channel": "security",
        "reporter": {"name": "Security team", "email": "security@groups.be"},
        "activities": ["payroll-transports-dubois", "payroll-mueller-bau", "recruitment"],
        "detected_at": (aware - timedelta(hours=3)).isoformat(),
        "breach": {
            "aware_at": aware.isoformat(),
            "nature": ["confidentiality"],
            "incident_type": "device_lost_stolen",
            "malicious": "unknown",
            "data": ["basic_identity", "contact", "unknown"],
            "subjects": {"count": "unknown", "categories": ["employees", "applicants"]},
            "unintelligible": "unknown",
            "confidentiality": "no_evidence_of_access",
            "integrity": "not_affected",
            "availability": "not_affected",
        },
    }


@dataclass(frozen=True)
class Scenario:
    name: str
    case: dict[str, Any]
    review: dict[str, Any] = field(default_factory=dict)
    late: bool = False


def scenarios() -> list[Scenario]:
    default, high = SCENARIOS["default"], SCENARIOS["high-risk"]
    return [
        Scenario(
            "demo",
            demo_case(NOW),
            {
                "measures_taken": default.measures_taken,
                "measures_planned": default.measures_planned,
                "client_description": default.client_description,
            },
        ),
        Scenario(
            "high-risk",
            demo_case(NOW, "high-risk"),
            {"measures_taken": high.measures_taken, "measures_planned": high.measures_planned},
        ),
        Scenario(
            "late-partly-unknown",
            late_partly_unknown_case(),
            {
                "measures_taken": ("contained", "police_report"),
                "late_reason": "Het verlies werd pas na vijf dagen aan de DPO gemeld; de "
                "werknemer was met verlof.",
                "client_description": "Een laptop met loonexports van uw werknemers is op de "
                "trein verloren; wij gaan na of de schijf versleuteld was.",
            },
            late=True,
        ),
    ]


@dataclass
class Read:
    """One document as rendered: its blocks (what the template wrote) and its PDF's text."""

    scenario: str
    kind: str
    language: Language
    blocks: list[Block]
    pdf: bytes
    text: str


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def run(scenario: Scenario, root: Path) -> tuple[Settings, Engine, uuid.UUID]:
    """Report, review, draft, approve and file the scenario's breach in process."""
    settings = Settings(data_dir=root / "data", _env_file=None)  # type: ignore[call-arg]
    migrate_test_database(settings.database_url)
    engine = open_store(settings)
    dispatcher, _ = rig(engine, settings)
    breach_id = file_report(engine, settings, scenario.case).id
    dispatcher.run_until_idle()
    review(engine, settings, breach_id, **scenario.review)
    dispatcher.run_until_idle()
    approve(engine, settings, breach_id)
    dispatcher.run_until_idle()
    file(engine, settings, breach_id)
    dispatcher.run_until_idle()
    return settings, engine, breach_id


def _render(kind: str, view: BreachView, language: Language) -> tuple[list[Block], bytes]:
    renderer = PdfRenderer(clock=lambda: NOW)
    document: Any = view
    if kind == "subject_letter":
        document = LetterView(
            view,
            LetterRecipient(
                name="Ann Peeters",
                address_lines=("Kerkstraat 1",),
                postcode="2000",
                city="Antwerpen",
                language=language,
            ),
        )
    blocks = compose(kind, document, language, issued_at=NOW)
    return blocks, renderer.render_blocks(kind, blocks, document, language).content


def read_all(scenario: Scenario, root: Path) -> list[Read]:
    """Every document kind of the scenario in every language it may be read in."""
    settings, engine, breach_id = run(scenario, root)
    register = processing_register_of(settings)
    reads: list[Read] = []
    try:
        with read_scope(engine) as session:
            breach = get_breach(session=session, breach_id=breach_id)
            in_force = assessment_in_force(session, settings, breach, NOW)
            inputs = draft_inputs(session, breach, in_force.scoped.breach.facts.subjects.count)
            drafts = {(d.kind, d.party): d for d in current_documents(session, breach_id)}
            views: list[tuple[str, BreachView]] = []
            obligations = list_obligations(session=session, breach_id=breach_id)
            for obligation in [*obligations, *_letter_obligations(breach_id, obligations)]:
                kind = DOCUMENT_FOR.get(obligation.kind)
                if kind is None or kind == "register_entry" or obligation.state == "cancelled":
                    continue
                draft = drafts.get((kind, obligation.party))
                assessment = in_force.for_obligation(
                    obligation.kind, obligation.party, str(obligation.terms.get("entity", ""))
                )
                views.append(
                    (
                        kind,
                        document_view(
                            register,
                            breach,
                            obligation,
                            kind,
                            draft.version if draft else 1,
                            draft.filing if draft else "new",
                            draft.completeness if draft else "complete",
                            assessment,
                            inputs=inputs,
                            now=NOW,
                        ),
                    )
                )
            views.append(("register_entry", register_entry(session, settings, breach, NOW)))
            whole = breach_register(session, settings, NOW)
        for kind, view in views:
            for language in GBA_LANGUAGES if kind == "gba_notification" else ALL:
                blocks, pdf = _render(kind, view, language)
                reads.append(Read(scenario.name, kind, language, blocks, pdf, pdf_text(pdf)))
        for language in ALL:
            blocks = compose("breach_register", whole, language, issued_at=NOW)
            pdf = PdfRenderer(clock=lambda: NOW).render_blocks(
                "breach_register", blocks, whole, language
            )
            reads.append(Read(scenario.name, "breach_register", language, blocks, pdf.content, ""))
            reads[-1].text = pdf_text(pdf.content)
    finally:
        engine.dispose()
    return reads


def _letter_obligations(breach_id: uuid.UUID, obligations: list[Obligation]) -> list[Obligation]:
    """The letter and public communication, read even where the outcome needs neither: their
    words must be right before any scenario sends them."""
    have = {o.kind for o in obligations}
    return [
        Obligation(
            breach_id=breach_id,
            kind=kind,
            party=party,
            activity_id="",
            created_at=NOW,
        )
        for kind, party in (
            ("subject_communication", "data_subjects"),
            ("public_communication", "public"),
        )
        if kind not in have
    ]


# --- the checks ---------------------------------------------------------------------------------


def flat(text: str) -> str:
    return " ".join(text.split())


def _fragments(text: str) -> Iterable[str]:
    for part in re.split(r"\{[^}]*\}|[()\[\]:;,.\"'„“”«»]", text):
        words = part.split()
        if len(words) >= 3:
            yield " ".join(words)


def catalogue_english() -> set[str]:
    """Phrases of three words or more from the English of the documents' and the rules'
    catalogs, but for those two national translations repeat (names and addresses such as
    "ENISA 2013" or "Rue de la Presse 35"): a phrase one translator left in English counts."""
    english: set[str] = set()
    national: dict[str, list[str]] = {"nl": [], "fr": [], "de": []}
    for domain in ("documents", "rules"):
        for language in ("en", *national):
            with po_path(language, domain).open("rb") as handle:
                catalog = read_po(handle)
            for message in catalog:
                if not message.id:
                    continue
                if language == "en":
                    english.update(_fragments(str(message.id)))
                    english.update(_fragments(str(message.string)))
                else:
                    national[language].append(flat(str(message.string)))
    joined = ["\n".join(texts).lower() for texts in national.values()]
    return {phrase for phrase in english if sum(phrase.lower() in text for text in joined) < 2}


CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b|\b(?:None|True|False)\b|[{}]")
PROJECT_FILE = re.compile(
    r"\b[\w-]+\.(?:md|py|rml|ya?ml|json|toml|pot?|cfg|csv)\b|\bDOMAIN\b|\bREADME\b"
)
UNKNOWN_WORD = {
    Language.NL: "onbekend",
    Language.FR: "inconnu",
    Language.DE: "unbekannt",
    Language.EN: "unknown",
}


def kv_values(blocks: list[Block], language: Language, key: str) -> list[str]:
    """The values of the rows labelled `key` (as the language words it), markup removed."""
    label = t(language, key)
    return [
        flat(re.sub(r"<[^>]+>", " ", b.cells[-1]))
        for b in blocks
        if b.kind == "kv" and re.sub(r"<[^>]+>", "", b.cells[0]).strip() == label
    ]


def says_unknown(value: str, language: Language) -> bool:
    """The value is the "unknown" marker (alone, or leading: "onbekend (onbekend)"); a reason
    that speaks of unknown recipients is not."""
    return re.match(rf"\s*{UNKNOWN_WORD[language]}\b", value, re.IGNORECASE) is not None


def section_text(blocks: list[Block], language: Language, key: str) -> str:
    """The text under the heading `key` up to the next heading."""
    title = t(language, key)
    out: list[str] = []
    inside = False
    for block in blocks:
        if block.kind in ("h2", "title"):
            inside = re.sub(r"<[^>]+>", "", block.text).strip() == title
            continue
        if inside:
            out.extend(block.cells)
    return flat(re.sub(r"<[^>]+>", " ", " ".join(out)))


def write_pngs(
    reads: Iterable[Read], folder: Path, picks: Mapping[str, Iterable[Language]]
) -> None:
    """Pages as PNG (pdftoppm) for a person to look at; `picks`: kind -> languages."""
    if shutil.which("pdftoppm") is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    for read in reads:
        if read.language in set(picks.get(read.kind, ())):
            stem = folder / f"{read.scenario}-{read.kind}-{read.language.value}"
            pdf = stem.with_suffix(".pdf")
            pdf.write_bytes(read.pdf)
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", str(pdf), str(stem)], check=True, timeout=60
            )

"""Every document kind in every allowed language renders to a PDF with its required items."""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from documents.compose import LetterView
from documents.i18n import LANGUAGES, t
from documents.renderer import PdfRenderer, TextRenderer
from documents.samples import demo_breach_view, demo_recipients
from documents.viewmodels import BreachRegisterView, BreachView, RiskView
from rules.codes import GBA_LANGUAGES, Language

from .conftest import pdf_text

LEAKS = re.compile(r"\{\{|\}\}|\{%|%\}|\bNone\b|&lt;|&gt;|&amp;|&#|<br/>|<b>|<\|>|Undefined")

GBA_SECTIONS = (
    "sec.notification",
    "sec.controller",
    "sec.reporting_person",
    "sec.dpo",
    "sec.other_parties",
    "sec.timeline",
    "sec.nature",
    "sec.systems",
    "sec.subjects",
    "sec.data",
    "sec.measures_before",
    "sec.consequences",
    "sec.risk",
    "sec.measures",
    "sec.communication",
    "sec.other_authorities",
    "sec.cross_border",
)


def flat(text: str) -> str:
    """pypdf breaks lines where the layout did: compare on single spaces."""
    return " ".join(text.split())


def check_common(content: bytes, pages: int, sha256: str) -> str:
    text = pdf_text(content)
    assert hashlib.sha256(content).hexdigest() == sha256
    assert len(PdfReader(io.BytesIO(content)).pages) == pages
    assert not LEAKS.search(text), LEAKS.search(text)
    for number in range(1, pages + 1):
        assert f"{number}/{pages}" in text
    assert "BF-2026-0042" in text
    return flat(text)


@pytest.mark.parametrize("language", GBA_LANGUAGES)
def test_gba_notification_has_every_section_in_order(
    renderer: PdfRenderer, language: Language
) -> None:
    """Sections in the EDPB draft template's order, with the controller's KBO number."""
    doc = renderer.render("gba_notification", demo_breach_view(), language)
    text = check_common(doc.content, doc.pages, doc.sha256)
    positions = [text.find(flat(t(language, key))) for key in GBA_SECTIONS]
    assert -1 not in positions, [k for k, p in zip(GBA_SECTIONS, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    for item in (
        "0526.541.437",
        "Bakkerij Peeters bv",
        "dpo@groups.be",
        "3,25" if language != Language.EN else "3.25",
        "DPC 3",
        "EI 1",
    ):
        assert item in text


@pytest.mark.parametrize("language", GBA_LANGUAGES)
def test_gba_notification_of_an_unknown_breach_says_unknown(
    renderer: PdfRenderer, language: Language
) -> None:
    """At intake almost nothing is known: the draft says so field by field."""
    doc = renderer.render("gba_notification", BreachView(reference="BF-2026-0042"), language)
    text = check_common(doc.content, doc.pages, doc.sha256)
    assert text.count(t(language, "unknown")) >= 25


@pytest.mark.parametrize("language", LANGUAGES)
def test_processor_notice_in_the_clients_language(
    renderer: PdfRenderer, language: Language
) -> None:
    """Says the client decides on notifying the GBA and its people, and how to reach us."""
    doc = renderer.render("processor_notice", demo_breach_view(), language)
    text = check_common(doc.content, doc.pages, doc.sha256)
    assert flat(t(language, "notice.decision")) in text
    assert flat(t(language, "notice.sec.next")) in text
    # The client's activity by its name in the notice's language (per-language register labels).
    assert demo_breach_view().activities[0].name.get(language) in text
    assert "dpo@groups.be" in text


@pytest.mark.parametrize("recipient", demo_recipients(), ids=lambda r: r.language.value)
def test_letters_in_all_four_languages(renderer: PdfRenderer, recipient: object) -> None:
    """Personalised letters: name and address in the window, with accents intact."""
    letter = LetterView(demo_breach_view(), recipient)  # type: ignore[arg-type]
    language = letter.recipient.language
    doc = renderer.render("subject_letter", letter, language)
    text = check_common(doc.content, doc.pages, doc.sha256)
    assert letter.recipient.name in text
    assert letter.recipient.address_lines[0] in text
    assert flat(t(language, "letter.sec.advice")) in text
    assert "contact@apd-gba.be" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_communication(renderer: PdfRenderer, language: Language) -> None:
    """Art. 34(3)(c): the same content for the public, in the controller's name."""
    doc = renderer.render("public_communication", demo_breach_view(), language)
    text = check_common(doc.content, doc.pages, doc.sha256)
    assert flat(t(language, "public.title")) in text
    assert "Bakkerij Peeters bv" in text


def test_register_entry_gives_the_reasoning_for_not_notifying(renderer: PdfRenderer) -> None:
    """Art. 33(5): a breach not notified keeps why."""
    view = replace(
        demo_breach_view(), risk=RiskView(outcome="unlikely", notify_supervisory_authority=False)
    )  # type: ignore[arg-type]
    doc = renderer.render("register_entry", view, Language.NL)
    text = check_common(doc.content, doc.pages, doc.sha256)
    assert "Waarom niet gemeld" in text
    assert "geen risico waarschijnlijk" in text


def test_full_register_export_has_one_entry_per_breach(renderer: PdfRenderer) -> None:
    """The register PDF lists every breach."""
    first = demo_breach_view()
    second = replace(first, reference="BF-2026-0043")
    register = BreachRegisterView("Group S", (first, second), datetime(2026, 4, 1, tzinfo=UTC))
    doc = renderer.render("breach_register", register, Language.FR)
    text = flat(pdf_text(doc.content))
    assert "Inscription au registre BF-2026-0042" in text
    assert "Inscription au registre BF-2026-0043" in text


def test_draft_marks_every_page(renderer: PdfRenderer) -> None:
    """A draft says so on every page, in its own language only."""
    doc = PdfRenderer(draft=True).render("gba_notification", demo_breach_view(), Language.DE)
    reader = PdfReader(io.BytesIO(doc.content))
    assert doc.pages >= 2
    assert all("ENTWURF" in (page.extract_text() or "") for page in reader.pages)
    assert not any("DRAFT" in (page.extract_text() or "") for page in reader.pages)


def test_same_input_gives_the_same_bytes(renderer: PdfRenderer) -> None:
    """Invariant PDFs: a re-render is byte-identical, so the recorded hash stays valid."""
    first = renderer.render("processor_notice", demo_breach_view(), Language.NL)
    second = renderer.render("processor_notice", demo_breach_view(), Language.NL)
    assert first.sha256 == second.sha256


def test_text_renderer_has_the_same_fields() -> None:
    """Plain text for logs and e-mail bodies: same content, no markup."""
    doc = TextRenderer(clock=lambda: datetime(2026, 3, 27, tzinfo=UTC)).render(
        "processor_notice", demo_breach_view(), Language.FR
    )
    text = doc.content.decode()
    assert doc.mime.startswith("text/plain")
    assert "Bakkerij Peeters bv" in text
    assert "<b>" not in text
    assert "&#39;" not in text
    assert "Ce qui s'est passé" in text

"""Untrusted text renders literally; European Latin names render with an embedded font."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents.compose import LetterView
from documents.i18n import t
from documents.renderer import PdfRenderer
from documents.samples import demo_breach_view
from documents.viewmodels import FreeText, LetterRecipient, Party
from rules.codes import Language

from .conftest import pdf_fonts, pdf_text

HOSTILE = [
    "<b>bold?</b> & <script>alert(1)</script>",
    "unbalanced <i>tag and <para",
    "</para><font size=80>big</font>",
    "a &amp; b &lt; c &#60; d",
    "quotes \" and ' and <br/> and <|> separators",
]


@pytest.mark.parametrize("description", HOSTILE)
def test_markup_in_a_description_renders_literally(description: str) -> None:
    """ReportLab never parses user text: tags come out as typed, nothing crashes."""
    view = replace(
        demo_breach_view(), description=FreeText({Language.NL: description}, original=Language.NL)
    )
    text = " ".join(
        pdf_text(PdfRenderer().render("gba_notification", view, Language.NL).content).split()
    )
    assert " ".join(description.split()) in text


def test_markup_in_names_and_addresses_of_a_letter() -> None:
    """The window-envelope block escapes too."""
    person = LetterRecipient(
        name="<b>Eve</b> & Co",
        address_lines=("<script>x</script> 1",),
        postcode="1000",
        city="Brussel <",
        language=Language.EN,
    )
    doc = PdfRenderer().render(
        "subject_letter", LetterView(demo_breach_view(), person), Language.EN
    )
    text = pdf_text(doc.content)
    assert "<b>Eve</b> & Co" in text
    assert "<script>x</script> 1" in text
    assert "1000 Brussel <" in text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=120))
def test_any_text_renders(description: str) -> None:
    """Arbitrary Unicode in a free-text field never breaks the PDF, and what it says is there:
    every word of it (letters and digits) reads back from the page, with the section that
    follows it."""
    view = replace(
        demo_breach_view(), description=FreeText({Language.FR: description}, original=Language.FR)
    )
    doc = PdfRenderer().render("gba_notification", view, Language.FR)
    text = " ".join(pdf_text(doc.content).split())
    for word in re.findall(r"[A-Za-z0-9]{3,40}", description):
        assert word in text
    assert " ".join(t(Language.FR, "sec.measures").split()) in text


NAMES = [
    "Łukasz Wiśniewski",
    "Zoltán Kővári",
    "Ayşe Y\u0131lmaz",
    "Petr Dvořák",
    "Jürgen Weiß",
    "François Noël",
    "Gintarė Žukauskaitė",
]


@pytest.mark.parametrize("name", NAMES)
def test_european_latin_names_come_out_intact(name: str) -> None:
    """é ë ç ß ł ő ş č ... survive into the PDF text layer."""
    person = LetterRecipient(
        name=name,
        address_lines=("Ulica Świętego 3",),
        postcode="00-001",
        city="Kraków",
        country="PL",
        language=Language.EN,
    )
    text = pdf_text(
        PdfRenderer()
        .render("subject_letter", LetterView(demo_breach_view(), person), Language.EN)
        .content
    )
    assert name in text
    assert "Ulica Świętego 3" in text
    assert "00-001 Kraków" in text


def test_font_is_embedded_only_where_a_letter_needs_it() -> None:
    """Latin-1 letters use built-in Helvetica only; a Polish name adds a small subset."""
    view = demo_breach_view()
    latin = LetterRecipient(
        name="Jürgen Weiß",
        address_lines=("Aachener Straße 5",),
        postcode="4700",
        city="Eupen",
        language=Language.DE,
    )
    polish = replace(latin, name="Łukasz Wiśniewski")
    plain = PdfRenderer().render("subject_letter", LetterView(view, latin), Language.DE)
    wide = PdfRenderer().render("subject_letter", LetterView(view, polish), Language.DE)
    assert all("+" not in f for f in pdf_fonts(plain.content))
    assert any(f.endswith("+SourceSansPro-Regular") for f in pdf_fonts(wide.content))
    assert len(plain.content) < 10_000
    assert len(wide.content) < 30_000


def test_controller_name_outside_latin1_in_the_footer_and_sender() -> None:
    """Fixed text may need the embedded font too (a Polish client)."""
    view = replace(
        demo_breach_view(),
        controller=Party(name="Spółka Łódź sp. z o.o.", address="ul. Piotrkowska 1, Łódź"),
    )
    text = pdf_text(PdfRenderer().render("public_communication", view, Language.EN).content)
    assert "Spółka Łódź sp. z o.o." in text

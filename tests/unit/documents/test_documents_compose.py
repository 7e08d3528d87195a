"""Templates -> structured content: required items, unknown markers, escaping, languages."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from documents.compose import LetterView, UnsupportedLanguage, compose
from documents.content import ContentError, parse
from documents.i18n import LANGUAGES, code_label, phrase, t
from documents.renderer import blocks_to_text
from documents.samples import demo_breach_view, demo_recipients
from documents.viewmodels import BreachView, Change, FreeText, LetterRecipient, Measures
from rules.codes import GBA_LANGUAGES, DataCode, Filing, Language

NOW = datetime(2026, 3, 27, 12, 0, tzinfo=UTC)
EMPTY = BreachView(reference="BF-2026-0001", filing=None)


def text_of(kind: str, view: object, language: Language) -> str:
    return blocks_to_text(compose(kind, view, language, issued_at=NOW))


@pytest.mark.parametrize("language", GBA_LANGUAGES)
def test_gba_draft_of_an_empty_breach_marks_every_field_unknown(language: Language) -> None:
    """Nothing known yet: every field says "unknown" in the document's language, none is blank."""
    blocks = compose("gba_notification", EMPTY, language, issued_at=NOW)
    rows = [b for b in blocks if b.kind == "kv"]
    assert len(rows) > 30
    assert all(len(b.cells) == 2 and b.cells[1].strip() for b in rows)
    text = blocks_to_text(blocks)
    assert text.count(t(language, "unknown")) >= 25
    assert "None" not in text


def test_gba_draft_refuses_english() -> None:
    """The GBA accepts nl, fr, de only."""
    with pytest.raises(UnsupportedLanguage):
        compose("gba_notification", EMPTY, Language.EN, issued_at=NOW)


def test_follow_up_lists_the_changes_since_the_previous_filing() -> None:
    """A follow-up shows field, before and after, in the document's words; a new filing has no
    such section; Part 2 compares with Part 1."""
    view = replace(
        demo_breach_view(),
        filing=Filing.FOLLOW_UP,
        previous_reference="DBN-123",
        changes=(
            Change("subject_count", 1200, 3700),
            Change("data", ["contact"], ["contact", "financial"]),
            Change("outcome", "risk", "high"),
        ),
    )
    text = text_of("gba_notification", view, Language.NL)
    assert "Wijzigingen sinds de vorige melding" in text
    assert "Aantal | 1.200 | 3.700" in text
    assert "Soorten gegevens | contactgegevens | contactgegevens; financiële gegevens" in text
    assert "Uitkomst | risico (melden aan de GBA) | hoog risico" in text
    assert "DBN-123" in text
    assert "Wijzigingen" not in text_of("gba_notification", demo_breach_view(), Language.NL)
    part2 = text_of("gba_notification", replace(view, completeness="part2"), Language.FR)
    assert "Modifications depuis la partie 1" in part2
    assert "Champ | Partie 1 | Maintenant" in part2


def test_untranslated_free_text_is_shown_under_a_not_translated_note() -> None:
    """A French notice with only a Dutch description shows the Dutch under a note."""
    view = replace(
        demo_breach_view(),
        description=FreeText(
            {Language.NL: "Loonbrieven verkeerd verstuurd."}, original=Language.NL
        ),
    )
    text = text_of("processor_notice", view, Language.FR)
    assert "[Non traduit ; texte original (néerlandais)] Loonbrieven verkeerd verstuurd." in text
    assert "Niet vertaald" not in text_of("processor_notice", view, Language.NL)


@pytest.mark.parametrize("language", LANGUAGES)
def test_letter_holds_the_art_34_items_in_the_persons_language(language: Language) -> None:
    """What happened, which data, consequences, measures, advice, controller and DPO contact."""
    person = LetterRecipient(
        name="Ann Smet",
        address_lines=("Kerkstraat 1",),
        postcode="9000",
        city="Gent",
        country="BE",
        language=language,
        data=(DataCode.CREDENTIALS,),
    )
    text = text_of("subject_letter", LetterView(demo_breach_view(), person), language)
    for key in (
        "letter.sec.what",
        "letter.sec.data",
        "letter.sec.consequences",
        "letter.sec.measures",
        "letter.sec.advice",
        "letter.sec.contact",
    ):
        assert t(language, key) in text
    assert "Ann Smet" in text
    assert "Bakkerij Peeters bv" in text
    assert "dpo@groups.be" in text
    # Only this person's data, with the matching advice.
    listed = [
        b.text
        for b in compose(
            "subject_letter", LetterView(demo_breach_view(), person), language, issued_at=NOW
        )
        if b.kind == "li"
    ]
    assert code_label(language, "data", "credentials") in listed
    assert code_label(language, "data", "national_id_number") not in listed
    assert {"nl": "wachtwoord", "fr": "mot de passe", "de": "Passwort", "en": "password"}[
        language
    ] in text


@pytest.mark.parametrize(
    ("taken", "planned", "unknown"),
    [(("contained",), ("mfa",), False), ((), ("mfa",), False), ((), (), True)],
)
def test_letter_tells_the_measures_taken_and_planned(
    taken: tuple[str, ...], planned: tuple[str, ...], unknown: bool
) -> None:
    """Art. 34(2) with 33(3)(d): measures taken and proposed; "unknown" only when neither is
    known, and the planned ones under their own line."""
    view = replace(
        demo_breach_view(),
        measures_taken=Measures(codes=taken),
        measures_planned=Measures(codes=planned),
    )
    text = text_of("subject_letter", LetterView(view, demo_recipients()[0]), Language.NL)
    section = text.split(t(Language.NL, "letter.sec.measures"))[1]
    section = section.split(t(Language.NL, "letter.sec.advice"))[0]
    assert (t(Language.NL, "unknown") in section) is unknown
    for code in taken + planned:
        assert phrase(Language.NL, "measure", code) in section
    assert (t(Language.NL, "letter.measures_planned") in section) is bool(planned)


def test_letter_written_on_behalf_names_the_client_as_controller_and_us_as_processor() -> None:
    """Art. 34 letters go out in the controller's name; we sign as its processor."""
    text = text_of(
        "subject_letter", LetterView(demo_breach_view(), demo_recipients()[0]), Language.NL
    )
    assert "namens Bakkerij Peeters bv, de verwerkingsverantwoordelijke" in text
    assert "namens deze, Group S - Sociaal Secretariaat vzw, verwerker" in text


def test_foreign_address_gets_the_country_line() -> None:
    """A letter abroad carries the country name in the letter's language, upper case."""
    text = text_of(
        "subject_letter", LetterView(demo_breach_view(), demo_recipients()[3]), Language.EN
    )
    assert "POLAND" in text


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=200))
def test_untrusted_text_cannot_forge_structure(description: str) -> None:
    """Any description, with markup, separators or newlines, stays inside its own field."""
    baseline_view = replace(EMPTY, description=FreeText({Language.NL: "x"}, original=Language.NL))
    view = replace(EMPTY, description=FreeText({Language.NL: description}, original=Language.NL))
    blocks = compose("processor_notice", view, Language.NL, issued_at=NOW)
    baseline = compose("processor_notice", baseline_view, Language.NL, issued_at=NOW)
    assert [b.kind for b in blocks] == [b.kind for b in baseline]
    assert all(len(b.cells) == len(c.cells) for b, c in zip(blocks, baseline, strict=True))


def test_a_line_outside_the_format_is_a_template_bug() -> None:
    """The parser refuses lines it does not know rather than guessing."""
    with pytest.raises(ContentError):
        parse("p: fine\nstray text\n")

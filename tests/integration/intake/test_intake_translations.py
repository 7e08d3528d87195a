"""The four languages of the pages say the same things, and the language is chosen sensibly."""

from __future__ import annotations

import string
from datetime import UTC, datetime

import pytest

from intake.form import DATA_CHOICES, GROUPS, INCIDENT_TYPES
from intake.i18n import MESSAGES, Translator, choose_language
from rules.lifecycle import State


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("language", ["nl", "fr", "de"])
def test_every_language_has_every_message_with_the_same_placeholders(language: str) -> None:
    """No missing or extra keys; `{name}` placeholders match the English ones."""
    english, other = MESSAGES["en"], MESSAGES[language]
    assert set(other) == set(english)
    for key, text in english.items():
        assert placeholders(other[key]) == placeholders(text), key


def test_every_code_shown_has_a_label() -> None:
    """Data choices, groups, incident types and breach states all have plain words."""
    keys = (
        [f"data.{k}" for k in DATA_CHOICES]
        + [f"group.{g}" for g in GROUPS]
        + [f"incident.{c}" for c in INCIDENT_TYPES]
        + [f"state.{s}" for s in State]
        + [f"next.{s}" for s in State]
    )
    assert [k for k in keys if k not in MESSAGES["en"]] == []


def test_language_choice_order() -> None:
    """The reporter's switch, then the client's register language, then the browser."""
    assert choose_language(chosen="de", client_language="fr", accept_language="nl") == "de"
    assert choose_language(chosen=None, client_language="fr", accept_language="nl") == "fr"
    header = "en-US;q=0.5, nl-BE;q=0.9, xx"
    assert choose_language(chosen=None, client_language=None, accept_language=header) == "nl"
    assert choose_language(chosen="xx", client_language=None, accept_language=None) == "en"


def test_instants_are_shown_in_brussels_time() -> None:
    """Stored UTC, shown in Europe/Brussels (summer time here: UTC+2)."""
    instant = datetime(2026, 3, 30, 9, 0, tzinfo=UTC)
    assert Translator("nl").when(instant) == "30 maart 2026 om 11:00"
    assert Translator("fr").when(instant) == "30 mars 2026 à 11:00"

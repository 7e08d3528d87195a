"""The pages say everything in the four languages (the `intake` catalogs, complete per
tests/unit/locales), and the language is chosen sensibly."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from intake.form import DATA_CHOICES, GROUPS, INCIDENT_TYPES
from intake.i18n import Translator, choose_language
from intake.messages import MESSAGES
from rules.lifecycle import State


@pytest.mark.parametrize("language", ["nl", "fr", "de"])
def test_every_message_reads_in_the_language_not_in_english(language: str) -> None:
    """Each page message has its own words in the language (a few are the same, such as
    "E-mail" or "Contact"); its placeholders are filled."""
    t = Translator(language)
    same = [key for key, text in MESSAGES.items() if "{" not in text and t(key) == text]
    assert len(same) < len(MESSAGES) // 20, same
    assert "5" in t("form.attachments.help", count=5, size=5)


def test_every_code_shown_has_a_label() -> None:
    """Data choices, groups, incident types and breach states all have plain words."""
    keys = (
        [f"data.{k}" for k in DATA_CHOICES]
        + [f"group.{g}" for g in GROUPS]
        + [f"incident.{c}" for c in INCIDENT_TYPES]
        + [f"state.{s}" for s in State]
        + [f"next.{s}" for s in State]
    )
    assert [k for k in keys if k not in MESSAGES] == []


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

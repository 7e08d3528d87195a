"""Languages of the web pages: their messages (the `intake` catalogs), the choice of language,
the one Jinja2 environment (autoescape on, StrictUndefined) and Brussels-time instants."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from babel.dates import format_datetime
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from documents.formatting import format_number
from intake.messages import MESSAGES
from locales import Messages
from rules.codes import Language
from rules.deadlines import BRUSSELS

LANGUAGES: tuple[str, ...] = ("nl", "fr", "de", "en")
DEFAULT_LANGUAGE = "en"
PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"

# The pages' English source, keyed by code; every language reads it through its catalog.
PAGES = Messages("intake", MESSAGES)
_LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "de": "de_BE", "en": "en_GB"}
# Explicit patterns: the locales' long formats are clumsy (TECH-NOTES: "9 h 00 min 00 s").
_PATTERN = {
    "nl": "d MMMM y 'om' HH:mm",
    "fr": "d MMMM y 'à' HH:mm",
    "de": "d. MMMM y 'um' HH:mm",
    "en": "d MMMM y 'at' HH:mm",
}


class Translator:
    """`t("form.submit")` in one language; `{name}` placeholders filled from keywords."""

    def __init__(self, language: str) -> None:
        self.language = language if language in LANGUAGES else DEFAULT_LANGUAGE
        # The codes that have a message (`"kind." ~ code in t.messages` in the templates).
        self.messages = MESSAGES

    def __call__(self, key: str, **values: Any) -> str:
        return PAGES(self.language, key, **values)

    def number(self, value: object) -> str:
        """A number in this language's notation ("4,25" in Dutch); anything else as it is."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return str(value)
        return format_number(value, Language(self.language))

    def when(self, instant: datetime | None) -> str:
        """An instant in Brussels time, in this language ("27 maart 2026 om 11:00")."""
        if instant is None:
            return ""
        return format_datetime(
            instant,
            format=_PATTERN[self.language],
            tzinfo=BRUSSELS,
            locale=_LOCALES[self.language],
        )


def _from_accept_language(header: str | None) -> str | None:
    """The first supported language in an Accept-Language header, by weight."""
    if not header:
        return None
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        weighted.append((-weight, position, tag.strip().lower()[:2]))
    for _, _, language in sorted(weighted):
        if language in LANGUAGES:
            return language
    return None


def choose_language(
    *, chosen: str | None, client_language: str | None, accept_language: str | None
) -> str:
    """The reporter's switch wins, then the client's register language, then the browser."""
    for candidate in (chosen, client_language, _from_accept_language(accept_language)):
        if candidate in LANGUAGES:
            return str(candidate)
    return DEFAULT_LANGUAGE


def template_environment() -> Environment:
    """The one environment of the intake's pages and e-mails (HTML escaped, .txt not)."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(("html", "xml")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )

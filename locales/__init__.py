"""The one translation system: gettext catalogs per language and domain, managed with Babel.

Every text a person reads comes from `locales/<lang>/LC_MESSAGES/<domain>.po`. The English
source of each domain lives in code, keyed by a stable code (`rules.wording`, the documents'
`documents.messages`, the pages' `intake.messages`): a dict entry `"code": N_("English text")`
is extracted with msgctxt = the code and msgid = the English text (`locales.extract`), so a
translator in any PO editor sees the English sentence and what it is for. English readers read
the `en` catalog, which may word a sentence for readers rather than for developers.

    from locales import Messages, translator
    translator("nl").number(4.25)                        # '4,25'
    MESSAGES = Messages("documents", SOURCE)            # SOURCE: {"code": N_("..."), ...}
    MESSAGES("fr", "letter.salutation", name="Ann")     # 'Bonjour Ann,'

Placeholders are `str.format` fields; numbers given as int or float are formatted for the
language by Babel (`10.000` in Dutch, `4,25` for 4.25), whatever the field's format spec.
A message missing from a catalog falls back to its English source: the completeness test
(`tests/unit/locales`) fails on any gap before a reader can see one.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any, Literal

from babel.lists import format_list
from babel.numbers import format_decimal

from locales.catalogs import DOMAINS, LANGUAGES, catalog

__all__ = ["DOMAINS", "LANGUAGES", "N_", "Messages", "Translator", "translator"]

# Babel locales: Belgian variants for the national languages, British English.
_LOCALE = {"nl": "nl_BE", "fr": "fr_BE", "de": "de_BE", "en": "en_GB"}


def N_(message: str) -> str:  # the gettext name for a deferred message
    """Marks a message for extraction; translation happens where it is shown."""
    return message


def _pdf_safe(text: str) -> str:
    # Babel writes U+202F (narrow no-break space) in French numbers; U+00A0 is in every
    # built-in PDF font's encoding and reads the same in a browser.
    return text.replace("\u202f", "\u00a0")


class _Formatter(string.Formatter):
    """`str.format` with numbers in the language's own notation."""

    def __init__(self, locale: str) -> None:
        super().__init__()
        self.locale = locale

    def format_field(self, value: Any, format_spec: str) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return _pdf_safe(format_decimal(value, locale=self.locale))
        if isinstance(value, str):
            return value  # already rendered for the reader: a spec like `,` has no meaning
        return super().format_field(value, format_spec)


class Translator:
    """All catalogs of one language, with Babel's numbers and lists for it."""

    def __init__(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"no catalogs for language {language!r} (one of {LANGUAGES})")
        self.language = language
        self.locale = _LOCALE[language]
        self._formatter = _Formatter(self.locale)

    def pgettext(self, domain: str, context: str, message: str) -> str:
        """The translation of `message` (with its context) in `domain`; English when missing."""
        return catalog(self.language, domain).pgettext(context, message)

    def format(self, text: str, /, **params: Any) -> str:
        """Fill `{name}` fields; numbers in this language's notation."""
        return self._formatter.vformat(text, (), params) if params else text

    def text(self, domain: str, context: str, message: str, /, **params: Any) -> str:
        """Translate and fill in one step."""
        return self.format(self.pgettext(domain, context, message), **params)

    def number(self, value: float) -> str:
        return _pdf_safe(format_decimal(value, locale=self.locale))

    def join(self, items: Iterable[str], style: Literal["standard", "or"] = "standard") -> str:
        """`a, b en c` / `a, b et c` / `a, b und c` / `a, b and c`."""
        listed = list(items)
        return format_list(listed, style=style, locale=self.locale) if listed else ""


@cache
def translator(language: str) -> Translator:
    """The translator of a language (`nl`, `fr`, `de`, `en`), built once per process."""
    return Translator(str(language))


class Messages:
    """One domain's messages: the English source keyed by code, read in any language."""

    def __init__(self, domain: str, source: Mapping[str, str]) -> None:
        if domain not in DOMAINS:
            raise ValueError(f"unknown domain {domain!r} (one of {DOMAINS})")
        self.domain = domain
        self.source = source

    def __contains__(self, key: object) -> bool:
        return key in self.source

    def __call__(self, language: str, key: str, /, **params: Any) -> str:
        """The message `key` in `language`, its fields filled; KeyError for an unknown key."""
        return translator(language).text(self.domain, key, self.source[key], **params)

"""Dates, numbers and free text as a document in one language shows them.

Instants are stored in UTC and shown in Europe/Brussels (DST handled by Babel); explicit
patterns because Babel's French full format is clumsy (TECH-NOTES.md).
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache

from babel.dates import format_datetime
from babel.numbers import format_decimal

from rules.codes import Language
from rules.deadlines import BRUSSELS

_LOCALE = {Language.NL: "nl_BE", Language.FR: "fr_BE", Language.DE: "de_BE", Language.EN: "en_GB"}
_DATETIME = {
    Language.NL: "d MMMM y 'om' HH:mm '(Belgische tijd)'",
    Language.FR: "d MMMM y 'à' HH'h'mm '(heure belge)'",
    Language.DE: "d. MMMM y 'um' HH:mm 'Uhr (belgische Zeit)'",
    Language.EN: "d MMMM y 'at' HH:mm '(Belgian time)'",
}
_DATE = {
    Language.NL: "d MMMM y",
    Language.FR: "d MMMM y",
    Language.DE: "d. MMMM y",
    Language.EN: "d MMMM y",
}


def _aware(value: datetime) -> datetime:
    """Naive datetimes are taken as UTC, as Babel does."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _latin1_spaces(text: str) -> str:
    # Babel uses U+202F in French numbers; the no-break space U+00A0 is in every built-in
    # PDF font's encoding, so the paragraph can stay in Helvetica.
    return text.replace("\u202f", "\u00a0")


@lru_cache(maxsize=1024)
def format_instant(value: datetime, language: Language) -> str:
    """Date and time in Brussels local time, with the zone said in words."""
    return _latin1_spaces(
        format_datetime(
            _aware(value), _DATETIME[language], tzinfo=BRUSSELS, locale=_LOCALE[language]
        )
    )


@lru_cache(maxsize=1024)
def format_day(value: datetime, language: Language) -> str:
    """The Brussels calendar date only (letters: the presumed date of the breach)."""
    return _latin1_spaces(
        format_datetime(_aware(value), _DATE[language], tzinfo=BRUSSELS, locale=_LOCALE[language])
    )


def format_number(value: float, language: Language) -> str:
    return _latin1_spaces(format_decimal(value, locale=_LOCALE[language]))

"""From a view-model to the structured content of one document kind in one language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from babel import Locale

from documents.content import Block, parse
from documents.jinja import render_template
from documents.sections import GBA_SECTIONS
from documents.viewmodels import BreachRegisterView, BreachView, LetterRecipient
from rules.codes import GBA_LANGUAGES, Language

KINDS = (
    "gba_notification",
    "processor_notice",
    "subject_letter",
    "public_communication",
    "register_entry",
    "breach_register",
)
# Kinds laid out as a letter: sender block, window-envelope address, body.
LETTER_KINDS = frozenset({"subject_letter", "public_communication"})


@dataclass(frozen=True)
class LetterView:
    """A letter to one person: the breach and the recipient (kind `subject_letter`)."""

    breach: BreachView
    recipient: LetterRecipient


class UnsupportedLanguage(ValueError):
    """The GBA accepts notifications in Dutch, French or German only (DOMAIN.md §4)."""


@lru_cache(maxsize=256)
def country_name(code: str | None, language: Language) -> str | None:
    """The country's name in the letter's language; None for Belgium (domestic post)."""
    if not code or code.upper() == "BE":
        return None
    name = Locale.parse(language.value).territories.get(code.upper())
    return str(name).upper() if name else code.upper()


def compose(kind: str, view: Any, language: Language, *, issued_at: datetime) -> list[Block]:
    """Render the kind's template for `view` and split it into blocks."""
    if kind not in KINDS:
        raise ValueError(f"unknown document kind {kind!r} (expected one of {', '.join(KINDS)})")
    if kind == "gba_notification" and language not in GBA_LANGUAGES:
        raise UnsupportedLanguage(f"the GBA accepts nl, fr or de, not {language}")
    context: dict[str, Any] = {"issued_at": issued_at}
    if kind == "subject_letter":
        if not isinstance(view, LetterView):
            raise TypeError("a subject_letter is rendered from a LetterView")
        return _compose_letter(view, language, issued_at)
    if kind == "breach_register":
        if not isinstance(view, BreachRegisterView):
            raise TypeError("the breach register is rendered from a BreachRegisterView")
        context["register"] = view
    else:
        if not isinstance(view, BreachView):
            raise TypeError(f"a {kind} is rendered from a BreachView")
        context["v"] = view
    if kind == "gba_notification":
        context["sections"] = GBA_SECTIONS
    return parse(render_template(f"pdf/{kind}.rml", language, **context))


# Letter bodies by (breach view, language, data types, date): the same for every person who
# shares them, so Jinja renders each once per process. Keyed by the view's identity (a view
# holds dicts, so it is not hashable); the entry keeps the view alive so the id stays its own.
_BODIES: dict[tuple[int, Language, tuple[str, ...] | None, datetime], tuple[Any, list[Block]]] = {}
_BODIES_MAX = 256


def _compose_letter(letter: LetterView, language: Language, issued_at: datetime) -> list[Block]:
    breach, recipient = letter.breach, letter.recipient
    data = recipient.data if recipient.data is not None else breach.data
    key = (id(breach), language, tuple(data) if data is not None else None, issued_at)
    cached = _BODIES.get(key)
    if cached is None or cached[0] is not breach:
        body = parse(
            render_template(
                "pdf/subject_letter_body.rml", language, v=breach, data=data, issued_at=issued_at
            )
        )
        if len(_BODIES) >= _BODIES_MAX:
            _BODIES.clear()
        cached = _BODIES[key] = (breach, body)
    head = parse(
        render_template(
            "pdf/subject_letter.rml",
            language,
            v=breach,
            r=recipient,
            issued_at=issued_at,
            country=country_name(recipient.country, language),
        )
    )
    return head + cached[1]


def reference_of(view: Any) -> tuple[str, int]:
    """(reference, version) for the footer."""
    if isinstance(view, LetterView):
        return view.breach.reference, view.breach.version
    if isinstance(view, BreachView):
        return view.reference, view.version
    return "breach_register", 1

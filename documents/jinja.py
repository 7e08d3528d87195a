"""The one Jinja2 environment of the documents, and the helpers every template gets.

Templates (package `templates`, channel folder `pdf/`, one file per document kind, words from
the `documents` and `rules` catalogs) produce the line format of `documents.content`.
Autoescape is on for `.rml` templates, so every value is escaped for ReportLab paragraph
markup; `finalize` turns None and empty values into the language's "unknown" marker (never
a blank), booleans into yes/no, instants into Brussels time, numbers into the language's
notation, register names into their label in the document's language, and newlines into
`<br/>` so a value can never start a new line of the line format.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from functools import cache
from typing import Any

from jinja2 import (
    Environment,
    PackageLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context
from markupsafe import Markup, escape

from documents.changes import change_value
from documents.formatting import format_day, format_instant, format_number
from documents.i18n import advice_codes, code_label, has_label, phrase, soft_code_label, t
from documents.statements import free_text_plain, statement_with_sources
from documents.summary import summary_text
from documents.viewmodels import FreeText, Name, StatementView
from rules.codes import Language

_CONTROL = dict.fromkeys(c for c in range(32) if c != 9)


def escape_markup(value: object) -> Markup:
    """Escape untrusted text for ReportLab paragraph markup, keeping line breaks.

    Every line boundary `str.splitlines` knows becomes `<br/>` (so a value never starts a line
    of the line format) and other control characters are dropped (no glyph, and some of them
    upset PDF viewers).
    """
    lines = str(value).splitlines()
    return Markup("<br/>".join(str(escape(line.translate(_CONTROL))) for line in lines))


@pass_context
def _finalize(context: Context, value: Any) -> Any:
    language: Language = context["lang"]
    if isinstance(value, Markup):
        return value if value.strip() else t(language, "unknown")
    if value is None or value == "" or (isinstance(value, list | tuple) and not value):
        return t(language, "unknown")
    if isinstance(value, bool):
        return t(language, "yes" if value else "no")
    if isinstance(value, datetime):
        return format_instant(value, language)
    if isinstance(value, int | float):
        return format_number(value, language)
    if isinstance(value, FreeText):
        return free_text(value, language)
    if isinstance(value, Name):
        return escape_markup(value.get(language))
    if isinstance(value, StatementView):
        return escape_markup(statement_with_sources(value, language))
    return escape_markup(value)


def _plain(value: Any, language: Language) -> Any:
    """A field of a sentence: numbers as they are, typed text with its note, other text as is."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, FreeText):
        return free_text_plain(value, language)
    if isinstance(value, Name):
        return value.get(language)
    if isinstance(value, datetime):
        return format_instant(value, language)
    return str(value)


def free_text(value: FreeText | None, language: Language) -> Markup:
    """Typed text in `language`, or the original under a "not translated" note."""
    if value is None:
        return Markup(escape(t(language, "unknown")))
    text, used, translated = value.version(language)
    if not text:
        return Markup(escape(t(language, "unknown")))
    if translated:
        return escape_markup(text)
    note = t(language, "not_translated", original=code_label(language, "language", used))
    return Markup(f"<i>[{escape(note)}]</i> ") + escape_markup(text)


@cache
def environment() -> Environment:
    """Built once per process; templates are compiled once and cached by Jinja."""
    env = Environment(
        loader=PackageLoader("templates", "."),
        autoescape=select_autoescape(enabled_extensions=("rml", "html", "xml")),
        undefined=StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markup"] = escape_markup
    return env


def helpers(language: Language) -> dict[str, Callable[..., Any]]:
    """Functions bound to the document's language, for the template context."""

    def label(key: str, **fields: Any) -> str:
        # Numbers stay numbers (the catalog formats them); text is escaped where it lands.
        return t(language, key, **{k: _plain(v, language) for k, v in fields.items()})

    def code(family: str, value: object) -> str:
        if value is None:
            return t(language, "unknown")
        return code_label(language, family, str(value))

    def codes(family: str, values: Iterable[object] | None) -> list[str]:
        return [code(family, v) for v in values] if values is not None else []

    def subjects(values: Iterable[str] | None) -> str:
        return ", ".join(soft_code_label(language, "subject", v) for v in values or ())

    def day(value: datetime | None) -> str:
        return format_day(value, language) if value else t(language, "unknown")

    def field_label(name: str) -> str:
        for key in (f"f.{name}", f"sec.{name}", name):
            if has_label(key):
                return t(language, key)
        raise KeyError(f"no label for the field {name!r}")

    def names(values: Iterable[Name] | None) -> list[str]:
        return [value.get(language) for value in values or ()]

    return {
        "t": label,
        "field_label": field_label,
        "code": code,
        "codes": codes,
        "subjects": subjects,
        "phrase": lambda catalogue, key: phrase(language, catalogue, key),
        "advice_codes": advice_codes,
        "names": names,
        "change_value": lambda name, value: change_value(name, value, language),
        "summary_text": lambda view: summary_text(view, language),
        "has_label": has_label,
        "ft": lambda value: free_text(value, language),
        "day": day,
        "num": lambda value: format_number(value, language),
    }


def render_template(name: str, language: Language, **context: Any) -> str:
    """Render one template to the line format, with the helpers of `language`."""
    template = environment().get_template(name)
    return template.render(
        lang=language, unknown=t(language, "unknown"), **helpers(language), **context
    )

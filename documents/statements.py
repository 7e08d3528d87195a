"""The rules' reasons and assumptions in the reader's language, with their legal sources.

A `StatementView` is a code with parameters (`rules.reasons`); its words come from the `rules`
catalogs (keyed by the code), and every parameter is rendered for the reader too: a fact by
its name, a coded value by its label, data types and outcomes by their labels, numbers and
instants in the language's notation. Sources are cited the way each language cites them
(Art. 33(1) GDPR, art. 33, lid 1 AVG, art. 33, § 1 RGPD, Art. 33 Abs. 1 DSGVO; "EDPB-richtsnoeren
01/2021, voorbeelden 13 en 14"). No code reaches the reader: a value without a label is a bug
the documents' tests catch.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from documents.formatting import format_instant
from documents.i18n import has_label, t
from documents.viewmodels import FreeText, Param, StatementView
from locales import Messages, translator
from rules import wording
from rules.codes import Language

RULES = Messages(
    "rules",
    {
        **wording.ENGLISH,
        **wording.FACT_LABELS,
        **{".".join(key): text for key, text in wording.VALUE_LABELS.items()},
    },
)

# The code family of a fact's value, by the fact's path (`assumed.code`, `assumed.differs`).
_VALUE_FAMILY = {
    "confidentiality": "confidentiality",
    "integrity": "integrity",
    "availability": "availability",
    "incident_type": "incident_type",
    "identifiability": "identifiability",
    "service_impact": "service_impact",
}
_DATA = frozenset({"codes", "added", "known"})
_NATURE = frozenset({"named", "others"})
_RISK = frozenset({"risk", "rules_risk", "suggested"})
_FACT = frozenset({"fact", "dimension", "for_dimension"})


def fact_name(path: str, language: Language) -> str:
    """A fact by the name a reader gives it (`subjects.count`: "aantal personen")."""
    return RULES(language.value, path) if path in wording.FACT_LABELS else path


def _code(family: str, code: str, language: Language) -> str:
    key = f"{family}.{code}"
    return t(language, key) if has_label(key) else code


def _value(fact: str, value: Any, language: Language) -> Any:
    if isinstance(value, bool) or value in ("yes", "no"):
        yes = value is True or value == "yes"
        if (fact, "yes" if yes else "no") in wording.VALUE_LABELS:
            return RULES(language.value, f"{fact}.{'yes' if yes else 'no'}")
        return t(language, "yes" if yes else "no")
    if isinstance(value, int | float):
        return value
    if (fact, str(value)) in wording.VALUE_LABELS:
        return RULES(language.value, f"{fact}.{value}")
    if fact in _VALUE_FAMILY:
        return _code(_VALUE_FAMILY[fact], str(value), language)
    return str(value)


def _list(values: Any, render: Any, language: Language) -> str:
    items = values if isinstance(values, tuple | list) else (values,)
    return translator(language.value).join(str(render(v)) for v in items)


def free_text_plain(value: FreeText, language: Language) -> str:
    """Typed text in `language`, or the original after a \"not translated\" note."""
    text, used, translated = value.version(language)
    if translated:
        return text
    note = t(language, "not_translated", original=_code("language", used.value, language))
    return f"[{note}] {text}"


def _param(name: str, value: Param, params: Mapping[str, Param], language: Language) -> Any:
    if isinstance(value, FreeText):
        return free_text_plain(value, language)
    if name in _FACT and isinstance(value, str):
        return fact_name(value, language)
    if name in _DATA:
        return _list(value, lambda c: _code("data_short", str(c), language), language)
    if name in _NATURE:
        return _list(value, lambda c: _code("nature", str(c), language), language)
    if name == "band":
        return _code("band", str(value), language)
    if name in _RISK:
        return _code("risk_short", str(value), language)
    if name == "at" and isinstance(value, str):
        return format_instant(datetime.fromisoformat(value), language)
    fact = str(params.get("fact", ""))
    if name == "value":
        return _value(fact, value, language)
    if name == "values":
        return _list(value, lambda v: _value(fact, v, language), language)
    return value


def statement_text(statement: StatementView, language: Language) -> str:
    """The statement's sentence, capitalised, without its sources."""
    params = dict(statement.params)
    shown = {
        name: _param(name, value, params, language)
        for name, value in params.items()
        if name != "for_dimension"
    }
    text = RULES(language.value, statement.code, **shown)
    if "for_dimension" in params:
        dimension = _param("for_dimension", params["for_dimension"], params, language)
        text = RULES(language.value, "assumed.for_dimension", text=text, dimension=dimension)
    return text[:1].upper() + text[1:]


_ARTICLE = re.compile(r"^(\d+)(?:\((\d+)\))?(?:\(([a-z])\))?$")


def _article(ref: str, language: Language) -> str:
    match = _ARTICLE.match(ref.strip())
    if match is None:
        return t(language, "cite.article", article=ref.strip())
    article, paragraph, point = match.groups()
    if point:
        return t(language, "cite.point", article=article, paragraph=paragraph, point=point)
    if paragraph:
        return t(language, "cite.paragraph", article=article, paragraph=paragraph)
    return t(language, "cite.article", article=article)


def source_text(authority: str, ref: str, language: Language) -> str:
    """One source as this language cites it."""
    join = translator(language.value).join
    if authority == "gdpr":
        articles = join(_article(part, language) for part in ref.split(","))
        return t(language, "cite.gdpr", articles=articles)
    if authority == "edpb_01_2021":
        cases = [part.strip() for part in ref.split(",")]
        key = f"source.edpb_01_2021.{'many' if len(cases) > 1 else 'one'}"
        return RULES(language.value, key, ref=join(cases))
    return RULES(language.value, f"source.{authority}", ref=ref).strip()


def sources_text(sources: tuple[tuple[str, str], ...], language: Language) -> str:
    return "; ".join(source_text(authority, ref, language) for authority, ref in sources)


def statement_with_sources(statement: StatementView, language: Language) -> str:
    """ "Sentence (sources)", as the documents list reasons and assumptions."""
    text = statement_text(statement, language)
    if not statement.sources:
        return text
    return t(
        language,
        "reason.with_sources",
        text=text,
        sources=sources_text(statement.sources, language),
    )

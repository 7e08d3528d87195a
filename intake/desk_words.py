"""The briefing in words for a page: facts, outcome and measures in the reader's language, with
the documents' own labels (the `documents` catalogs), so a page says what the PDF says."""

from __future__ import annotations

from typing import Any

from documents.i18n import has_label, phrase, soft_code_label
from documents.i18n import t as document_text
from documents.statements import statement_with_sources
from documents.viewmodels import Param, StatementView
from rules.codes import Language
from rules.measures import MEASURE_CODES
from rules.processing_register import ProcessingRegister

# The coded facts a briefing shows, in the order of the GBA notification form, each with
# the label family of its codes (None: a number or yes/no).
_FACTS: tuple[tuple[str, str | None], ...] = (
    ("nature", "nature"),
    ("incident_type", "incident_type"),
    ("malicious", None),
    ("data", "data"),
    ("identifiability", "identifiability"),
    ("unintelligible", None),
    ("confidentiality", "confidentiality"),
    ("recipients_count", None),
    ("recipients_trusted", None),
    ("integrity", "integrity"),
    ("availability", "availability"),
    ("unavailable_hours", None),
    ("service_impact", "service_impact"),
)


def _label(language: Language, key: str, words: dict[str, str]) -> str:
    """The documents' label of a fact; the pages' own (`words["fact.KEY"]`) where the
    documents have none."""
    if has_label(f"f.{key}"):
        return document_text(language, f"f.{key}")
    return words.get(f"fact.{key}", key.replace("_", " "))


def _value(language: Language, family: str | None, value: Any, words: dict[str, str]) -> str:
    if value is None or value == "unknown":
        return words["unknown"]
    if isinstance(value, bool):
        return words["yes"] if value else words["no"]
    if isinstance(value, list):
        return ", ".join(_value(language, family, v, words) for v in value) or "-"
    if family is None:
        return words.get(str(value), str(value))
    return soft_code_label(language, family, str(value))


def facts_in_words(
    facts: dict[str, Any], language: str, words: dict[str, str]
) -> list[tuple[str, str]]:
    """(label, value) pairs of the coded facts; `words` gives unknown/yes/no and the labels
    of facts the documents do not name (`fact.KEY`) in the language."""
    lang = Language(language)
    rows = [
        (_label(lang, key, words), _value(lang, family, facts.get(key), words))
        for key, family in _FACTS
        if key in facts
    ]
    subjects = facts.get("subjects") or {}
    if isinstance(subjects, dict):
        if "count" in subjects:
            rows.append(
                (_label(lang, "subject_count", words), _value(lang, None, subjects["count"], words))
            )
        if subjects.get("categories"):
            rows.append(
                (
                    _label(lang, "subject_categories", words),
                    _value(lang, "subject", subjects["categories"], words),
                )
            )
    return rows


def label_of(language: str, family: str, code: str | None) -> str:
    """A code's label from the documents' catalogs (the code itself when it has none)."""
    if code is None:
        return "-"
    return soft_code_label(Language(language), family, code)


def measure_labels(language: str) -> dict[str, str]:
    lang = Language(language)
    return {code: phrase(lang, "measure", code) for code in MEASURE_CODES}


def party_label(register: ProcessingRegister, code: str, language: str) -> str:
    """An obligation's party by name; the authority as the documents name it in `language`."""
    return register.party_name(code) or document_text(Language(language), "authority.gba")


def system_labels(register: ProcessingRegister, language: str) -> dict[str, str]:
    """Each system of the register by its name, named in the language."""
    lang = Language(language)
    return {
        name: label.get(lang)
        for a in register.activities.values()
        for name, label in zip(a.systems, a.systems_labelled, strict=True)
    }


def activity_labels(register: ProcessingRegister, language: str) -> dict[str, str]:
    """Each activity of the register by id, named in the language (the review's choices)."""
    lang = Language(language)
    return {a.id: a.name_label.get(lang) for a in register.activities.values()}


def _param(value: Any) -> Param:
    return tuple(str(v) for v in value) if isinstance(value, list) else value


def statements(codes: list[dict[str, Any]], language: str) -> list[str]:
    """The rules' reasons or assumptions (stored as codes) in the reader's language, with their
    sources cited as that language cites them: the words the GBA draft uses."""
    return [
        statement_with_sources(
            StatementView(
                str(c["code"]),
                tuple((k, _param(v)) for k, v in dict(c.get("params") or {}).items()),
                tuple((str(s["authority"]), str(s["ref"])) for s in c.get("source") or []),
            ),
            Language(language),
        )
        for c in codes
    ]

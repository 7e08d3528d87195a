"""The translation tables and phrase catalogues are complete: a gap fails here, not in a letter."""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path

import pytest

from documents.i18n import CODES, LABELS, LANGUAGES, all_entries, code_label, t
from documents.phrases import ADVICE, CATALOGUES, advice_codes
from rules.codes import (
    Availability,
    Band,
    Completeness,
    Confidentiality,
    DataCode,
    Exemption,
    Filing,
    IncidentType,
    Integrity,
    Language,
    Nature,
    Risk,
)
from rules.processing_register import Role

# t("key") with a literal key; keys built with ~ (e.g. "cause." ~ v.cause) end in a dot.
LABEL_CALL = re.compile(r'\bt\(\s*"([a-z_.0-9]*[a-z_0-9])"')
TEMPLATES = Path(__file__).resolve().parents[3] / "templates"

FAMILIES: dict[str, type[StrEnum]] = {
    "data": DataCode,
    "incident_type": IncidentType,
    "nature": Nature,
    "confidentiality": Confidentiality,
    "integrity": Integrity,
    "availability": Availability,
    "risk": Risk,
    "band": Band,
    "exemption": Exemption,
    "filing": Filing,
    "completeness": Completeness,
    "language": Language,
    "role": Role,
}


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_every_stable_code_has_a_label_in_every_language(family: str) -> None:
    """Each code of rules.codes renders in nl, fr, de and en."""
    for code in FAMILIES[family]:
        for language in LANGUAGES:
            assert code_label(language, family, code).strip(), (family, code, language)


def test_every_entry_has_four_non_empty_translations() -> None:
    """No table row lacks a language or holds an empty string."""
    tables = {
        **all_entries(),
        **{f"{c}.{k}": v for c, t_ in CATALOGUES.items() for k, v in t_.items()},
    }
    for key, entry in tables.items():
        assert len(entry) == len(LANGUAGES), key
        assert all(text.strip() for text in entry), key


def test_fields_of_a_sentence_are_the_same_in_every_language() -> None:
    """A `{name}` field missing from one translation would silently drop the value."""
    for key, entry in LABELS.items():
        fields = [sorted(re.findall(r"{(\w+)}", text)) for text in entry]
        assert all(f == fields[0] for f in fields), key


def test_every_label_key_a_template_names_exists() -> None:
    """Static check of t("...") calls in the templates (dynamic keys are covered by rendering)."""
    used: set[str] = set()
    for path in TEMPLATES.rglob("*.rml"):
        used |= set(LABEL_CALL.findall(path.read_text("utf-8")))
    assert used, "no label found: the pattern is wrong"
    assert sorted(used - LABELS.keys()) == []


def test_advice_matches_the_data_types() -> None:
    """Passwords, bank data and payslips, national number and health data get their own advice."""
    assert advice_codes([DataCode.CREDENTIALS])[0] == "credentials"
    assert "financial" in advice_codes([DataCode.FINANCIAL])
    assert "national_id_number" in advice_codes([DataCode.NATIONAL_ID_NUMBER])
    assert "health" in advice_codes([DataCode.EMPLOYMENT_HEALTH])
    assert advice_codes([DataCode.EDUCATION]) == ["contact"]  # phishing advice always
    assert set(advice_codes(list(DataCode))) == set(ADVICE)


def test_unknown_marker_per_language() -> None:
    """The explicit marker the documents print for an unknown fact."""
    assert [t(lang, "unknown") for lang in LANGUAGES] == [
        "onbekend",
        "inconnu",
        "unbekannt",
        "unknown",
    ]
    assert CODES["language"]["nl"][0] == "Nederlands"

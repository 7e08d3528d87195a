"""The documents' words: every code a document shows has a label in every language, every key
a template names exists, and the advice matches the data."""

from __future__ import annotations

import re
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest

from documents.build import AUTOMATIC_ADJUSTMENTS
from documents.i18n import ADVICE_ORDER, LANGUAGES, advice_codes, code_label, has_label, t
from documents.messages import MESSAGES
from rules.codes import (
    Availability,
    Band,
    Completeness,
    Confidentiality,
    DataCode,
    Exemption,
    Filing,
    Identifiability,
    IncidentType,
    Integrity,
    Language,
    Nature,
    Risk,
    ServiceImpact,
    Unintelligible,
)
from rules.codes import ServiceImpact as Impact
from rules.consequences import likely_consequences
from rules.measures import Measure
from rules.processing_register import Role
from rules.resolved import Resolved
from rules.severity import automatic_adjustments
from tests.unit.rules.factories import AWARE_AT


def resolved(**changes: Any) -> Resolved:
    """Complete facts: contact data disclosed to one known recipient, unless told otherwise."""
    base = Resolved(
        aware_at=AWARE_AT,
        malicious=False,
        data=frozenset({DataCode.CONTACT}),
        subject_count=3,
        vulnerable=False,
        identifiability=Identifiability.MAXIMUM,
        unintelligible=Unintelligible.NO,
        confidentiality=Confidentiality.KNOWN_RECIPIENTS,
        recipients_count=1,
        recipients_trusted=False,
        integrity=Integrity.NOT_AFFECTED,
        availability=Availability.NOT_AFFECTED,
        unavailable_hours=0,
        service_impact=Impact.NONE,
        measures_neutralise_high_risk=False,
        subjects_contactable=True,
        nis2_significant=False,
    )
    return replace(base, **changes)


# t("key") with a literal key; keys built with ~ (e.g. "cause." ~ v.cause) end in a dot.
LABEL_CALL = re.compile(r'\bt\(\s*"([a-z_.0-9]*[a-z_0-9])"')
TEMPLATES = Path(__file__).resolve().parents[3] / "templates"

FAMILIES: dict[str, type[StrEnum]] = {
    "data": DataCode,
    "data_short": DataCode,
    "incident_type": IncidentType,
    "summary.incident": IncidentType,
    "nature": Nature,
    "confidentiality": Confidentiality,
    "integrity": Integrity,
    "availability": Availability,
    "identifiability": Identifiability,
    "service_impact": ServiceImpact,
    "risk": Risk,
    "risk_short": Risk,
    "band": Band,
    "exemption": Exemption,
    "filing": Filing,
    "completeness": Completeness,
    "language": Language,
    "role": Role,
    "measure": Measure,
}


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_every_stable_code_has_a_label_in_every_language(family: str) -> None:
    """Each code renders in nl, fr, de and en: no code reaches a reader."""
    for code in FAMILIES[family]:
        for language in LANGUAGES:
            assert code_label(language, family, code).strip(), (family, code, language)


def test_every_label_key_a_template_names_exists() -> None:
    """Static check of t("...") calls in the templates (dynamic keys are covered by rendering)."""
    used: set[str] = set()
    for path in TEMPLATES.rglob("*.rml"):
        used |= set(LABEL_CALL.findall(path.read_text("utf-8")))
    assert used, "no label found: the pattern is wrong"
    assert sorted(used - MESSAGES.keys()) == []


def test_every_consequence_reads_for_an_authority_and_for_the_person() -> None:
    """The GBA draft and the notices say "the people concerned may..."; a letter says "you"."""
    codes = {c for d in DataCode for c in likely_consequences(resolved(data={d}))}
    codes |= set(likely_consequences(resolved(availability=Availability.PERMANENT)))
    for code in codes:
        assert has_label(f"consequence.{code}"), code
        assert has_label(f"consequence.you.{code}"), code
    nl = t(Language.NL, "consequence.identity_theft")
    assert "betrokkenen" in nl
    assert " u " not in f" {nl} "


def test_the_rules_own_adjustments_have_a_label() -> None:
    """The ENISA adjustments the rules make themselves are worded, never shown in English."""
    reasons = {a.reason for a in automatic_adjustments(resolved(vulnerable=True))}
    assert reasons <= AUTOMATIC_ADJUSTMENTS.keys()


def test_advice_matches_the_data_types() -> None:
    """Passwords, bank data and payslips, national number and health data get their own advice."""
    assert advice_codes([DataCode.CREDENTIALS])[0] == "credentials"
    assert "financial" in advice_codes([DataCode.FINANCIAL])
    assert "national_id_number" in advice_codes([DataCode.NATIONAL_ID_NUMBER])
    assert "health" in advice_codes([DataCode.EMPLOYMENT_HEALTH])
    assert advice_codes([DataCode.EDUCATION]) == ["contact"]  # phishing advice always
    assert set(advice_codes(list(DataCode))) == set(ADVICE_ORDER)


def test_unknown_marker_and_numbers_per_language() -> None:
    """The explicit marker the documents print for an unknown fact; numbers as each language
    writes them."""
    assert [t(lang, "unknown") for lang in LANGUAGES] == [
        "onbekend",
        "inconnu",
        "unbekannt",
        "unknown",
    ]
    assert [t(lang, "count.approximate", count=10000) for lang in LANGUAGES] == [
        "ongeveer 10.000",
        "environ 10\u00a0000",
        "etwa 10.000",
        "about 10,000",
    ]

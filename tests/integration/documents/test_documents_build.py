"""From facts, assessment and the register to documents; one client never sees another."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from breachflow.settings import sample_register_path
from documents.build import affected_clients, breach_view, processor_notice_view
from documents.i18n import LANGUAGES
from documents.renderer import PdfRenderer
from documents.viewmodels import FreeText
from rules.assessment import assess
from rules.codes import Language, Risk
from rules.facts import parse_facts
from rules.processing_register import load_processing_register

from .conftest import pdf_text

NOW = datetime(2026, 3, 27, 12, 0, tzinfo=UTC)
ACTIVITIES = [
    "payroll-bakkerij-peeters",
    "payroll-transports-dubois",
    "medical-control-transports-dubois",
]
FACTS = {
    "aware_at": "2026-03-27T10:00:00+01:00",
    "nature": ["confidentiality"],
    "incident_type": "ransomware",
    "malicious": True,
    "data": ["basic_identity", "national_id_number", "financial", "employment_health"],
    "subjects": {"count": 1200, "categories": ["employees"], "vulnerable": False},
    "confidentiality": "unknown_recipients",
}


@pytest.fixture(scope="module")
def base() -> object:
    register = load_processing_register(sample_register_path())
    facts = parse_facts(FACTS)
    return breach_view(
        facts,
        assess(facts, now=NOW),
        register,
        ACTIVITIES,
        reference="BF-2026-0007",
        description=FreeText(
            {Language.NL: "Ransomware op de payroll-server."}, original=Language.NL
        ),
    )


def test_breach_view_carries_the_assessment(base: object) -> None:
    """Outcome, ENISA parts, reasons and the 72-hour deadline reach the view."""
    assert base.risk.outcome is Risk.HIGH  # type: ignore[attr-defined]
    assert base.risk.severity.dpc >= 3  # type: ignore[attr-defined]
    assert base.risk.reasons  # type: ignore[attr-defined]
    assert base.timeline.deadline == datetime(2026, 3, 30, 9, 0, tzinfo=UTC)  # type: ignore[attr-defined]
    assert base.communication.status == "planned"  # type: ignore[attr-defined]


def test_affected_clients_are_the_processor_activities_clients() -> None:
    register = load_processing_register(sample_register_path())
    assert affected_clients(register, ACTIVITIES) == ["bakkerij-peeters", "transports-dubois"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_processor_notice_to_client_a_holds_nothing_of_client_b(
    base: object, language: Language
) -> None:
    """Bakkerij Peeters' notice names neither Transports Dubois nor its activities."""
    register = load_processing_register(sample_register_path())
    notice = processor_notice_view(
        base,
        register,
        "bakkerij-peeters",  # type: ignore[arg-type]
        subject_count=14,
        subject_count_exact=True,
    )
    text = pdf_text(PdfRenderer().render("processor_notice", notice, language).content)
    assert "Bakkerij Peeters" in text
    assert "0526.541.437" in text
    for other in (
        "Dubois",
        "0440.505.506",
        "Medical absence",
        "Medische afwezigheidscontroles",
        "Contrôles médicaux",
        "Ärztliche Abwesenheitskontrollen",
        "1200",
        "1.200",
        "1 200",
        "Müller",
        "BrightDesk",
        "rh@transports",
    ):
        assert other not in text, other
    other = processor_notice_view(base, register, "transports-dubois")  # type: ignore[arg-type]
    other_text = pdf_text(PdfRenderer().render("processor_notice", other, language).content)
    assert "Transports Dubois sa" in other_text
    # The client's activity under its name in the notice's language (the register's label).
    medical = register.activity("medical-control-transports-dubois").name_label.get(language)
    assert medical in " ".join(other_text.split())
    assert "Bakkerij" not in other_text

"""Likely consequences follow the data and what was lost (Art. 33(3)(c), 34(2))."""

from __future__ import annotations

from rules.codes import Availability, Confidentiality, DataCode, Nature
from rules.consequences import likely_consequences
from rules.worst_case import resolve

from .factories import NOW, data, harmless


def consequences(**changes: object) -> tuple[str, ...]:
    resolved, _ = resolve(harmless(**changes), now=NOW)
    return likely_consequences(resolved)


def test_nothing_lost_means_no_consequence() -> None:
    assert consequences() == ()


def test_payslips_with_national_numbers_disclosed() -> None:
    found = consequences(
        confidentiality=Confidentiality.KNOWN_RECIPIENTS,
        data=data(
            DataCode.BASIC_IDENTITY,
            DataCode.CONTACT,
            DataCode.NATIONAL_ID_NUMBER,
            DataCode.FINANCIAL,
        ),
    )
    assert found[:2] == ("identity_theft", "financial_loss")
    assert "phishing" in found
    assert found[-1] == "loss_of_confidentiality"


def test_special_categories_risk_discrimination() -> None:
    found = consequences(
        confidentiality=Confidentiality.UNKNOWN_RECIPIENTS, data=data(DataCode.HEALTH)
    )
    assert "discrimination" in found
    assert "identity_theft" not in found


def test_lost_availability_disrupts_service() -> None:
    found = consequences(
        nature=frozenset({Nature.AVAILABILITY}), availability=Availability.PERMANENT
    )
    assert found == ("service_disruption",)

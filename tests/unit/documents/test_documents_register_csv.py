"""The breach register as CSV: the same words as the PDF, and typed text that a spreadsheet
would run as a formula is quoted."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, datetime

from documents.breach_register import COLUMNS, breach_register_csv
from documents.samples import demo_breach_view
from documents.viewmodels import BreachRegisterView, Closing, FreeText, Timeline
from rules.codes import Language

NL = Language.NL


def rows(view: BreachRegisterView, language: Language) -> list[dict[str, str]]:
    content, _ = breach_register_csv(view, language)
    reader = csv.reader(io.StringIO(content.decode("utf-8").lstrip("\ufeff")))
    header, *body = list(reader)
    assert tuple(header) == COLUMNS
    return [dict(zip(COLUMNS, row, strict=True)) for row in body]


def test_typed_text_starting_like_a_formula_is_quoted() -> None:
    """The DPO's root cause or reasons for a delay may start with `=`: not a formula."""
    formula = FreeText({NL: '=HYPERLINK("http://evil")'}, original=NL)
    view = replace(
        demo_breach_view(),
        timeline=Timeline(late=True, delay_reasons=formula),
        closing=Closing(root_cause=formula, lessons_learned=formula),
    )
    (row,) = rows(BreachRegisterView("Group S", (view,), datetime(2026, 4, 1, tzinfo=UTC)), NL)
    assert row["delay_reasons"].startswith("'=HYPERLINK")
    assert row["root_cause"].startswith("'=HYPERLINK")


def test_values_are_in_the_chosen_language() -> None:
    """The outcome, the reasons with their localised sources, the activities by their label."""
    (row,) = rows(BreachRegisterView("Group S", (demo_breach_view(),)), Language.FR)
    assert row["risk"].startswith("risque élevé")
    assert "lignes directrices 01/2021 de l'EDPB, exemple 14" in row["reasons"]
    assert row["activities"].startswith("Calcul des salaires")
    assert "GDPR" not in "".join(row.values())

"""The DPO's measures input: the form fields Prefect renders and how an update combines."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from breachflow.decision_choices import MEASURES
from documents.messages import MESSAGES
from flows.forms import Part2Input, ReviewInput
from rules.measures import MEASURE_CODES, RecordedMeasures

REVIEW = {
    "decided_by": "Dana DPO",
    "aware_at": datetime(2026, 3, 27, 9, tzinfo=UTC),
    "outcome": "accept",
    "completeness": "complete",
}


@pytest.mark.parametrize("form", [ReviewInput, Part2Input])
@pytest.mark.parametrize("name", ["measures_taken", "measures_planned"])
def test_measures_fields_are_an_optional_multi_select_of_the_catalogue_codes(
    form: type[ReviewInput | Part2Input], name: str
) -> None:
    """Each field is an array of exactly the catalogue's measures in words, empty by default,
    with a title and a description: what the Prefect UI renders as a multi-select."""
    schema = form.model_json_schema()
    field = schema["properties"][name]
    assert field["type"] == "array"
    assert field["items"] == {"enum": [MEASURES[c] for c in MEASURE_CODES], "type": "string"}
    assert field["default"] == []
    assert field["title"].startswith("Measures")
    assert field["description"]
    assert name not in schema.get("required", [])


def test_review_form_accepts_catalogue_measures_and_refuses_others() -> None:
    """Left out, the lists are empty; a code reads as its words (a run suspended before the
    words resumes); a measure outside the catalogue fails validation."""
    assert ReviewInput(**REVIEW).measures_taken == []
    answer = ReviewInput(**REVIEW, measures_taken=["contained"], measures_planned=[MEASURES["mfa"]])
    assert (answer.measures_taken, answer.measures_planned) == (
        [MEASURES["contained"]],
        [MEASURES["mfa"]],
    )
    with pytest.raises(ValidationError, match="measures_planned"):
        ReviewInput(**REVIEW, measures_planned=["prayer"])


def test_an_update_replaces_entered_lists_keeps_empty_ones_and_moves_taken_out_of_planned() -> None:
    """Part 2 semantics: the lists entered replace, an empty list keeps, each code once."""
    current = RecordedMeasures(taken=("contained",), planned=("mfa", "staff_training"))
    assert current.updated((), ()) == current
    assert current.updated(["contained", "mfa", "mfa"], []) == RecordedMeasures(
        taken=("contained", "mfa"), planned=("staff_training",)
    )
    assert current.updated([], ["logging"]) == RecordedMeasures(
        taken=("contained",), planned=("logging",)
    )


def test_every_measure_code_has_its_phrase_in_the_catalogue() -> None:
    """The codes the forms offer are exactly those the documents can print."""
    assert [k.removeprefix("measure.") for k in MESSAGES if k.startswith("measure.")] == list(
        MEASURE_CODES
    )

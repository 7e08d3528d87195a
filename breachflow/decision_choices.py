"""The decision forms' choices as words a DPO reads, and the stable codes behind them: shared by
the Prefect forms (`flows.forms`) and those who answer them (`prefect_runs.answer`, the demo).

Prefect's UI shows a `Literal`/enum field as a dropdown whose labels are the values themselves
(Prefect 3.8.8's schema form: `options = enum.map(value => ({label: `${value}`, value}))`; it
reads no per-value title), so the values are the words, and this module maps them to the codes
the services record. The server validates a submitted form against the words; a run suspended
before the words (its saved schema lists codes) still resumes: the forms read a code as its
words (`as_words`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from documents.i18n import phrase
from rules.codes import Language
from rules.decisions import APPROVAL_ACTIONS, COMPLETENESS_CHOICES, REVIEW_OUTCOMES
from rules.measures import MEASURE_CODES

OUTCOMES: Mapping[str, str] = {
    "accept": "Accept the assessed outcome",
    "override_to_unlikely": "Override: unlikely to result in a risk (breach register only)",
    "override_to_risk": "Override: a risk (notify the GBA)",
    "override_to_high": "Override: a high risk (notify the GBA and tell the people concerned)",
}
COMPLETENESS: Mapping[str, str] = {
    "complete": "Complete notification: everything needed is known",
    "part1": "Part 1 now, Part 2 within 21 days (Art. 33(4))",
}
ACTIONS: Mapping[str, str] = {
    "approve": "Approve the drafts",
    "send_back": "Send the drafts back to drafting, with remarks",
}
# The measures as the documents print them in English, capitalised for a list.
MEASURES: Mapping[str, str] = {
    code: (lambda text: text[:1].upper() + text[1:])(phrase(Language.EN, "measure", code))
    for code in MEASURE_CODES
}
assert tuple(OUTCOMES) == REVIEW_OUTCOMES
assert tuple(COMPLETENESS) == COMPLETENESS_CHOICES
assert tuple(ACTIONS) == APPROVAL_ACTIONS

# Which form fields hold which choices.
FIELDS: Mapping[str, Mapping[str, str]] = {
    "outcome": OUTCOMES,
    "completeness": COMPLETENESS,
    "action": ACTIONS,
    "measures_taken": MEASURES,
    "measures_planned": MEASURES,
}


def code_of(choices: Mapping[str, str], value: str) -> str:
    """The code of a choice given as its words (or as the code itself)."""
    if value in choices:
        return value
    for code, words in choices.items():
        if words == value:
            return code
    raise ValueError(f"{value!r} is none of: {', '.join(choices.values())}")


def as_words(choices: Mapping[str, str]) -> Callable[[Any], Any]:
    """A before-validator: a code (one value or a list) becomes its words; anything else is
    left for the field's own validation to accept or refuse."""

    def convert(value: Any) -> Any:
        if isinstance(value, list):
            return [choices.get(v, v) if isinstance(v, str) else v for v in value]
        return choices.get(value, value) if isinstance(value, str) else value

    return convert


def worded(values: Mapping[str, Any]) -> dict[str, Any]:
    """Form values with every coded choice in its words: what the Resume form submits (the
    demo and the tests answer with codes)."""
    return {
        name: as_words(FIELDS[name])(value) if name in FIELDS else value
        for name, value in values.items()
    }

"""The fields of each decision form (web page and JSON API alike), read from what a person
entered into the decision the rules check (`rules.decisions`).

Times: a page's `datetime-local` value has no zone and is read as Brussels time (zoneinfo
handles summer time; a wall time the autumn change makes twice is taken the first time, one
the spring change skips is refused); the API also takes ISO 8601 with an offset. Every field's
problem is kept, so a form shows them all at once beside their fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from rules.deadlines import BRUSSELS
from rules.decisions import (
    APPROVAL_ACTIONS,
    COMPLETENESS_CHOICES,
    REVIEW_OUTCOMES,
    Problem,
)
from rules.lifecycle import Decision
from rules.measures import MEASURE_CODES

TEXT_MAX = 4000


@dataclass(frozen=True)
class FieldSpec:
    """One field: `widget` is choice, multi, activities (a multiple choice of the register's
    activities, known when shown), text, textarea, datetime, bool or round."""

    name: str
    widget: str
    choices: tuple[str, ...] = ()
    required: bool = False


_MEASURES = (
    FieldSpec("measures_taken", "multi", MEASURE_CODES),
    FieldSpec("measures_planned", "multi", MEASURE_CODES),
)

FORMS: dict[Decision, tuple[FieldSpec, ...]] = {
    Decision.REVIEW: (
        FieldSpec("aware_at", "datetime", required=True),
        FieldSpec("aware_gap_reason", "textarea"),
        FieldSpec("outcome", "choice", REVIEW_OUTCOMES, required=True),
        FieldSpec("override_reason", "textarea"),
        FieldSpec("completeness", "choice", COMPLETENESS_CHOICES, required=True),
        FieldSpec("activities", "activities"),
        *_MEASURES,
        FieldSpec("client_description", "textarea"),
        FieldSpec("late_reason", "textarea"),
        FieldSpec("confirm_before_gdpr", "bool"),
    ),
    Decision.APPROVAL: (
        FieldSpec("action", "choice", APPROVAL_ACTIONS, required=True),
        FieldSpec("remarks", "textarea"),
        FieldSpec("version", "round", required=True),
    ),
    Decision.FILING: (
        FieldSpec("filed_at", "datetime", required=True),
        FieldSpec("gba_reference", "text"),
        FieldSpec("processor_notices_sent", "bool"),
        FieldSpec("late_reason", "textarea"),
    ),
    Decision.PART2: (FieldSpec("late_reason", "textarea"), *_MEASURES),
    Decision.CLOSING: (
        FieldSpec("root_cause", "textarea", required=True),
        FieldSpec("lessons_learned", "textarea", required=True),
    ),
}


def brussels_input(instant: datetime) -> str:
    """An instant as a `datetime-local` value in Brussels time: minutes, or seconds when the
    instant has them (a recorded awareness time comes back unchanged, not rounded)."""
    local = instant.astimezone(BRUSSELS)
    return local.strftime("%Y-%m-%dT%H:%M:%S" if local.second else "%Y-%m-%dT%H:%M")


def read_instant(text: str) -> datetime | str:
    """An instant from `2026-03-27T10:00` (Brussels) or ISO 8601 with an offset; else why not."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        return "enter a date and time (for example 2026-03-27T10:00)"
    if value.tzinfo is None:
        local = value.replace(tzinfo=BRUSSELS)
        # A wall time the spring change skips does not survive the round trip through UTC.
        if local.astimezone(UTC).astimezone(BRUSSELS).replace(tzinfo=None) != value:
            return "this time does not exist in Brussels (the clocks moved forward)"
        return local.astimezone(UTC)
    return value.astimezone(UTC)


@dataclass
class Entered:
    """What was entered, each field read (`values`, typed) or refused (`problems`)."""

    values: dict[str, Any]
    problems: list[Problem]

    def problem_fields(self) -> set[str]:
        return {p.field for p in self.problems}


def _one(spec: FieldSpec, raw: Any) -> tuple[Any, str | None]:
    """A field's typed value, or the problem with it."""
    if spec.widget == "bool":
        if isinstance(raw, bool):
            return raw, None
        return str(raw or "").lower() in ("on", "true", "1", "yes"), None
    if spec.widget in ("multi", "activities"):
        items = raw if isinstance(raw, list | tuple) else ([] if raw in (None, "") else [raw])
        if not all(isinstance(i, str) for i in items):
            return (), "a list of codes"
        return tuple(items), None
    if raw is None:
        raw = ""
    if spec.widget == "round":
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw, None
        text = str(raw).strip()
        return (int(text), None) if text.isdigit() and len(text) < 6 else (None, "a round number")
    if not isinstance(raw, str):
        return None, "text"
    text = raw.strip()
    if spec.widget == "datetime":
        if not text:
            return None, "required"
        instant = read_instant(text)
        return (None, instant) if isinstance(instant, str) else (instant, None)
    if spec.widget == "choice":
        if text not in spec.choices:
            return None, f"one of {', '.join(spec.choices)}"
        return text, None
    if len(text) > TEXT_MAX:
        return None, f"at most {TEXT_MAX} characters"
    return text, None  # what a text must say is the rules' to check


def read_entered(kind: Decision, raw: Mapping[str, Any]) -> Entered:
    """Read every field of `kind`'s form from `raw` (a posted form or a JSON object)."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    known = {spec.name for spec in FORMS[kind]}
    for name in raw:
        if name not in known and name != "csrf_token":
            problems.append(Problem(str(name)[:60], "not a field of this decision"))
    for spec in FORMS[kind]:
        value, problem = _one(spec, raw.get(spec.name))
        values[spec.name] = value
        if problem is not None:
            problems.append(Problem(spec.name, problem))
    return Entered(values, problems)

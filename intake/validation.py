"""Checks shared by the form and the API; each problem names its field.

Besides the facts' own rules (`rules.facts.parse_facts`), the intake refuses what the store
cannot keep: NUL characters and lone surrogates (PostgreSQL and UTF-8 refuse them), instants
outside 1970..2100, non-finite numbers, and fact names that do not exist (a typo would
otherwise silently become `unknown`); and times no report can have (`rules.plausibility`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from rules.facts import BreachFacts, FactsError, facts_to_dict, parse_facts
from rules.plausibility import reported_time_problems

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)

FACT_NAMES = frozenset(facts_to_dict(BreachFacts())) | {"schema_version", "scopes"}
SUBJECT_NAMES = frozenset({"count", "categories", "vulnerable"})


@dataclass(frozen=True)
class FieldProblem:
    field: str
    code: str  # a key into the translations (`error.<code>`)
    message: str  # English, for the API


class InvalidInput(ValueError):
    """One or more fields are invalid; the API answers 422 listing them, the form shows each
    beside its field."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))


def text_problem(value: str) -> str | None:
    """Why a text cannot be stored, or None."""
    if "\x00" in value:
        return "must not contain NUL characters"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "contains an invalid character"
    return None


def clean_text(value: str) -> str:
    """A pydantic after-validator: the text, or ValueError saying why it cannot be stored."""
    problem = text_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def instant_problem(value: datetime) -> str | None:
    """Why an instant is unusable, or None (aware, between 1970 and 2100)."""
    if value.tzinfo is None or value.utcoffset() is None:
        return "needs a UTC offset"
    try:
        utc = value.astimezone(UTC)
    except (OverflowError, ValueError):
        return "is out of range"
    if not EARLIEST <= utc < LATEST:
        return "must lie between 1970 and 2100"
    return None


def check_instant(value: datetime) -> datetime:
    """A pydantic after-validator for instants."""
    problem = instant_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _walk(value: Any, path: str) -> FieldProblem | None:
    """The first value in a JSON tree the store cannot keep."""
    if isinstance(value, str):
        problem = text_problem(value)
        return FieldProblem(path, "invalid", problem) if problem else None
    if isinstance(value, float) and not math.isfinite(value):
        return FieldProblem(path, "invalid", "must be a finite number")
    if isinstance(value, Mapping):
        for key, item in value.items():
            found = _walk(str(key), path) or _walk(item, f"{path}.{key}")
            if found:
                return found
    if isinstance(value, list):
        for i, item in enumerate(value):
            found = _walk(item, f"{path}[{i}]")
            if found:
                return found
    return None


def check_facts(raw: Mapping[str, Any], *, prefix: str = "breach") -> BreachFacts:
    """The facts, parsed; InvalidInput naming `breach.<field>` otherwise."""
    found = _walk(raw, prefix)
    if found:
        raise InvalidInput([found])
    unknown = sorted(str(k) for k in raw if k not in FACT_NAMES)
    subjects = raw.get("subjects")
    if isinstance(subjects, Mapping):
        unknown += [f"subjects.{k}" for k in sorted(map(str, subjects)) if k not in SUBJECT_NAMES]
    if unknown:
        raise InvalidInput(
            [FieldProblem(f"{prefix}.{name}", "invalid", "is not a known fact") for name in unknown]
        )
    try:
        facts = parse_facts({"breach": dict(raw)})
    except FactsError as exc:
        raise InvalidInput([FieldProblem(f"{prefix}.{exc.field}", "invalid", exc.message)]) from exc
    except (OverflowError, ValueError, TypeError) as exc:
        # e.g. a number too large for a float: still the reporter's input, not our failure.
        raise InvalidInput([FieldProblem(prefix, "invalid", f"unusable value: {exc}")]) from exc
    if facts.aware_at is not None and (problem := instant_problem(facts.aware_at)):
        raise InvalidInput([FieldProblem(f"{prefix}.aware_at", "invalid", problem)])
    return facts


def check_times(
    *,
    now: datetime,
    detected_at: datetime | None = None,
    occurred_from: datetime | None = None,
    occurred_to: datetime | None = None,
    aware_at: datetime | None = None,
) -> list[FieldProblem]:
    """Plausibility and order of the reported times (`rules.plausibility`); awareness is a
    fact, so its problems name `breach.aware_at`."""
    return [
        FieldProblem(problem.field, problem.code, problem.message)
        for problem in reported_time_problems(
            received_at=now,
            detected_at=detected_at,
            aware_at=aware_at,
            occurred_from=occurred_from,
            occurred_to=occurred_to,
            names={"aware_at": "breach.aware_at"},
        )
    ]

"""Whether a report's times can be believed.

Awareness starts the 72 hours (Art. 33(1)), so a typed 2099 moves every deadline and plans
reminders for 2098, and a typed 1971 makes every deadline long past. Times are refused when
they lie after the moment the report was received (beyond a small clock skew), when the breach
began after it was detected, or, for detection and awareness, before the GDPR applied. An
occurrence before that date can be true (data exposed since 2016, found today): the intake keeps
it, and the DPO must confirm it at the review (`rules.decisions.problems_of_review`).

Pure: the moment received is a parameter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from rules.deadlines import BRUSSELS

# Art. 99(2) GDPR: the Regulation applies from 25 May 2018 (Brussels time).
GDPR_APPLIES = datetime(2018, 5, 25, tzinfo=BRUSSELS)
# A reporter's clock may run a little ahead of ours; more than this is a typing error.
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class TimeProblem:
    """One implausible time; `code` is stable (the form translates it), `message` English."""

    field: str
    code: str  # future | before_gdpr | after_detection | order
    message: str


def reported_time_problems(
    *,
    received_at: datetime,
    detected_at: datetime | None = None,
    aware_at: datetime | None = None,
    occurred_from: datetime | None = None,
    occurred_to: datetime | None = None,
    names: Mapping[str, str] | None = None,
) -> list[TimeProblem]:
    """Every implausible time of a report, each under its field name (`names` renames the
    fields: the API reports awareness as `breach.aware_at`)."""
    named = {
        "detected_at": "detected_at",
        "aware_at": "aware_at",
        "occurred_from": "occurred_from",
        "occurred_to": "occurred_to",
        **(names or {}),
    }
    given = {
        "detected_at": detected_at,
        "aware_at": aware_at,
        "occurred_from": occurred_from,
        "occurred_to": occurred_to,
    }
    problems: list[TimeProblem] = []
    latest = received_at + CLOCK_SKEW
    for name, value in given.items():
        if value is not None and value > latest:
            problems.append(TimeProblem(named[name], "future", "lies after the report was made"))
    for name in ("detected_at", "aware_at"):
        value = given[name]
        if value is not None and value < GDPR_APPLIES:
            problems.append(
                TimeProblem(
                    named[name],
                    "before_gdpr",
                    "lies before 25 May 2018, when the GDPR began to apply",
                )
            )
    if occurred_from is not None and detected_at is not None and occurred_from > detected_at:
        problems.append(
            TimeProblem(
                named["occurred_from"],
                "after_detection",
                f"lies after {named['detected_at']}: a breach begins before it is detected",
            )
        )
    if occurred_from is not None and occurred_to is not None and occurred_to < occurred_from:
        problems.append(
            TimeProblem(named["occurred_to"], "order", f"lies before {named['occurred_from']}")
        )
    return _first_per_field(problems)


def _first_per_field(problems: list[TimeProblem]) -> list[TimeProblem]:
    """One problem per field, the first found: a form shows one message beside each field."""
    seen: set[str] = set()
    kept: list[TimeProblem] = []
    for problem in problems:
        if problem.field not in seen:
            seen.add(problem.field)
            kept.append(problem)
    return kept


def times_before_gdpr(times: Mapping[str, datetime | None]) -> list[str]:
    """The names of the times that lie before 25 May 2018 (the DPO must confirm them)."""
    return [name for name, value in times.items() if value is not None and value < GDPR_APPLIES]

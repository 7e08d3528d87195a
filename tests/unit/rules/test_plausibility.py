"""Which report times are believable: not after the report (a small skew aside), a breach not
beginning after its detection, detection and awareness not before the GDPR applied."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from rules.plausibility import (
    CLOCK_SKEW,
    GDPR_APPLIES,
    reported_time_problems,
    times_before_gdpr,
)

RECEIVED = datetime(2026, 3, 28, 9, 0, tzinfo=UTC)


def codes(**times: datetime | None) -> dict[str, str]:
    found = reported_time_problems(received_at=RECEIVED, **times)
    return {problem.field: problem.code for problem in found}


def test_plausible_times_pass() -> None:
    assert (
        codes(
            occurred_from=RECEIVED - timedelta(days=2),
            occurred_to=RECEIVED - timedelta(days=1),
            detected_at=RECEIVED - timedelta(hours=3),
            aware_at=RECEIVED - timedelta(hours=1),
        )
        == {}
    )


def test_awareness_in_2099_or_1971_is_refused_by_name() -> None:
    """The issue's cases: a 2099 awareness would plan reminders for 2098."""
    assert codes(aware_at=datetime(2099, 1, 1, tzinfo=UTC)) == {"aware_at": "future"}
    assert codes(aware_at=datetime(1971, 1, 1, tzinfo=UTC)) == {"aware_at": "before_gdpr"}


def test_a_clock_skew_is_allowed_more_is_not() -> None:
    assert codes(detected_at=RECEIVED + CLOCK_SKEW) == {}
    assert codes(detected_at=RECEIVED + CLOCK_SKEW + timedelta(seconds=1)) == {
        "detected_at": "future"
    }


def test_occurrence_after_detection_and_end_before_start_are_named() -> None:
    assert codes(
        detected_at=RECEIVED - timedelta(days=1),
        occurred_from=RECEIVED - timedelta(hours=1),
        occurred_to=RECEIVED - timedelta(hours=2),
    ) == {"occurred_from": "after_detection", "occurred_to": "order"}


def test_an_occurrence_before_the_gdpr_is_kept_for_the_dpo_to_confirm() -> None:
    """Data exposed since 2016 and found today is a breach to report: the intake keeps the
    time; `times_before_gdpr` names it for the review."""
    early = datetime(2016, 5, 1, tzinfo=UTC)
    assert codes(occurred_from=early, detected_at=RECEIVED - timedelta(hours=1)) == {}
    assert times_before_gdpr({"occurred_from": early, "detected_at": RECEIVED}) == ["occurred_from"]


def test_the_gdpr_date_is_brussels_midnight() -> None:
    """25 May 2018 00:00 in Brussels is 24 May 22:00 UTC."""
    assert GDPR_APPLIES.astimezone(UTC) == datetime(2018, 5, 24, 22, 0, tzinfo=UTC)
    assert codes(detected_at=datetime(2018, 5, 24, 22, 0, tzinfo=UTC)) == {}


def test_names_rename_fields_and_one_problem_per_field() -> None:
    found = reported_time_problems(
        received_at=RECEIVED,
        aware_at=datetime(2099, 1, 1, tzinfo=UTC),
        names={"aware_at": "breach.aware_at"},
    )
    assert [(p.field, p.code) for p in found] == [("breach.aware_at", "future")]


@given(
    st.datetimes(
        min_value=datetime(1970, 1, 1),  # noqa: DTZ001 - hypothesis wants naive bounds
        max_value=datetime(2099, 12, 31),  # noqa: DTZ001
        timezones=st.just(UTC),
    )
)
def test_every_awareness_is_either_plausible_or_named(aware_at: datetime) -> None:
    """Property: a problem is found exactly when awareness lies outside the window."""
    plausible = GDPR_APPLIES <= aware_at <= RECEIVED + CLOCK_SKEW
    assert (codes(aware_at=aware_at) == {}) == plausible

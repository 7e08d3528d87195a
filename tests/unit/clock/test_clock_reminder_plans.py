"""The reminder plan: which instants, in which order, for which kind of obligation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rules.reminders import (
    PlannedReminder,
    ReminderKind,
    ReminderPolicy,
    next_in_series,
    plan_decision_nudge,
    plan_obligation_reminders,
    policy_from_hours,
)

pytestmark = pytest.mark.unit

AWARE = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)
DEFAULT = policy_from_hours([48, 24, 12, 4, 1, 0], 6)


def labels(plans: list[PlannedReminder]) -> list[str]:
    return [p.label for p in plans]


def test_default_offsets_before_a_72_hour_deadline() -> None:
    due = AWARE + timedelta(hours=72)
    plans = plan_obligation_reminders(
        kind="authority_notification", due_at=due, policy=DEFAULT, planned_from=AWARE
    )
    assert labels(plans) == ["48h", "24h", "12h", "4h", "1h", "due", "overdue-1"]
    assert [due - p.at for p in plans] == [timedelta(hours=h) for h in (48, 24, 12, 4, 1, 0, -6)]
    assert plans[-1].kind is ReminderKind.OVERDUE


def test_offsets_before_the_obligation_started_are_not_planned() -> None:
    # Reported 60 hours after awareness: only 12 h left; a "48 h before" warning is noise.
    start = AWARE + timedelta(hours=60)
    plans = plan_obligation_reminders(
        kind="authority_notification",
        due_at=AWARE + timedelta(hours=72),
        policy=DEFAULT,
        planned_from=start,
    )
    assert labels(plans) == ["4h", "1h", "due", "overdue-1"]


def test_a_processor_window_is_reminded_at_fractions_of_it() -> None:
    due = AWARE + timedelta(hours=24)
    plans = plan_obligation_reminders(
        kind="processor_notice", due_at=due, policy=DEFAULT, planned_from=AWARE
    )
    assert labels(plans) == ["50%", "90%", "due", "overdue-1"]
    assert plans[0].at == AWARE + timedelta(hours=12)
    assert plans[1].at == AWARE + timedelta(hours=21, minutes=36)
    assert plans[0].kind is ReminderKind.WINDOW


def test_a_window_kind_without_a_start_falls_back_to_offsets() -> None:
    plans = plan_obligation_reminders(
        kind="processor_notice", due_at=AWARE + timedelta(hours=24), policy=DEFAULT
    )
    assert labels(plans)[:3] == ["48h", "24h", "12h"]


def test_the_plan_is_deterministic_and_labels_are_unique() -> None:
    due = AWARE + timedelta(hours=72)
    first = plan_obligation_reminders(kind="x", due_at=due, policy=DEFAULT, planned_from=AWARE)
    again = plan_obligation_reminders(kind="x", due_at=due, policy=DEFAULT, planned_from=AWARE)
    assert first == again
    assert len(set(labels(first))) == len(first)


def test_deadline_arithmetic_is_in_real_hours_across_daylight_saving() -> None:
    # Brussels moves to summer time on 29 March 2026: still 72 real hours.
    due = datetime(2026, 3, 30, 10, 0, tzinfo=UTC)
    plans = plan_obligation_reminders(kind="x", due_at=due, policy=DEFAULT)
    assert plans[0].at == due - timedelta(hours=48)


def test_overdue_repeats_skip_the_ones_missed_during_downtime() -> None:
    every = timedelta(hours=6)
    assert next_in_series(ReminderKind.OVERDUE, anchor=AWARE, every=every).label == "overdue-1"
    later = next_in_series(
        ReminderKind.OVERDUE, anchor=AWARE, every=every, after=AWARE + timedelta(hours=13)
    )
    assert (later.label, later.at) == ("overdue-3", AWARE + timedelta(hours=18))
    exactly = next_in_series(
        ReminderKind.OVERDUE, anchor=AWARE, every=every, after=AWARE + timedelta(hours=12)
    )
    assert exactly.label == "overdue-3"


def test_decision_nudges_repeat_while_waiting() -> None:
    policy = ReminderPolicy(decision_every=timedelta(hours=4))
    first = plan_decision_nudge(waiting_since=AWARE, policy=policy)
    assert (first.kind, first.label, first.at) == (
        ReminderKind.DECISION,
        "nudge-1",
        AWARE + timedelta(hours=4),
    )
    assert plan_decision_nudge(waiting_since=AWARE, policy=policy, after=first.at).label == (
        "nudge-2"
    )


def test_short_clock_policies_work_in_seconds() -> None:
    policy = ReminderPolicy(offsets=(timedelta(seconds=3),), overdue_every=timedelta(seconds=2))
    due = AWARE + timedelta(seconds=5)
    plans = plan_obligation_reminders(kind="x", due_at=due, policy=policy, planned_from=AWARE)
    assert labels(plans) == ["3s", "due", "overdue-1"]


@pytest.mark.parametrize(
    "bad",
    [
        {"overdue_every": timedelta(0)},
        {"window_fractions": (1.0,)},
        {"offsets": (timedelta(hours=-1),)},
    ],
)
def test_bad_policies_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"must|not negative"):
        ReminderPolicy(**bad)  # type: ignore[arg-type]


def test_naive_instants_are_refused() -> None:
    naive = datetime(2026, 3, 27)  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValueError, match="timezone-aware"):
        plan_obligation_reminders(kind="x", due_at=naive, policy=DEFAULT)


@given(
    hours_before=st.integers(min_value=0, max_value=200),
    after_hours=st.integers(min_value=0, max_value=500),
)
def test_plans_are_ordered_and_series_land_after_the_cursor(
    hours_before: int, after_hours: int
) -> None:
    due = AWARE + timedelta(hours=72)
    plans = plan_obligation_reminders(
        kind="x", due_at=due, policy=DEFAULT, planned_from=due - timedelta(hours=hours_before)
    )
    assert [p.at for p in plans] == sorted(p.at for p in plans)
    assert all(p.kind in (ReminderKind.DUE, ReminderKind.OVERDUE) or p.at < due for p in plans)
    after = due + timedelta(hours=after_hours)
    nxt = next_in_series(ReminderKind.OVERDUE, anchor=due, every=DEFAULT.overdue_every, after=after)
    assert after < nxt.at <= after + DEFAULT.overdue_every

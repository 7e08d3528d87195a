"""Deadlines: 72 elapsed hours, calendar periods on Brussels dates, the portal's maintenance."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from rules import deadlines as clock


def t(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_72_hours_across_spring_change_is_72_elapsed_hours() -> None:
    """DOMAIN.md §2's own example: 27 March 10:00 CET gives 30 March 11:00 CEST."""
    due = clock.authority_deadline(t("2026-03-27T10:00:00+01:00"))
    assert due == t("2026-03-30T11:00:00+02:00")
    assert clock.to_brussels(due).strftime("%H:%M %Z") == "11:00 CEST"


def test_72_hours_across_autumn_change() -> None:
    due = clock.authority_deadline(t("2026-10-23T10:00:00+02:00"))
    assert due == t("2026-10-26T09:00:00+01:00")


def test_naive_times_are_refused() -> None:
    with pytest.raises(clock.NaiveTimeError):
        clock.authority_deadline(datetime(2026, 3, 27, 10))  # noqa: DTZ001 - the point of the test


def test_part2_is_21_calendar_days_at_the_same_brussels_time_across_dst() -> None:
    """Part 1 filed 20 March 2026 09:00 CET: Part 2 due 10 April 09:00 CEST (not 10:00)."""
    due = clock.part2_deadline(t("2026-03-20T09:00:00+01:00"))
    assert clock.to_brussels(due).isoformat() == "2026-04-10T09:00:00+02:00"


def test_nis2_clocks() -> None:
    aware = t("2026-01-31T10:00:00+01:00")
    nis2 = clock.nis2_deadlines(aware)
    assert nis2.early_warning == t("2026-02-01T10:00:00+01:00")
    assert nis2.incident_notification == t("2026-02-03T10:00:00+01:00")
    assert clock.to_brussels(nis2.final_report).isoformat() == "2026-03-03T10:00:00+01:00"


def test_nis2_final_report_from_actual_notification_end_of_month() -> None:
    nis2 = clock.nis2_deadlines(t("2026-01-28T10:00:00+01:00"), t("2026-01-31T18:00:00+01:00"))
    assert clock.to_brussels(nis2.final_report).isoformat() == "2026-02-28T18:00:00+01:00"


def test_calendar_period_landing_in_the_spring_gap_moves_an_hour_later() -> None:
    due = clock.after_calendar_days(t("2026-03-28T02:30:00+01:00"), 1)
    assert clock.to_brussels(due).isoformat() == "2026-03-29T03:30:00+02:00"


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        (0, "2026-03-27T10:00:00+01:00"),
        (24, "2026-03-28T10:00:00+01:00"),
        (48, "2026-03-29T11:00:00+02:00"),
        (None, "2026-03-28T10:00:00+01:00"),
    ],
)
def test_processor_notice_uses_the_contract_window(window: float | None, expected: str) -> None:
    due = clock.processor_notice_deadline(t("2026-03-27T10:00:00+01:00"), window)
    assert due == t(expected)


def test_lateness() -> None:
    due = t("2026-03-30T11:00:00+02:00")
    assert not clock.is_late(due, t("2026-03-30T11:00:00+02:00"))
    assert clock.is_late(due, t("2026-03-30T09:00:01Z"))


def test_second_wednesday() -> None:
    assert clock.second_wednesday(2026, 4).isoformat() == "2026-04-08"
    assert clock.second_wednesday(2026, 7).isoformat() == "2026-07-08"
    assert clock.second_wednesday(2026, 12).isoformat() == "2026-12-09"


@pytest.mark.parametrize(
    ("instant", "inside"),
    [
        ("2026-04-08T16:59:00+02:00", False),
        ("2026-04-08T17:00:00+02:00", True),
        ("2026-04-08T20:59:00+02:00", True),
        ("2026-04-08T21:00:00+02:00", False),
        ("2026-04-08T16:30:00Z", True),
        ("2026-04-01T18:00:00+02:00", False),
        ("2026-12-09T17:30:00+01:00", True),
    ],
)
def test_portal_maintenance_window(instant: str, inside: bool) -> None:
    assert clock.in_portal_maintenance(t(instant)) is inside
    assert bool(clock.maintenance_warnings(t(instant))) is inside


def test_hours_left_is_negative_when_overdue() -> None:
    now = datetime(2026, 3, 31, 9, tzinfo=UTC)
    assert clock.hours_left(t("2026-03-30T11:00:00+02:00"), now) == pytest.approx(-24)


def test_a_contract_window_of_zero_hours_is_at_once() -> None:
    """Art. 33(2) "without undue delay": 0 hours is due at awareness, not the 24-hour default."""
    aware = t("2026-03-27T10:00:00+01:00")
    assert clock.processor_notice_deadline(aware, 0) == aware
    assert clock.processor_notice_deadline(aware, 0.0) == aware


def test_the_maintenance_warning_is_a_code_with_the_window_and_the_gba_as_source() -> None:
    (warning,) = clock.maintenance_warnings(t("2026-04-08T18:00:00+02:00"))
    assert warning.code == "warning.gba_portal_maintenance"
    assert warning.parameters == {"start": "17:00", "end": "21:00"}
    assert warning.source == "GBA procedure"
    assert "file before 17:00" in warning.text

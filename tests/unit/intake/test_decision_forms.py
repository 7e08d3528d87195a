"""A decision form's fields as typed: Brussels wall time read across the clock changes, every
field's problem kept, unknown fields named."""

from __future__ import annotations

from datetime import UTC, datetime

from intake.decision_forms import brussels_input, read_entered, read_instant
from rules.lifecycle import Decision


def test_brussels_wall_time_in_winter_and_summer() -> None:
    assert read_instant("2026-03-27T10:00") == datetime(2026, 3, 27, 9, 0, tzinfo=UTC)
    assert read_instant("2026-07-01T10:00") == datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    assert read_instant("2026-07-01T10:00:00+00:00") == datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    assert brussels_input(datetime(2026, 3, 27, 9, 0, tzinfo=UTC)) == "2026-03-27T10:00"
    # Seconds are kept, so the recorded awareness time is not moved by a rounding.
    assert brussels_input(datetime(2026, 3, 27, 9, 0, 5, tzinfo=UTC)) == "2026-03-27T10:00:05"
    assert read_instant("2026-03-27T10:00:05") == datetime(2026, 3, 27, 9, 0, 5, tzinfo=UTC)


def test_a_time_the_spring_change_skips_is_refused_and_the_autumn_one_taken_first() -> None:
    assert "does not exist in Brussels" in str(read_instant("2026-03-29T02:30"))
    # 25 October 2026 02:30 happens twice: the first (summer time, UTC+2) is taken.
    assert read_instant("2026-10-25T02:30") == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert "enter a date and time" in str(read_instant("27/03/2026 10:00"))


def test_every_field_problem_is_kept() -> None:
    entered = read_entered(
        Decision.REVIEW,
        {"aware_at": "soon", "outcome": "maybe", "completeness": "", "colour": "red"},
    )
    assert {p.field for p in entered.problems} == {"aware_at", "outcome", "completeness", "colour"}

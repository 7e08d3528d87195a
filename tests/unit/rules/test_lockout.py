"""Lock-out after wrong passwords, and what a new password must be (breachflow's policy)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rules.lockout import (
    LOCK_FOR,
    MAX_FAILURES,
    LoginState,
    after_failure,
    is_locked,
    password_problem,
)

NOW = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


def test_the_fifth_failure_in_a_row_locks_for_fifteen_minutes() -> None:
    state = LoginState(0, None)
    for _ in range(MAX_FAILURES - 1):
        state = after_failure(state, NOW)
        assert not is_locked(state, NOW)
    state = after_failure(state, NOW)
    assert is_locked(state, NOW)
    assert is_locked(state, NOW + LOCK_FOR - timedelta(seconds=1))
    assert not is_locked(state, NOW + LOCK_FOR)
    assert timedelta(minutes=15) == LOCK_FOR


def test_a_password_has_twelve_characters_at_least() -> None:
    assert password_problem("x" * 11) == "too_short"
    assert password_problem("x" * 12) is None
    assert password_problem("x" * 1025) == "too_long"

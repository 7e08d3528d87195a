"""When a sign-in is refused for too many wrong passwords: breachflow's policy, 5 failures in a
row lock the account for 15 minutes (against guessing; the per-address limits of the web app
count wrong attempts across accounts). Pure: `now` is a parameter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
PASSWORD_MIN_LENGTH = 12


@dataclass(frozen=True)
class LoginState:
    """An account's count of failures in a row, and until when it is locked."""

    failed_logins: int
    locked_until: datetime | None


def is_locked(state: LoginState, now: datetime) -> bool:
    return state.locked_until is not None and now < state.locked_until


def after_failure(state: LoginState, now: datetime) -> LoginState:
    """One more failure; the fifth in a row locks the account (and the count starts again)."""
    failures = state.failed_logins + 1
    if failures >= MAX_FAILURES:
        return LoginState(0, now + LOCK_FOR)
    return LoginState(failures, state.locked_until)


PASSWORD_MAX_LENGTH = 1024


def password_problem(password: str) -> str | None:
    """Why a new password is refused, as a code (`too_short`, `too_long`), or None."""
    if len(password) < PASSWORD_MIN_LENGTH:
        return "too_short"
    if len(password) > PASSWORD_MAX_LENGTH:
        return "too_long"
    return None

"""The organisation's people: accounts, passwords (argon2), sign-in with lock-out, sessions and
personal API tokens. What the web app and `breachflow user` call; `models.users` stores."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine

from models.db import read_scope, session_scope
from models.users import (
    User,
    close_session,
    find_user,
    note_login,
    open_session,
    set_password,
    user_of_api_token,
    user_of_session,
    user_of_set_password,
)
from rules.actors import decider_actor
from rules.lockout import LoginState, after_failure, is_locked, password_problem

_HASHER = PasswordHasher()
# Verified when the address is unknown, so an unknown address costs as long as a wrong password.
_DUMMY_HASH = _HASHER.hash("breachflow: no such account")


@dataclass(frozen=True)
class Person:
    """A signed-in person, as the routes see them (no secrets)."""

    id: uuid.UUID
    email: str
    name: str
    role: str
    language: str

    @property
    def actor(self) -> str:
        """How the audit trail names this signed-in person (`rules.actors`)."""
        return decider_actor(self.name, self.email)

    @classmethod
    def of(cls, user: User) -> Person:
        return cls(user.id, user.email, user.name, user.role, user.language)


def _verify(stored: str | None, password: str) -> bool:
    try:
        return _HASHER.verify(stored or _DUMMY_HASH, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def sign_in(engine: Engine, email: str, password: str, now: datetime) -> str | None:
    """A session token for the right password of an enabled, unlocked account; None otherwise
    (one answer for every reason, so a caller learns nothing about which addresses exist)."""
    with session_scope(engine) as session:
        user = find_user(session=session, email=email)
        if user is None or not user.enabled:
            _verify(None, password)
            return None
        state = LoginState(user.failed_logins, user.locked_until)
        if is_locked(state, now):
            _verify(None, password)
            return None
        if not _verify(user.password_hash, password):
            failed = after_failure(state, now)
            note_login(
                session=session,
                user=user,
                failed_logins=failed.failed_logins,
                locked_until=failed.locked_until,
            )
            return None
        note_login(session=session, user=user, failed_logins=0, locked_until=None)
        return open_session(session=session, user=user, now=now)


def sign_out(engine: Engine, token: str) -> None:
    with session_scope(engine) as session:
        close_session(session=session, token=token)


def person_of_session(engine: Engine, token: str | None, now: datetime) -> Person | None:
    if not token or len(token) > 200:
        return None
    with read_scope(engine) as session:
        user = user_of_session(session=session, token=token, now=now)
        return Person.of(user) if user is not None else None


def person_of_api_token(engine: Engine, token: str | None) -> Person | None:
    if not token or len(token) > 200:
        return None
    with read_scope(engine) as session:
        user = user_of_api_token(session=session, token=token)
        return Person.of(user) if user is not None else None


def set_password_link_language(engine: Engine, token: str, now: datetime) -> str | None:
    """The language of the person a valid set-password link belongs to (None: not valid)."""
    if len(token) > 200:
        return None
    with read_scope(engine) as session:
        user = user_of_set_password(session=session, token=token, now=now)
        return user.language if user is not None else None


def choose_password(engine: Engine, token: str, password: str, now: datetime) -> str | None:
    """Set the password through a one-time link: None when done, else why not as a code
    (`too_short`, `too_long`, `link`: unknown, used or expired)."""
    problem = password_problem(password)
    if problem is not None:
        return problem
    with session_scope(engine) as session:
        user = user_of_set_password(session=session, token=token, now=now)
        if user is None:
            return "link"
        set_password(session=session, user=user, password_hash=_HASHER.hash(password), now=now)
    return None

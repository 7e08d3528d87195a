"""People who use breachflow: accounts with a role, their sessions, and the hashes of their
secrets (password, one-time set-password token, personal API token). Plain secrets are never
stored: tokens are random (SHA-256 suffices), passwords are argon2 hashes made by the caller.

Functions flush, never commit; every change to an account is audited without any secret.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Field, Session, SQLModel, col, select

from models.audit import record_change
from models.types import UTCDateTime

ROLES = ("dpo", "security", "legal", "viewer")
USER_LANGUAGES = ("nl", "fr", "de", "en")
TOKEN_BYTES = 32
SET_PASSWORD_VALID = timedelta(hours=72)
SESSION_VALID = timedelta(hours=12)


def token_digest(token: str) -> str:
    """The stored form of a random token (not of a password)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class User(SQLModel, table=True):
    """One person and the role that says what they may do. Disabling an account deletes its
    sessions and tokens, so it stops at once."""

    __tablename__ = "users"
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    email: str = Field(unique=True)
    name: str
    role: str
    language: str = "en"
    password_hash: str | None = None
    enabled: bool = True
    failed_logins: int = 0
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    set_password_sha256: str | None = Field(default=None, unique=True)
    set_password_expires_at: datetime | None = Field(
        default=None, sa_type=UTCDateTime, nullable=True
    )
    api_token_sha256: str | None = Field(default=None, unique=True)
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class UserSession(SQLModel, table=True):
    """A signed-in browser: the cookie holds a random token, the row its SHA-256."""

    __tablename__ = "user_session"
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    token_sha256: str = Field(unique=True)
    user_id: uuid.UUID = Field(foreign_key="users.id", index=True)
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class UserExists(ValueError):
    """An account with this e-mail address exists already."""


def _audited(session: Session, user: User, action: str, actor: str, now: datetime) -> None:
    record_change(
        session=session,
        actor=actor,
        entity_type="user",
        entity_id=user.id,
        action=action,
        before=None,
        after={
            "email": user.email,
            "name": user.name,
            "role": user.role,
            "language": user.language,
            "enabled": user.enabled,
        },
        at=now,
    )


def normal_email(email: str) -> str:
    """E-mail addresses are compared lower-cased and trimmed."""
    return email.strip().lower()


def find_user(*, session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == normal_email(email))).one_or_none()


def get_user(*, session: Session, user_id: uuid.UUID) -> User | None:
    return session.get(User, user_id)


def list_users(*, session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(col(User.email))))


def _set_password_link(user: User, now: datetime) -> str:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    user.set_password_sha256 = token_digest(token)
    user.set_password_expires_at = now + SET_PASSWORD_VALID
    return token


def add_user(
    *,
    session: Session,
    email: str,
    name: str,
    role: str,
    language: str,
    actor: str,
    now: datetime,
) -> tuple[User, str]:
    """A new account and its one-time set-password token (valid 72 hours)."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if language not in USER_LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(USER_LANGUAGES)}")
    if find_user(session=session, email=email) is not None:
        raise UserExists(normal_email(email))
    user = User(
        email=normal_email(email), name=name.strip(), role=role, language=language, created_at=now
    )
    token = _set_password_link(user, now)
    session.add(user)
    session.flush()
    _audited(session, user, "add", actor, now)
    return user, token


def disable_user(*, session: Session, email: str, actor: str, now: datetime) -> User | None:
    """Disable an account: its sessions, API token and set-password link stop at once."""
    user = find_user(session=session, email=email)
    if user is None:
        return None
    user.enabled = False
    user.api_token_sha256 = None
    user.set_password_sha256 = None
    session.add(user)
    session.execute(delete(UserSession).where(col(UserSession.user_id) == user.id))
    session.flush()
    _audited(session, user, "disable", actor, now)
    return user


def issue_api_token(*, session: Session, email: str, actor: str, now: datetime) -> str | None:
    """A new personal API token for an enabled account (the old one stops); None if none."""
    user = find_user(session=session, email=email)
    if user is None or not user.enabled:
        return None
    token = secrets.token_urlsafe(TOKEN_BYTES)
    user.api_token_sha256 = token_digest(token)
    session.add(user)
    session.flush()
    _audited(session, user, "api_token", actor, now)
    return token


def user_of_api_token(*, session: Session, token: str) -> User | None:
    """The enabled account holding this API token."""
    user = session.exec(
        select(User).where(User.api_token_sha256 == token_digest(token))
    ).one_or_none()
    return user if user is not None and user.enabled else None


def user_of_set_password(*, session: Session, token: str, now: datetime) -> User | None:
    """The enabled account of an unexpired, unused set-password token."""
    user = session.exec(
        select(User).where(User.set_password_sha256 == token_digest(token))
    ).one_or_none()
    if user is None or not user.enabled or user.set_password_expires_at is None:
        return None
    return user if now < user.set_password_expires_at else None


def set_password(*, session: Session, user: User, password_hash: str, now: datetime) -> None:
    """Keep the new password's hash; the one-time link is spent, the lock-out lifted."""
    user.password_hash = password_hash
    user.set_password_sha256 = None
    user.set_password_expires_at = None
    user.failed_logins = 0
    user.locked_until = None
    session.add(user)
    session.flush()
    _audited(session, user, "set_password", user.email, now)


def note_login(
    *, session: Session, user: User, failed_logins: int, locked_until: datetime | None
) -> None:
    """Keep the failure count and lock after a login attempt."""
    user.failed_logins = failed_logins
    user.locked_until = locked_until
    session.add(user)
    session.flush()


def open_session(*, session: Session, user: User, now: datetime) -> str:
    """A new browser session for the user: the token for the cookie."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(
        UserSession(
            token_sha256=token_digest(token),
            user_id=user.id,
            created_at=now,
            expires_at=now + SESSION_VALID,
        )
    )
    session.flush()
    return token


def user_of_session(*, session: Session, token: str, now: datetime) -> User | None:
    """The enabled account of an unexpired session token."""
    row = session.exec(
        select(UserSession).where(UserSession.token_sha256 == token_digest(token))
    ).one_or_none()
    if row is None or now >= row.expires_at:
        return None
    user = session.get(User, row.user_id)
    return user if user is not None and user.enabled else None


def close_session(*, session: Session, token: str) -> None:
    """Sign a browser out (nothing happens for an unknown token)."""
    session.execute(delete(UserSession).where(col(UserSession.token_sha256) == token_digest(token)))
    session.flush()

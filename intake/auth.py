"""Who is asking: a token from the `Authorization: Bearer` header (API) or the session cookie
(web pages), resolved against the hashed tokens on every request, so a revocation takes effect
at once.

The web session cookie holds the token itself (HttpOnly, SameSite=Lax): the server keeps no
session state, and the CSRF token is an HMAC of the session token, which a page of another
site can neither read nor compute.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from sqlalchemy import Engine

from breachflow.services.people import Person, person_of_api_token
from breachflow.services.reporting import Reporter
from intake.guards import FailureLimiter, RateLimiter
from models.access import TokenHolder, find_token_holder
from models.db import read_connection

SESSION_COOKIE = "bf_session"
LANGUAGE_COOKIE = "bf_lang"
_CSRF_CONTEXT = b"breachflow-csrf-v1"


@dataclass(frozen=True)
class Viewer(TokenHolder):
    """The holder of a valid token: the security team, one client of the register, or a person
    with an account (`person`: a personal API token of `breachflow user token`)."""

    token: str
    person: Person | None = None

    @property
    def is_security(self) -> bool:
        """Sees every breach: the security team's token, and people (every role sees all)."""
        return self.scope == "security" or self.person is not None

    @property
    def may_report(self) -> bool:
        """Files reports and adds facts: clients, the security team, and people who decide or
        report (dpo, security); legal and viewers read."""
        return self.person is None or self.person.role in ("dpo", "security")

    @property
    def actor(self) -> str:
        """Who the audit names: the person, or the token."""
        if self.person is not None:
            return self.person.actor
        return f"token:{self.token_id}"

    @property
    def csrf_token(self) -> str:
        return csrf_token_for(self.token)


def csrf_token_for(token: str) -> str:
    """The form token bound to this session (stateless: derived, never stored)."""
    return hmac.new(token.encode("utf-8"), _CSRF_CONTEXT, hashlib.sha256).hexdigest()


def csrf_ok(viewer: Viewer, submitted: str | None) -> bool:
    """True when the submitted form token belongs to this session."""
    # Bytes: `compare_digest` refuses str with non-ASCII characters (a TypeError, a 500).
    return submitted is not None and hmac.compare_digest(
        viewer.csrf_token.encode("ascii"), submitted.encode("utf-8", errors="replace")
    )


def resolve_viewer(engine: Engine, token: str | None, *, people: bool = False) -> Viewer | None:
    """The viewer for a token (a client's or the security team's; with `people`, the API's
    callers, also a person's API token), or None when it is missing, unknown or revoked. The
    token links and the pages' token sessions take no person's token: people sign in."""
    if not token or len(token) > 200:
        return None
    with read_connection(engine) as connection:
        holder = find_token_holder(connection=connection, token=token)
    if holder is not None:
        return Viewer(**vars(holder), token=token)
    person = person_of_api_token(engine, token) if people else None
    return None if person is None else person_viewer(person, token)


def person_viewer(person: Person, token: str) -> Viewer:
    """A person as the token pages see them (`token`: their API token or session token, which
    the pages' CSRF tokens are derived from)."""
    return Viewer(
        token_id=person.id,
        scope="person",
        client_id=None,
        client_code=None,
        client_name=None,
        client_language=person.language,
        token=token,
        person=person,
    )


@dataclass(frozen=True)
class Refused:
    """Why a request is not let in: 401 (no valid token) or 429 (wait `retry_after` s);
    `guessing` when the 429 is for the wrong tokens from the client's address."""

    status: int
    retry_after: int | None = None
    guessing: bool = False


def admit(
    engine: Engine,
    token: str | None,
    *,
    address: str,
    failures: FailureLimiter,
    limiter: RateLimiter | None = None,
    people: bool = False,
) -> Viewer | Refused:
    """The token's viewer, or why not: 401 for a missing, unknown or revoked token (a wrong
    one counts against the client's address); 429 while that address has presented too many
    wrong tokens lately (whatever it presents now), or, with `limiter`, while the token has
    made too many requests."""
    if token:
        wait = failures.retry_after(address)
        if wait is not None:
            return Refused(429, wait, guessing=True)
    viewer = resolve_viewer(engine, token, people=people)
    if viewer is None:
        if token:
            failures.failed(address)
        return Refused(401)
    wait = limiter.retry_after(viewer.token_id) if limiter is not None else None
    if wait is not None:
        return Refused(429, wait)
    return viewer


def reporter_of(viewer: Viewer) -> Reporter:
    """Who files a report: a token's holder, or a person by name (no token row to point at)."""
    if viewer.person is not None:
        return Reporter(actor=viewer.actor)
    return Reporter.holding(viewer)

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
import uuid
from dataclasses import dataclass

from sqlalchemy import Engine

from models.access import find_active_token, get_client
from models.db import read_scope

SESSION_COOKIE = "bf_session"
LANGUAGE_COOKIE = "bf_lang"
_CSRF_CONTEXT = b"breachflow-csrf-v1"


@dataclass(frozen=True)
class Viewer:
    """The holder of a valid token: the security team, or one client of the register."""

    token_id: uuid.UUID
    scope: str
    client_id: uuid.UUID | None
    client_code: str | None
    client_name: str | None
    client_language: str | None
    token: str

    @property
    def is_security(self) -> bool:
        return self.scope == "security"

    @property
    def csrf_token(self) -> str:
        return csrf_token_for(self.token)


def csrf_token_for(token: str) -> str:
    """The form token bound to this session (stateless: derived, never stored)."""
    return hmac.new(token.encode("utf-8"), _CSRF_CONTEXT, hashlib.sha256).hexdigest()


def csrf_ok(viewer: Viewer, submitted: str | None) -> bool:
    """True when the submitted form token belongs to this session."""
    return submitted is not None and hmac.compare_digest(viewer.csrf_token, submitted)


def resolve_viewer(engine: Engine, token: str | None) -> Viewer | None:
    """The viewer for a token, or None when it is missing, unknown or revoked."""
    if not token or len(token) > 200:
        return None
    with read_scope(engine) as session:
        row = find_active_token(session=session, token=token)
        if row is None:
            return None
        client = get_client(session=session, client_id=row.client_id) if row.client_id else None
    return Viewer(
        token_id=row.id,
        scope=row.scope,
        client_id=row.client_id,
        client_code=client.code if client else None,
        client_name=client.name if client else None,
        client_language=client.language if client else None,
        token=token,
    )

"""Persistence for the intake: access tokens (stored hashed), intake reports, attachments, and
the read queries behind what a token may see.

Functions flush, never commit; token changes are audited without the token itself.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, bindparam
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from models.audit import record_change
from models.breaches import NotFoundError
from models.tables import (
    TOKEN_SCOPES,
    AccessToken,
    AuditEvent,
    Breach,
    BreachAttachment,
    Client,
    IntakeReport,
    Obligation,
)

TOKEN_BYTES = 32  # 256 bits: guessing is hopeless, so no lock-out is needed


def hash_token(token: str) -> str:
    """The stored form of a token. A plain SHA-256 suffices: tokens are random, not passwords."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _audited(session: Session, token: AccessToken, action: str, actor: str, at: datetime) -> None:
    after = {
        "scope": token.scope,
        "client_id": token.client_id,
        "revoked_at": token.revoked_at,
    }
    record_change(
        session=session,
        actor=actor,
        entity_type="access_token",
        entity_id=token.id,
        action=action,
        before=None,
        after=after,
        at=at,
    )


def issue_token(
    *, session: Session, scope: str, client_id: uuid.UUID | None, actor: str, now: datetime
) -> tuple[str, AccessToken]:
    """A new token: (the token, shown once, and its row). Client tokens need a client."""
    if scope not in TOKEN_SCOPES:
        raise ValueError(f"scope must be one of {TOKEN_SCOPES}, not {scope!r}")
    if (scope == "client") != (client_id is not None):
        raise ValueError("a client token needs a client; a security token must not have one")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    row = AccessToken(
        token_sha256=hash_token(token), scope=scope, client_id=client_id, created_at=now
    )
    session.add(row)
    session.flush()
    _audited(session, row, "issue", actor, now)
    return token, row


def find_active_token(*, session: Session, token: str) -> AccessToken | None:
    """The unrevoked token row for this token, or None."""
    row = session.exec(
        select(AccessToken).where(AccessToken.token_sha256 == hash_token(token))
    ).one_or_none()
    if row is None or row.revoked_at is not None:
        return None
    return row


@dataclass(frozen=True)
class TokenHolder:
    """An active token and, for a client's token, the client: what every request checks."""

    token_id: uuid.UUID
    scope: str
    client_id: uuid.UUID | None
    client_code: str | None
    client_name: str | None
    client_language: str | None


def _holder_query() -> Select[Any]:
    tokens = AccessToken.__table__  # type: ignore[attr-defined]
    clients = Client.__table__  # type: ignore[attr-defined]
    return (
        sa_select(
            tokens.c.id,
            tokens.c.scope,
            tokens.c.client_id,
            clients.c.code,
            clients.c.name,
            clients.c.language,
        )
        .select_from(tokens.outerjoin(clients, tokens.c.client_id == clients.c.id))
        .where(tokens.c.token_sha256 == bindparam("digest"), tokens.c.revoked_at.is_(None))
    )


_HOLDER = _holder_query()  # built once: every API request and page asks it


def find_token_holder(*, connection: Connection, token: str) -> TokenHolder | None:
    """The holder of an unrevoked token, in one query (None when unknown or revoked)."""
    row = connection.execute(_HOLDER, {"digest": hash_token(token)}).first()
    return TokenHolder(*row) if row is not None else None


def revoke_token(*, session: Session, token: str, actor: str, now: datetime) -> AccessToken:
    """Revoke a token (idempotent: a second revocation keeps the first time); NotFoundError."""
    row = session.exec(
        select(AccessToken).where(AccessToken.token_sha256 == hash_token(token))
    ).one_or_none()
    if row is None:
        raise NotFoundError("no such token")
    if row.revoked_at is None:
        row.revoked_at = now
        session.add(row)
        session.flush()
        _audited(session, row, "revoke", actor, now)
    return row


def get_client(*, session: Session, client_id: uuid.UUID) -> Client | None:
    """The client row by id (the token's client)."""
    return session.get(Client, client_id)


def record_intake(
    *,
    session: Session,
    breach_id: uuid.UUID,
    token_id: uuid.UUID | None,
    language: str,
    answers: dict[str, Any],
    now: datetime,
) -> IntakeReport:
    """Keep how a breach came in (one row per breach)."""
    report = IntakeReport(
        breach_id=breach_id, token_id=token_id, language=language, answers=answers, created_at=now
    )
    session.add(report)
    session.flush()
    return report


def get_intake_report(*, session: Session, breach_id: uuid.UUID) -> IntakeReport | None:
    """How the breach came in, or None for breaches not filed through the intake."""
    return session.get(IntakeReport, breach_id)


def add_attachment(*, session: Session, attachment: BreachAttachment) -> BreachAttachment:
    """Record an attachment whose file is already stored."""
    session.add(attachment)
    session.flush()
    return attachment


def stored_attachment_names(*, session: Session, names: Iterable[str]) -> set[str]:
    """Those of `names` that an attachment row holds (its report was stored)."""
    wanted = list(names)
    if not wanted:
        return set()
    return set(
        session.exec(
            select(BreachAttachment.stored_name).where(
                col(BreachAttachment.stored_name).in_(wanted)
            )
        )
    )


def list_attachments(*, session: Session, breach_id: uuid.UUID) -> list[BreachAttachment]:
    """A breach's attachments, oldest first."""
    return list(
        session.exec(
            select(BreachAttachment)
            .where(BreachAttachment.breach_id == breach_id)
            .order_by(col(BreachAttachment.created_at), col(BreachAttachment.filename))
        )
    )


def breaches_of_client(
    *, session: Session, client: Client, activity_ids: Collection[str]
) -> list[tuple[Breach, bool]]:
    """Breaches a client may see, newest first, each with True when the client reported it.

    A client sees what it reported (`client_id`) and the breaches in which it is the controller
    of affected data: one of its activities is affected, or an obligation names it as party.
    """
    owed = select(Obligation.breach_id).where(Obligation.party == client.code)
    candidates = session.exec(
        select(Breach).order_by(col(Breach.created_at).desc(), col(Breach.reference).desc())
    )
    owed_ids = set(session.exec(owed))
    wanted = set(activity_ids)
    seen: list[tuple[Breach, bool]] = []
    for breach in candidates:
        reported = breach.client_id == client.id
        if reported or breach.id in owed_ids or wanted & set(breach.affected_activity_ids):
            seen.append((breach, reported))
    return seen


def audit_events_for(
    *, session: Session, entity_ids: Iterable[uuid.UUID | str]
) -> list[AuditEvent]:
    """Audit events of these entities (a breach and its obligations, documents...) in order."""
    ids = [str(entity_id) for entity_id in entity_ids]
    if not ids:
        return []
    return list(
        session.exec(
            select(AuditEvent)
            .where(col(AuditEvent.entity_id).in_(ids))
            .order_by(col(AuditEvent.seq))
        )
    )


def open_breaches(*, session: Session, closed_states: Collection[str]) -> list[Breach]:
    """Breaches not in one of `closed_states`."""
    return list(session.exec(select(Breach).where(col(Breach.state).not_in(list(closed_states)))))


def token_holders(
    *, session: Session, token_ids: Iterable[str]
) -> dict[str, tuple[str, str | None]]:
    """Each known token id's (scope, client name): how a page names a `token:<id>` actor.
    Ids that are no UUID or no token are left out."""
    ids: list[uuid.UUID] = []
    for token_id in set(token_ids):
        try:
            ids.append(uuid.UUID(token_id))
        except ValueError:
            continue
    if not ids:
        return {}
    rows = session.exec(
        select(AccessToken, Client)
        .join(Client, col(AccessToken.client_id) == col(Client.id), isouter=True)
        .where(col(AccessToken.id).in_(ids))
    )
    return {str(token.id): (token.scope, client.name if client else None) for token, client in rows}

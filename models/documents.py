"""Persistence of documents: versions, approval, filing (e.g. the GBA's DBN reference)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from models.audit import record_change, snapshot
from models.breaches import NotFoundError, lock_breach
from models.tables import COMPLETENESS, FILINGS, Document, DocumentCreate


def next_version(
    *, session: Session, breach_id: uuid.UUID, kind: str, party: str, language: str
) -> int:
    """The version the next (breach, kind, party, language) document gets (a document prints
    its version, so it is rendered knowing it)."""
    latest = session.exec(
        select(func.max(Document.version)).where(
            Document.breach_id == breach_id,
            Document.kind == kind,
            Document.party == party,
            Document.language == language,
        )
    ).one()
    return (latest or 0) + 1


def add_document(
    *, session: Session, document_in: DocumentCreate, actor: str, now: datetime
) -> Document:
    """Store the next version of a (breach, kind, party, language) document."""
    if document_in.filing not in FILINGS:
        raise ValueError(f"filing must be one of {FILINGS}, not {document_in.filing!r}")
    if document_in.completeness not in COMPLETENESS:
        raise ValueError(f"completeness must be one of {COMPLETENESS}")
    lock_breach(session=session, breach_id=document_in.breach_id)
    version = next_version(
        session=session,
        breach_id=document_in.breach_id,
        kind=document_in.kind,
        party=document_in.party,
        language=document_in.language,
    )
    document = Document.model_validate(
        {**document_in.model_dump(), "version": version, "created_at": now}
    )
    session.add(document)
    session.flush()
    record_change(
        session=session,
        actor=actor,
        entity_type="document",
        entity_id=document.id,
        action="create",
        before=None,
        after=document,
        at=now,
    )
    return document


def get_document(*, session: Session, document_id: uuid.UUID) -> Document:
    """The document with this id, or NotFoundError."""
    document = session.get(Document, document_id)
    if document is None:
        raise NotFoundError(f"no document {document_id}")
    return document


def _change(
    *,
    session: Session,
    document_id: uuid.UUID,
    action: str,
    actor: str,
    now: datetime,
    **changes: Any,
) -> Document:
    document = get_document(session=session, document_id=document_id)
    before = snapshot(document)
    for name, value in changes.items():
        setattr(document, name, value)
    session.add(document)
    session.flush()
    record_change(
        session=session,
        actor=actor,
        entity_type="document",
        entity_id=document.id,
        action=action,
        before=before,
        after=document,
        at=now,
    )
    return document


def approve_document(
    *,
    session: Session,
    document_id: uuid.UUID,
    approved_by: str,
    now: datetime,
    actor: str | None = None,
) -> Document:
    """Record who approved this version and when: `approved_by` the name alone (a document may
    print it), `actor` the audit's form of it (`rules.actors`; default the name)."""
    return _change(
        session=session,
        document_id=document_id,
        action="approve",
        actor=actor or approved_by,
        now=now,
        approved_by=approved_by,
        approved_at=now,
    )


def mark_document_filed(
    *,
    session: Session,
    document_id: uuid.UUID,
    filed_or_sent_at: datetime,
    external_reference: str | None,
    actor: str,
    now: datetime,
) -> Document:
    """Record that the document was filed or sent, with e.g. the GBA's `DBN...` case number."""
    return _change(
        session=session,
        document_id=document_id,
        action="filed",
        actor=actor,
        now=now,
        filed_or_sent_at=filed_or_sent_at,
        external_reference=external_reference,
    )


def list_documents(*, session: Session, breach_id: uuid.UUID) -> list[Document]:
    """A breach's documents, oldest first."""
    return list(
        session.exec(
            select(Document)
            .where(Document.breach_id == breach_id)
            .order_by(col(Document.created_at), col(Document.kind), col(Document.version))
        )
    )

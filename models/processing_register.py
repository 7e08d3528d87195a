"""Sync the register's legal entities and clients into the database, recording the file's hash."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from models.sql import insert_if_absent
from models.tables import Client, LegalEntity, RegisterVersion
from rules.processing_register import ProcessingRegister


def _upsert(
    *, session: Session, table: type[LegalEntity] | type[Client], code: str, values: dict[str, Any]
) -> None:
    row = session.exec(select(table).where(col(table.code) == code)).one_or_none()
    if row is None:
        session.add(table.model_validate({"code": code, **values}))
        return
    for name, value in values.items():
        setattr(row, name, value)
    session.add(row)


def sync_processing_register(
    *, session: Session, register: ProcessingRegister, source: str, now: datetime
) -> RegisterVersion:
    """Upsert entities and clients by register id; ones no longer listed become inactive.

    Idempotent: syncing the same file twice changes nothing but `synced_at`.
    """
    sha = register.sha256
    insert_if_absent(
        session=session,
        table=RegisterVersion,
        values={"id": uuid.uuid4(), "sha256": sha, "source": source, "loaded_at": now},
        conflict_columns=["sha256"],
    )
    stamp = {"register_sha256": sha, "synced_at": now, "active": True}
    for entity in register.entities.values():
        values = {
            "name": entity.name,
            "enterprise_number": entity.kbo,
            "address": entity.address,
            "language": str(entity.language),
            **stamp,
        }
        _upsert(session=session, table=LegalEntity, code=entity.id, values=values)
    for client in register.clients.values():
        values = {
            "name": client.name,
            "enterprise_number": client.kbo,
            "contact_email": client.email,
            "address": client.address,
            "language": str(client.language),
            "notice_window_hours": client.notice_window_hours,
            **stamp,
        }
        _upsert(session=session, table=Client, code=client.id, values=values)
    for table, listed in ((LegalEntity, register.entities), (Client, register.clients)):
        for row in session.exec(select(table).where(col(table.code).not_in(list(listed)))):
            row.active = False
            session.add(row)
    session.flush()
    return session.exec(select(RegisterVersion).where(RegisterVersion.sha256 == sha)).one()


def get_client_by_code(*, session: Session, code: str) -> Client | None:
    """The client with this register id, or None."""
    return session.exec(select(Client).where(Client.code == code)).one_or_none()


def list_clients(*, session: Session, active_only: bool = True) -> list[Client]:
    """Clients by name."""
    statement = select(Client).order_by(col(Client.name))
    if active_only:
        statement = statement.where(col(Client.active).is_(True))
    return list(session.exec(statement))


def list_legal_entities(*, session: Session) -> list[LegalEntity]:
    """Our legal entities by name."""
    return list(session.exec(select(LegalEntity).order_by(col(LegalEntity.name))))

"""Alembic migrations: an empty database reaches the full schema, matching the tables' code."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect
from sqlmodel import SQLModel, select

import models.tables  # noqa: F401  (registers every table)
from models.audit import GENESIS_HASH
from models.db import read_scope
from models.migrate import render_item, upgrade_to_head
from models.tables import AuditHead

pytestmark = pytest.mark.integration


def test_upgrade_creates_every_table_and_seeds_the_audit_head(db_url: str, engine: Engine) -> None:
    """After `upgrade_to_head` on an empty database every table exists and the chain can start."""
    tables = set(inspect(engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables
    assert "alembic_version" in tables
    with read_scope(engine) as session:
        head = session.exec(select(AuditHead)).one()
    assert (head.last_seq, head.last_hash) == (0, GENESIS_HASH)


def test_upgrade_is_idempotent(db_url: str, engine: Engine) -> None:
    """Running the migrations again on start changes nothing and does not fail."""
    upgrade_to_head(db_url)
    with read_scope(engine) as session:
        assert len(session.exec(select(AuditHead)).all()) == 1


def test_tables_in_code_match_the_migrations(engine: Engine) -> None:
    """Autogenerate finds no difference: nobody changed a table without a migration."""
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_item": render_item}
        )
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []

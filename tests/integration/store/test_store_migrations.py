"""Alembic migrations: an empty database reaches the full schema, matching the tables' code."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect
from sqlmodel import SQLModel, select

import models.tables  # registers every table on SQLModel.metadata
import models.users  # noqa: F401  (and the people's tables)
from models.audit import GENESIS_HASH
from models.db import make_engine, read_scope
from models.migrate import alembic_config, render_item, upgrade_to_head
from models.tables import AuditHead, Breach
from models.types import UTCDateTime

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


def test_breach_columns_migration_moves_the_private_facts_keys(db_url: str) -> None:
    """0004 moves `_measures` from the facts JSON to the measures columns and a reporting
    client's code to `client_id`, leaving only the breach facts in `facts`."""
    config = alembic_config(db_url)
    command.downgrade(config, "0003_intake")
    engine = make_engine(db_url)
    client_id, breach_id = uuid.uuid4(), uuid.uuid4()
    now = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)
    # The tables as they were at 0003 (the columns this test writes).
    client = sa.table(
        "client",
        *(sa.column(name, sa.Uuid()) for name in ("id",)),
        *(sa.column(name, sa.String()) for name in ("code", "name", "register_sha256")),
        sa.column("active", sa.Boolean()),
        sa.column("synced_at", UTCDateTime()),
    )
    breach = sa.table(
        "breach",
        sa.column("id", sa.Uuid()),
        *(
            sa.column(name, sa.String())
            for name in ("reference", "reporter", "channel", "aware_set_by", "description")
        ),
        *(sa.column(name, sa.JSON()) for name in ("facts", "affected_activity_ids")),
        sa.column("state", sa.String()),
        *(
            sa.column(name, UTCDateTime())
            for name in ("detected_at", "aware_at", "created_at", "updated_at")
        ),
    )
    facts = {
        "nature": ["confidentiality"],
        "_measures": {"taken": ["contained"], "planned": ["mfa"]},
        "_reported_by_client": "bakkerij-peeters",
    }
    with engine.begin() as connection:
        connection.execute(
            client.insert().values(
                id=client_id,
                code="bakkerij-peeters",
                name="Bakkerij Peeters",
                active=True,
                register_sha256="x",
                synced_at=now,
            )
        )
        connection.execute(
            breach.insert().values(
                id=breach_id,
                reference="BR-2026-0001",
                reporter="Ann",
                channel="form",
                detected_at=now,
                aware_at=now,
                aware_set_by="intake",
                description="",
                facts=facts,
                affected_activity_ids=[],
                state="received",
                created_at=now,
                updated_at=now,
            )
        )
    engine.dispose()
    upgrade_to_head(db_url)
    engine = make_engine(db_url)
    with read_scope(engine) as session:
        moved = session.get(Breach, breach_id)
        assert moved is not None
        assert moved.facts == {"nature": ["confidentiality"]}
        assert (moved.measures_taken, moved.measures_planned) == (["contained"], ["mfa"])
        assert moved.client_id == client_id
    engine.dispose()

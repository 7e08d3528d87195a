"""Alembic environment: run by `models.migrate.upgrade_to_head`, no alembic.ini needed.

The engine comes from `models.db.make_engine`, so migrations run with the same SQLite pragmas
(and `BEGIN IMMEDIATE`) as the application.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection
from sqlmodel import SQLModel

import models.tables  # registers every table on SQLModel.metadata
import models.users  # noqa: F401  (and the people's tables)
from models.db import make_engine
from models.migrate import render_item

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.attributes["url"])
    try:
        with engine.connect() as connection:
            _run(connection)
    finally:
        engine.dispose()


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things: later migrations need batch mode
        render_item=render_item,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline (SQL script) migrations are not supported")
run_migrations_online()

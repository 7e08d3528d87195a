"""Programmatic Alembic: migrate an installed package's database without an alembic.ini."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from alembic import command
from alembic.autogenerate.api import AutogenContext
from alembic.config import Config
from sqlalchemy import Engine
from sqlmodel.sql.sqltypes import AutoString

from models.db import make_engine
from models.types import UTCDateTime

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at the packaged migrations; the URL travels as an attribute
    (not an ini option) so passwords with `%` need no escaping."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["url"] = url
    return config


def upgrade_to_head(url: str) -> None:
    """Bring the database at `url` to the newest schema (creates it when empty). Idempotent."""
    command.upgrade(alembic_config(url), "head")


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Render our column types as plain SQLAlchemy ones in generated migrations, so a migration
    never imports application code that may change later."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and isinstance(obj, AutoString):
        return "sa.String()"
    return False


def open_database(url: str) -> Engine:
    """Migrate the database at `url` to head, then return an engine on it: what every
    entry point (service, CLI, worker) calls on start."""
    upgrade_to_head(url)
    return make_engine(url)

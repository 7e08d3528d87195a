"""Programmatic Alembic: migrate an installed package's database without an alembic.ini.

Every entry point opens the database here, so this is also where a damaged database is met: a
SQLite file that is not a database or whose pages are malformed raises `DatabaseUnusable`,
whose message says in one paragraph what is wrong, with which file, and how to restore it,
instead of a long traceback from deep inside Alembic.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any, Literal

from alembic import command
from alembic.autogenerate.api import AutogenContext
from alembic.config import Config
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError
from sqlmodel.sql.sqltypes import AutoString

from models.types import UTCDateTime

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at the packaged migrations; the URL travels as an attribute
    (not an ini option) so passwords with `%` need no escaping."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["url"] = url
    return config


# SQLite's result codes for a damaged file and for a file that is not a database; PostgreSQL's
# SQLSTATEs data_corrupted and index_corrupted.
_SQLITE_DAMAGED = {11, 26}
_POSTGRES_DAMAGED = {"XX001", "XX002"}


class DatabaseUnusable(RuntimeError):
    """The database is damaged; the message is one paragraph for whoever runs breachflow."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            where = f"The database file {Path(parsed.database or '').resolve()}"
            restore = (
                "Stop breachflow, move the damaged file aside (keep it for investigation), "
                "bring back the last good copy with `breachflow restore BACKUP_FILE` (copies "
                "are made with `breachflow backup --out FILE`), then start breachflow again "
                "and check the trail with `breachflow audit verify`."
            )
        else:
            where = f"The PostgreSQL database {parsed.render_as_string(hide_password=True)}"
            restore = (
                "Stop breachflow and restore the last `pg_dump` copy with `pg_restore "
                "--clean --dbname=...`; then start breachflow again and check the trail with "
                "`breachflow audit verify`."
            )
        super().__init__(
            f"{where} is damaged and cannot be used ({reason}). breachflow has not changed "
            f"it. {restore}"
        )


def is_damage(error: BaseException) -> bool:
    """True when a database error says the data itself is damaged (not locked, not gone)."""
    original = getattr(error, "orig", error)
    code = getattr(original, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in _SQLITE_DAMAGED:
        return True
    return getattr(original, "sqlstate", None) in _POSTGRES_DAMAGED


def check_sqlite_file(url: str) -> None:
    """Raise `DatabaseUnusable` when the SQLite file at `url` exists but is damaged.

    `PRAGMA quick_check` reads every page (about 0.1 s for 50 MB): a malformed page deep in a
    table would otherwise surface only when a request happens to read it."""
    parsed = make_url(url)
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return
    path = Path(database)
    if database.startswith("file:") or not path.is_file() or path.stat().st_size == 0:
        return
    try:
        with closing(sqlite3.connect(path)) as connection:
            rows = connection.execute("PRAGMA quick_check(5)").fetchall()
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        raise DatabaseUnusable(url, str(exc)) from exc
    found = [str(row[0]) for row in rows]
    if found != ["ok"]:
        raise DatabaseUnusable(url, "; ".join(found))


def upgrade_to_head(url: str) -> None:
    """Bring the database at `url` to the newest schema (creates it when empty). Idempotent.

    Raises `DatabaseUnusable` when the database is damaged."""
    check_sqlite_file(url)
    try:
        command.upgrade(alembic_config(url), "head")
    except DatabaseError as exc:
        if is_damage(exc):
            raise DatabaseUnusable(url, str(exc.orig)) from exc
        raise


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Render our column types as plain SQLAlchemy ones in generated migrations, so a migration
    never imports application code that may change later."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and isinstance(obj, AutoString):
        return "sa.String()"
    return False

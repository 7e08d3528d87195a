"""Engines and transactions for SQLite (default) and PostgreSQL (by URL).

SQLite: WAL (readers never wait for the writer), a busy timeout, foreign keys on, and every
transaction of `session_scope` opened with `BEGIN IMMEDIATE`: it takes the database's write lock
up front, so two writers queue on the busy timeout instead of failing half-way, and the audit
chain's head cannot fork. `read_scope` opens a deferred transaction for read-only work.
PostgreSQL: psycopg 3 (`postgresql+psycopg://`); the audit module locks the chain's head row.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlmodel import Session

SQLITE_BUSY_TIMEOUT_MS = 30_000
_BEGIN_OPTION = "breachflow_sqlite_begin"


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for `url`; SQLite files get their parent folder created and the pragmas set."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, echo=echo)
    if parsed.drivername == "postgresql":
        # Plain postgresql:// would pick psycopg2, which is not installed: psycopg 3 it is.
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return create_engine(url, echo=echo, pool_pre_ping=True)


def _sqlite_engine(url: str, *, echo: bool) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        echo=echo,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get(_BEGIN_OPTION, "IMMEDIATE")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def is_sqlite(engine: Engine) -> bool:
    """True for SQLite engines (the dialect decides how the chain head is locked)."""
    return engine.dialect.name == "sqlite"


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A short write transaction: commits on success, rolls back on any error.

    Persistence functions only flush; this is where the store commits, so one caller's changes,
    audit events and outbox rows land together or not at all.
    """
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def read_scope(engine: Engine) -> Iterator[Session]:
    """A read-only transaction on one consistent snapshot; never commits.

    SQLite: deferred, so it does not take the write lock (WAL gives it a snapshot). PostgreSQL:
    REPEATABLE READ, so several queries (the audit chain and its head) agree with each other
    while writers go on. Closing (not rolling back) ends it, so rows read stay loaded.
    """
    if is_sqlite(engine):
        bind = engine.execution_options(**{_BEGIN_OPTION: "DEFERRED"})
    else:
        bind = engine.execution_options(isolation_level="REPEATABLE READ")
    with Session(bind, expire_on_commit=False) as session:
        yield session

"""Engines and transactions for SQLite (default) and PostgreSQL (by URL).

SQLite: WAL (readers never wait for the writer), a busy timeout, foreign keys on, and every
transaction of `session_scope` opened with `BEGIN IMMEDIATE`: it takes the database's write lock
up front, so two writers queue instead of failing half-way, and the audit chain's head cannot
fork. Before that, `session_scope` takes the file's writer lock (`WriterLock`), so writers of
every process queue on an OS lock that hands over at once, not on SQLite's busy handler, which
sleeps in growing steps while the database idles. `read_scope` opens a deferred transaction
for read-only work.
PostgreSQL: psycopg 3 (`postgresql+psycopg://`); the audit module locks the chain's head row.

An engine carries the audit trail's HMAC key (`bind_audit_key`, or `make_engine(audit_key=)`),
so the store's append functions find it through their session without every caller passing
it; the key never goes into the database. A process that opens engines it cannot give the key
to (the supervisor) registers it for the URL first (`register_audit_key`).
"""

from __future__ import annotations

import errno
import fcntl
import os
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlmodel import Session

SQLITE_BUSY_TIMEOUT_MS = 30_000
# Connections kept open: the web app's worker threads each read (the token) on every request,
# and a connection opened past the pool is closed again on return, so a small pool means a new
# connection (and for SQLite its pragmas) on most requests under load.
POOL_SIZE = 20
POOL_OVERFLOW = 20
_BEGIN_OPTION = "breachflow_sqlite_begin"
_NO_TRANSACTION = "none"  # one statement alone is atomic: no BEGIN, nothing to roll back


_AUDIT_KEYS: weakref.WeakKeyDictionary[Engine, bytes] = weakref.WeakKeyDictionary()
_REGISTERED_KEYS: dict[str, bytes] = {}
_REGISTERED_GUARD = threading.Lock()


def register_audit_key(url: str, key: bytes) -> None:
    """Give every engine this process makes for `url` from now on the audit key `key`."""
    with _REGISTERED_GUARD:
        _REGISTERED_KEYS[url] = key


def bind_audit_key(engine: Engine, key: bytes) -> None:
    """The audit trail's HMAC key for everything written through `engine`."""
    _AUDIT_KEYS[engine] = key


def audit_key_of(bind: Engine | Connection) -> bytes | None:
    """The audit key of an engine (or of the engine behind a connection or a read variant)."""
    engine = bind.engine if isinstance(bind, Connection) else bind
    key = _AUDIT_KEYS.get(engine)
    if key is None and engine in _ROOTS:
        key = _AUDIT_KEYS.get(_ROOTS[engine])
    return key


def make_engine(url: str, *, echo: bool = False, audit_key: bytes | None = None) -> Engine:
    """An engine for `url`; SQLite files get their parent folder created and the pragmas set.
    `audit_key` (else the key registered for `url`, if any) is bound to it."""
    parsed = make_url(url)
    key = audit_key if audit_key is not None else _REGISTERED_KEYS.get(url)
    if parsed.get_backend_name() == "sqlite":
        engine = _sqlite_engine(url, echo=echo)
    else:
        if parsed.drivername == "postgresql":
            # Plain postgresql:// would pick psycopg2, which is not installed: psycopg 3 it is.
            url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
        engine = create_engine(
            url, echo=echo, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW
        )
    if key is not None:
        bind_audit_key(engine, key)
    return engine


def _sqlite_engine(url: str, *, echo: bool) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        echo=echo,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        **_pool_arguments(url),
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
        if mode != _NO_TRANSACTION:
            connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _pool_arguments(url: str) -> dict[str, int]:
    """A file database gets the bigger pool; `sqlite://` in memory keeps SQLAlchemy's default
    (one shared connection)."""
    database = make_url(url).database
    if not database or database == ":memory:":
        return {}
    return {"pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW}


# SQLite's result code for a full disk, and PostgreSQL's SQLSTATE `disk_full`.
_SQLITE_FULL = 13
_POSTGRES_DISK_FULL = "53100"


def is_storage_full(error: BaseException) -> bool:
    """True when `error`, or what caused it, says the disk (or the database's storage) is
    full: what the web app answers with 507 rather than a bare 500."""
    current: BaseException | None = error
    seen: set[int] = set()
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        code = getattr(current, "sqlite_errorcode", None)
        if isinstance(code, int) and code & 0xFF == _SQLITE_FULL:
            return True
        if getattr(current, "sqlstate", None) == _POSTGRES_DISK_FULL:
            return True
        wrapped = getattr(current, "orig", None)  # SQLAlchemy wraps the driver's error
        if isinstance(wrapped, BaseException):
            current = wrapped
        else:
            current = current.__cause__ or current.__context__
    return False


def is_sqlite(engine: Engine) -> bool:
    """True for SQLite engines (the dialect decides how the chain head is locked)."""
    return engine.dialect.name == "sqlite"


class WriterLock:
    """One SQLite file's writer lock: a thread lock in this process, then `flock` on a file
    beside the database across processes. Re-entrant in a thread (a nested write transaction
    then meets SQLite's own lock, as it would without this one)."""

    def __init__(self, lock_path: Path | None) -> None:
        self.lock_path = lock_path
        self._thread_lock = threading.RLock()
        self._held = threading.local()
        self._fd: int | None = None

    @contextmanager
    def hold(self) -> Iterator[None]:
        with self._thread_lock:
            depth = getattr(self._held, "depth", 0)
            self._held.depth = depth + 1
            try:
                if depth > 0 or self.lock_path is None:
                    yield
                    return
                fd = self._file()
                fcntl.flock(fd, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                self._held.depth = depth

    def _file(self) -> int:
        if self._fd is None:
            assert self.lock_path is not None
            self._fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        return self._fd


_WRITER_LOCKS: dict[str, WriterLock] = {}
_WRITER_LOCKS_GUARD = threading.Lock()


def writer_lock(engine: Engine) -> WriterLock | None:
    """The writer lock of a SQLite engine's file (one per file and process); None otherwise."""
    if not is_sqlite(engine):
        return None
    database = engine.url.database or ""
    in_memory = database in ("", ":memory:") or database.startswith("file:")
    key = f"memory:{id(engine)}" if in_memory else str(Path(database).resolve())
    with _WRITER_LOCKS_GUARD:
        lock = _WRITER_LOCKS.get(key)
        if lock is None:
            lock = WriterLock(None if in_memory else Path(f"{key}-writer.lock"))
            _WRITER_LOCKS[key] = lock
    return lock


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A short write transaction: commits on success, rolls back on any error.

    Persistence functions only flush; this is where the store commits, so one caller's changes,
    audit events and outbox rows land together or not at all.
    """
    lock = writer_lock(engine)
    with (
        lock.hold() if lock is not None else nullcontext(),
        Session(engine, expire_on_commit=False) as session,
    ):
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
    with Session(_reader(engine), expire_on_commit=False) as session:
        yield session


@contextmanager
def read_connection(engine: Engine) -> Iterator[Connection]:
    """A connection for one read-only statement, outside any transaction (a single statement
    is consistent on its own): the token looked up on every request costs one round trip."""
    with _variant(engine, "single").connect() as connection:
        yield connection


_VARIANTS: weakref.WeakKeyDictionary[Engine, dict[str, Engine]] = weakref.WeakKeyDictionary()
_ROOTS: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()


def _reader(engine: Engine) -> Engine:
    return _variant(engine, "snapshot")


def _variant(engine: Engine, kind: str) -> Engine:
    """The engine with read-only options: `snapshot` for several consistent reads, `single`
    for one statement. Made once per engine: cheap to use, not to make."""
    variants = _VARIANTS.setdefault(engine, {})
    variant = variants.get(kind)
    if variant is None:
        sqlite = is_sqlite(engine)
        options: dict[str, str] = {
            ("single", True): {_BEGIN_OPTION: _NO_TRANSACTION},
            ("single", False): {"isolation_level": "AUTOCOMMIT"},
            ("snapshot", True): {_BEGIN_OPTION: "DEFERRED"},
            ("snapshot", False): {"isolation_level": "REPEATABLE READ"},
        }[(kind, sqlite)]
        variant = variants[kind] = engine.execution_options(**options)
        _ROOTS[variant] = engine
    return variant

"""Opening the case database as every entry point must: migrated, and keyed for the audit trail.

The audit trail's hashes are HMACs whose key stays outside the database: `BREACHFLOW_AUDIT_KEY`
(at least 32 characters) or, by default, the key file `DATA_DIR/audit.key`, made with 32
random bytes and mode 0600 the first time breachflow opens the data folder. Every process that
writes to one database must use the same key: the service passes the key file's place to the
flow runs it starts (`supervisor.prefect_env`).

The first time a key is made for a database that already holds a chain written before keys,
that chain is adopted (`models.audit.adopt_unkeyed_chain`); either way the anchor file starts
with the head at that moment, so a chain cut short later can never pass for a fresh one.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from sqlalchemy import Engine, inspect

from breachflow.services.anchoring import anchor_file, write_anchor
from breachflow.settings import Settings
from models.audit import adopt_unkeyed_chain, current_head
from models.db import make_engine, read_scope, session_scope
from models.migrate import upgrade_to_head
from models.types import utcnow

log = logging.getLogger(__name__)

KEY_BYTES = 32
UPGRADE_ACTOR = "breachflow-upgrade"


class AuditKeyError(RuntimeError):
    """The key file exists but holds no key."""


def key_file(settings: Settings) -> Path:
    return Path(settings.audit_key_file or Path(settings.data_dir) / "audit.key")


def load_audit_key(settings: Settings) -> tuple[bytes, bool]:
    """(the key, whether it was made just now). Made atomically: two processes starting at
    once end up with the same key."""
    if settings.audit_key is not None:
        return settings.audit_key.get_secret_value().encode("utf-8"), False
    path = key_file(settings)
    created = False
    if not path.exists():
        created = _make_key_file(path)
    text = path.read_text(encoding="ascii", errors="replace").strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < KEY_BYTES:
        raise AuditKeyError(
            f"the audit key file {path} holds no key (64 hexadecimal characters expected): "
            "restore it from your backup of the data folder"
        )
    if path.stat().st_mode & 0o077:
        log.warning("the audit key file %s is readable by others: chmod 600 it", path)
    return key, created


def _make_key_file(path: Path) -> bool:
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_name(f".{path.name}.{os.getpid()}.new")
    descriptor = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secrets.token_bytes(KEY_BYTES).hex() + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    try:
        os.link(staged, path)  # fails if another process made it first: theirs is the key
        return True
    except FileExistsError:
        return False
    finally:
        staged.unlink(missing_ok=True)


def engine_for(settings: Settings) -> Engine:
    """An engine on the configured database with the audit key bound (not migrated: for the
    processes a running service starts, whose database is already at head)."""
    key, _created = load_audit_key(settings)
    return make_engine(settings.database_url, audit_key=key)


def open_store(settings: Settings) -> Engine:
    """Migrate the configured database to head and open it with its audit key: what the
    command line and `serve` call on start. Raises `models.migrate.DatabaseUnusable` for a
    damaged database."""
    Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
    upgrade_to_head(settings.database_url)
    key, created = load_audit_key(settings)
    engine = make_engine(settings.database_url, audit_key=key)
    _start_trail(engine, settings, created)
    return engine


def _start_trail(engine: Engine, settings: Settings, created: bool) -> None:
    """The first keyed start in a data folder (a new key, or no anchor file yet): adopt a
    chain written before keys, and start the anchor file with the head as it then stands.

    An anchor file missing beside an older key file stays missing: it was lost or removed,
    and `audit verify` must say so rather than a new file hiding a chain cut short."""
    if not inspect(engine).has_table("audit_event"):
        return
    path = anchor_file(settings)
    if not created and path.exists():
        return
    with session_scope(engine) as session:
        adopted = adopt_unkeyed_chain(session, actor=UPGRADE_ACTOR, now=utcnow())
    if adopted:
        log.warning("audit trail: the %d events written before keys are now keyed", adopted)
    if path.exists():
        return
    with read_scope(engine) as session:
        head = current_head(session)
    if head is None:
        return
    fresh = settings.audit_key is not None and head.seq == 0
    if created or adopted or fresh:
        write_anchor(settings, engine, head, reason="keyed", now=utcnow())

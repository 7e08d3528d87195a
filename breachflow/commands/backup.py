"""`breachflow backup --out FILE` and `breachflow restore FILE`: a consistent copy of the case
database, and bringing one back.

SQLite: the backup uses SQLite's online backup API, so it is consistent while the service
runs (WAL: the service's writers do not wait for it). A restore refuses while the service runs,
checks the copy (a SQLite database, undamaged, its audit trail intact and matching the anchors
it can know), keeps the current file aside, puts the copy in place, migrates it, and records
the restore in the anchor file: the anchors of events after the copy's head were lost with
them on purpose, and `audit verify` then checks against what remains.

PostgreSQL: the commands say how to do it with `pg_dump` / `pg_restore`, which do it better.

The audit key and the anchor file are not in the copy: keep them with the data folder's own
backup, apart from the database copy (a copy with its key could be rewritten unnoticed).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

import typer
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from breachflow.services.anchoring import anchor_file, read_anchors, write_anchor
from breachflow.settings import Settings, get_settings
from breachflow.store import load_audit_key, open_store
from models.audit import Anchor, current_head, verify_chain
from models.audit_walk import in_force
from models.breaches import format_reference, skip_references_through
from models.db import make_engine, read_scope, session_scope
from models.migrate import DatabaseUnusable, check_sqlite_file
from models.types import utcnow
from rules.deadlines import BRUSSELS


def _sqlite_path(settings: Settings, command: str) -> Path:
    """The database file, or advice for PostgreSQL (exit 1: nothing was done)."""
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(str(url.database))
    safe = url.set(drivername="postgresql").render_as_string(hide_password=True)
    if command == "backup":
        advice = (
            "the database is PostgreSQL: make a consistent copy while breachflow runs with\n"
            f"  pg_dump --format=custom --file=FILE '{safe}'\n"
            "(the password from ~/.pgpass or PGPASSWORD)."
        )
    else:
        advice = (
            "the database is PostgreSQL: stop breachflow, then bring a copy back with\n"
            f"  pg_restore --clean --if-exists --dbname='{safe}' FILE\n"
            "and check it with `breachflow audit verify`."
        )
    typer.echo(advice, err=True)
    raise typer.Exit(1)


def backup(out: Path) -> None:
    """Copy the database to `out` with SQLite's backup API (safe while the service runs)."""
    settings = get_settings()
    source = _sqlite_path(settings, "backup")
    if not source.is_file():
        typer.echo(f"error: no database at {source}", err=True)
        raise typer.Exit(2)
    if out.exists():
        typer.echo(f"error: --out: {out} exists; choose a new name", err=True)
        raise typer.Exit(2)
    check_sqlite_file(settings.database_url)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.partial")
    try:
        with (
            closing(sqlite3.connect(source)) as src,
            closing(sqlite3.connect(partial)) as dst,
        ):
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            seq = dst.execute("SELECT last_seq FROM audit_head").fetchone()
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    head = f"audit head #{seq[0]}" if seq else "no audit head"
    size = out.stat().st_size / 1024 / 1024
    typer.echo(
        f"backed up {source} to {out} ({size:.1f} MB, {head}). Keep the audit key "
        f"({settings.audit_key_file}) and the anchor file with the data folder's own backup, "
        "apart from this copy."
    )


def _service_running(settings: Settings) -> int | None:
    """The pid of a running `breachflow serve` on this data folder, if any."""
    path = Path(settings.run_dir or Path(settings.data_dir) / "run") / "service.json"
    try:
        pid = int(json.loads(path.read_text(encoding="utf-8"))["pid"])
        os.kill(pid, 0)
    except (FileNotFoundError, ValueError, KeyError, TypeError, json.JSONDecodeError):
        return None
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    return pid


def restore(file: Path) -> None:
    """Bring the copy `file` back as the database; the current file is kept aside."""
    settings = get_settings()
    target = _sqlite_path(settings, "restore")
    if not file.is_file():
        typer.echo(f"error: {file}: no such file", err=True)
        raise typer.Exit(2)
    running = _service_running(settings)
    if running is not None:
        typer.echo(f"error: breachflow is running (pid {running}): stop it first", err=True)
        raise typer.Exit(2)
    head_seq = _check_copy(settings, file)
    aside = _put_in_place(file, target)
    engine = open_store(settings)
    try:
        with read_scope(engine) as session:
            head = current_head(session)
        assert head is not None
        write_anchor(settings, engine, head, reason="restore", now=utcnow(), always=True)
        skipped = _skip_handed_out_references(settings, engine)
    finally:
        engine.dispose()
    kept = f"; the file it replaced is kept as {aside}" if aside else ""
    typer.echo(f"restored {file} as {target} (audit head #{head_seq}){kept}.")
    if skipped:
        typer.echo(
            f"references up to {', '.join(skipped)} were handed out after the copy was made "
            "(their documents and messages remain): new breaches are numbered after them."
        )


def _check_copy(settings: Settings, file: Path) -> int:
    """The copy's audit head; refuses (exit 1) a damaged copy or one whose trail is broken,
    and says which anchored events the restore gives up."""
    url = f"sqlite:///{file.resolve()}"
    try:
        check_sqlite_file(url)
    except DatabaseUnusable as exc:
        typer.echo(f"error: the copy {file} is damaged: {exc.reason}", err=True)
        raise typer.Exit(1) from None
    key, _created = load_audit_key(settings)
    engine = make_engine(url, audit_key=key)
    try:
        with read_scope(engine) as session:
            head = current_head(session)
            if head is None:
                typer.echo(f"error: {file} is not a breachflow database", err=True)
                raise typer.Exit(1)
            anchors = in_force(_anchors(settings, key))
            known = [a for a in anchors if a.seq <= head.seq]
            result = verify_chain(session, anchors=known)
    except typer.Exit:
        raise
    except Exception as exc:
        typer.echo(f"error: {file} is not a breachflow database ({exc})", err=True)
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    if not result.ok:
        typer.echo(f"error: the copy's audit trail is broken: {result.message}", err=True)
        raise typer.Exit(1)
    lost = [a for a in anchors if a.seq > head.seq]
    if lost:
        when = lost[-1].at.astimezone(BRUSSELS).strftime("%Y-%m-%d %H:%M Brussels")
        typer.echo(
            f"note: events #{head.seq + 1} to #{lost[-1].seq} (anchored up to {when}) are not "
            "in this copy: they are given up with the restore, and the anchor file records it."
        )
    return head.seq


REFERENCE = re.compile(r"BR-(\d{4})-(\d{4,})")


def _skip_handed_out_references(settings: Settings, engine: Engine) -> list[str]:
    """References the documents folder, the Slack file and the e-mail log know of but the
    restored database does not: a new breach must not take one (its Slack messages and
    e-mails would pass for already sent, its documents land in another breach's folder)."""
    seen: dict[int, int] = {}
    texts: list[str] = []
    documents = Path(settings.documents_dir or Path(settings.data_dir) / "documents")
    if documents.is_dir():
        texts += [p.name for p in documents.iterdir()]
    mail = Path(settings.data_dir) / "outbox-mail"
    if mail.is_dir():
        texts += [p.name for p in mail.iterdir()]
    if settings.slack_file is not None and Path(settings.slack_file).is_file():
        texts.append(Path(settings.slack_file).read_text(encoding="utf-8", errors="replace"))
    for match in REFERENCE.finditer("\n".join(texts)):
        year, number = int(match[1]), int(match[2])
        seen[year] = max(seen.get(year, 0), number)
    moved = []
    with session_scope(engine) as session:
        for year, number in sorted(seen.items()):
            if skip_references_through(session=session, year=year, number=number):
                moved.append(format_reference(year, number))
    return moved


def _anchors(settings: Settings, key: bytes) -> list[Anchor]:
    path = anchor_file(settings)
    return list(read_anchors(path, key).anchors) if path.is_file() else []


def _put_in_place(file: Path, target: Path) -> Path | None:
    """Copy `file` beside the database, synced, then rename it over; the current database
    (with its WAL files) is moved aside first, not deleted."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(f".{target.name}.restoring")
    shutil.copyfile(file, staged)
    with staged.open("rb+") as handle:
        os.fsync(handle.fileno())
    aside: Path | None = None
    if target.exists():
        stamp = datetime.now(BRUSSELS).strftime("%Y%m%dT%H%M%S")
        aside = target.with_name(f"{target.name}.before-restore-{stamp}")
        target.replace(aside)
    for suffix in ("-wal", "-shm"):
        side = target.with_name(target.name + suffix)
        if side.exists():
            side.replace(aside.with_name(aside.name + suffix) if aside else side)
    staged.replace(target)
    return aside

"""A damaged database said in one paragraph; `backup` and `restore` of the case database.

The backup is made while a writer keeps filing (as the running service would); the copy is
consistent and its trail verifies; restored, `audit verify` passes against the anchors, the
ones of the events given up included.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner, Result

from breachflow.alerts import alert_handlers
from breachflow.cli import app as cli
from breachflow.demo import report_of
from breachflow.dispatcher import Dispatcher
from breachflow.services import ReportFiler
from breachflow.services.anchoring import anchor_audit_head, anchor_file
from breachflow.settings import Settings, get_settings
from breachflow.store import engine_for, open_store
from models.audit import current_head, verify_chain
from models.breaches import list_breaches
from models.db import make_engine, read_scope
from models.outbox import FLOW_START
from models.tables import AuditEvent
from notifiers.factory import channel_notifier_from, mail_notifier_from
from tests.integration.flows.flow_support import TESTER, demo_report

BIN = Path(sys.executable).parent / "breachflow"


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    monkeypatch.setenv("BREACHFLOW_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("BREACHFLOW_DATABASE_URL", raising=False)
    monkeypatch.delenv("BREACHFLOW_AUDIT_KEY", raising=False)
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def file_reports(settings: Settings, count: int) -> None:
    engine = engine_for(settings)
    with ReportFiler(engine, settings) as filer:
        for _ in range(count):
            filer.file(report_of(demo_report()), reporter=TESTER, now=datetime.now(UTC))
    engine.dispose()


def database(settings: Settings) -> Path:
    return Path(settings.data_dir) / "breachflow.db"


def test_a_file_that_is_not_a_database_is_one_paragraph(settings: Settings) -> None:
    """The command line and `serve` say what is wrong, with which file, and how to restore:
    exit 3, no traceback."""
    path = database(settings)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"these are not the pages you are looking for" * 100)
    env = {**os.environ, "BREACHFLOW_DATA_DIR": str(settings.data_dir)}
    for args in (["token", "bakkerij-peeters"], ["audit", "verify"], ["serve", "--port", "0"]):
        done = subprocess.run(
            [str(BIN), *args], env=env, capture_output=True, text=True, timeout=60, check=False
        )
        assert done.returncode == 3, (args, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr
        message = done.stderr.strip()
        assert len(message.splitlines()) == 1, message
        assert f"{path.resolve()} is damaged and cannot be used (file is not a database)" in (
            message
        )
        assert "breachflow restore BACKUP_FILE" in message


def test_malformed_pages_are_found_before_anything_reads_them(settings: Settings) -> None:
    """A database whose table pages were overwritten: `PRAGMA quick_check` names it at start,
    rather than a request failing later on the page it happens to read."""
    open_store(settings).dispose()
    file_reports(settings, 30)
    path = database(settings)
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        (root,) = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'audit_event'"
        ).fetchone()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size + 8)
        handle.write(b"\xff" * 64)
    result = run("token", "bakkerij-peeters")
    assert result.exit_code == 3
    assert "is damaged and cannot be used" in result.output
    assert str(path.resolve()) in result.output


def test_a_backup_made_while_reports_arrive_restores_and_verifies(
    settings: Settings, tmp_path: Path
) -> None:
    """`backup` copies a consistent database while a writer files reports; more reports and
    an anchor come after it; `restore` checks the copy, keeps the current file aside, says
    which anchored events it gives up, and the restored trail verifies."""
    open_store(settings).dispose()
    file_reports(settings, 3)
    stop = threading.Event()

    def keep_filing() -> None:
        while not stop.is_set():
            file_reports(settings, 1)

    writer = threading.Thread(target=keep_filing)
    writer.start()
    copy = tmp_path / "backups" / "breachflow-copy.db"
    try:
        backed_up = run("backup", "--out", str(copy))
    finally:
        stop.set()
        writer.join(30)
    assert backed_up.exit_code == 0, backed_up.output
    assert f"to {copy}" in backed_up.output
    keyed = engine_for(settings)
    copied = make_engine(f"sqlite:///{copy}", audit_key=_key(settings))
    with read_scope(copied) as session:
        assert verify_chain(session).ok  # consistent: every row matches the trail
        copied_head = current_head(session)
    copied.dispose()
    assert copied_head is not None
    file_reports(settings, 2)
    anchor_audit_head(engine=keyed, settings=settings, now=datetime.now(UTC), reason="test")
    handlers = {
        FLOW_START: lambda _effect: {},
        **alert_handlers(keyed, channel_notifier_from(settings), mail_notifier_from(settings)),
    }
    Dispatcher(keyed, handlers).run_until_idle()  # the Slack file knows every reference
    with read_scope(keyed) as session:
        last = max(b.reference for b in list_breaches(session=session))
    keyed.dispose()
    restored = run("restore", str(copy))
    assert restored.exit_code == 0, restored.output
    assert f"events #{copied_head.seq + 1} to #" in restored.output
    assert "before-restore-" in restored.output
    assert list(database(settings).parent.glob("breachflow.db.before-restore-*"))
    assert "reason=restore" in anchor_file(settings).read_text()
    assert f"references up to {last} were handed out after the copy" in restored.output
    verified = run("audit", "verify")
    assert verified.exit_code == 0, verified.output
    assert f"audit chain intact: {copied_head.seq} events" in verified.output
    file_reports(settings, 1)  # a new breach does not take a reference handed out before
    engine = engine_for(settings)
    with read_scope(engine) as session:
        newest = max(b.reference for b in list_breaches(session=session))
    engine.dispose()
    assert int(newest.rsplit("-", 1)[1]) == int(last.rsplit("-", 1)[1]) + 1


def _key(settings: Settings) -> bytes:
    from breachflow.store import load_audit_key

    return load_audit_key(settings)[0]


def test_restore_refuses_a_copy_whose_trail_was_rewritten(
    settings: Settings, tmp_path: Path
) -> None:
    open_store(settings).dispose()
    file_reports(settings, 2)
    copy = tmp_path / "copy.db"
    assert run("backup", "--out", str(copy)).exit_code == 0
    with sqlite3.connect(copy) as connection:
        connection.execute("UPDATE audit_event SET actor = 'mallory' WHERE seq = 2")
    before = database(settings).read_bytes()
    refused = run("restore", str(copy))
    assert refused.exit_code == 1
    assert "the copy's audit trail is broken: event #2" in refused.output
    assert database(settings).read_bytes() == before  # untouched
    assert run("backup", "--out", str(copy)).exit_code == 2  # never overwrites a copy


def test_restore_refuses_while_the_service_runs(settings: Settings, tmp_path: Path) -> None:
    open_store(settings).dispose()
    copy = tmp_path / "copy.db"
    assert run("backup", "--out", str(copy)).exit_code == 0
    service = Path(settings.data_dir) / "run" / "service.json"
    service.parent.mkdir(parents=True)
    service.write_text(json.dumps({"pid": os.getpid()}))
    refused = run("restore", str(copy))
    assert refused.exit_code == 2
    assert f"breachflow is running (pid {os.getpid()}): stop it first" in refused.output


def test_postgresql_gets_pg_dump_advice(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BREACHFLOW_DATABASE_URL", "postgresql+psycopg://bf:secret@db/breaches")
    get_settings.cache_clear()
    advice = run("backup", "--out", str(tmp_path / "x.dump"))
    assert advice.exit_code == 1
    assert "pg_dump --format=custom --file=FILE 'postgresql://bf:***@db/breaches'" in (
        advice.output
    )
    assert "secret" not in advice.output
    assert "pg_restore --clean" in run("restore", str(tmp_path / "x.dump")).output


def test_events_are_not_in_the_copy_twice(settings: Settings, tmp_path: Path) -> None:
    """The copy is one self-contained file (no WAL beside it)."""
    open_store(settings).dispose()
    file_reports(settings, 1)
    copy = tmp_path / "copy.db"
    assert run("backup", "--out", str(copy)).exit_code == 0
    assert not Path(f"{copy}-wal").exists()
    engine = make_engine(f"sqlite:///{copy}", audit_key=_key(settings))
    with read_scope(engine) as session:
        seqs = [e.seq for e in session.exec(select(AuditEvent))]
    engine.dispose()
    assert seqs == sorted(set(seqs))

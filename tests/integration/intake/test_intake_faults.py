"""A full disk and a crash met calmly: 507 with a clear message and nothing left behind, and
attachments a crashed process left staged settled at the next start.

The full disk is a real one: a small tmpfs mounted for the test (root only; skipped, saying
why, where mounting is not possible), filled up with a file until the kernel says ENOSPC.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func
from sqlmodel import select

from breachflow.settings import Settings
from breachflow.store import open_store
from intake.app import create_app
from intake.guards import IntakeLimits
from models.access import issue_token, list_attachments
from models.breaches import list_breaches
from models.db import read_scope, session_scope
from models.processing_register import sync_processing_register
from models.tables import Breach, BreachAttachment
from rules.processing_register import ProcessingRegister
from tests.integration.intake.conftest import TokenFactory, api_report, bearer, make_settings
from tests.integration.intake.test_intake_web import form, sign_in

PDF = b"%PDF-1.4\n" + b"0" * (300 * 1024)
LIMITS = IntakeLimits(max_attachment_bytes=1024 * 1024, max_body_bytes=4 * 1024 * 1024)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 6 MB tmpfs, unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("a real full disk needs a small tmpfs mounted, which needs root")
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=6m,mode=0700", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(filler: Path) -> int:
    """Write until the kernel refuses; the errno it refused with."""
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            try:
                os.write(descriptor, b"\0" * 65536)
            except OSError as exc:
                return exc.errno or 0
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def filled(disk: Path) -> Iterator[None]:
    """The disk full to the last byte, until the block ends."""
    filler = disk / "filler"
    assert _fill(filler) == errno.ENOSPC
    try:
        yield
    finally:
        filler.unlink()


def _store(settings: Settings, register: ProcessingRegister) -> tuple[Engine, str]:
    engine = open_store(settings)
    now = datetime.now(UTC)
    with session_scope(engine) as session:
        sync_processing_register(session=session, register=register, source="sample", now=now)
        token, _ = issue_token(
            session=session, scope="security", client_id=None, actor="t", now=now
        )
    return engine, token


def _attachment_files(settings: Settings) -> list[str]:
    folder = Path(settings.data_dir) / "attachments"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _breaches(engine: Engine) -> int:
    with read_scope(engine) as session:
        return session.exec(select(func.count()).select_from(Breach)).one()


def test_a_full_disk_is_507_and_leaves_no_file_behind(
    small_disk: Path, register: ProcessingRegister
) -> None:
    """Database and attachments on the full disk: the form says so (507, the answers kept),
    the API says so (507), nothing is stored; once there is room the same report goes in."""
    settings = make_settings(small_disk / "data")
    engine, token = _store(settings, register)
    app = create_app(settings, engine, register=register, limits=LIMITS)
    with TestClient(app) as client, filled(small_disk):
        csrf = sign_in(client, token)
        page = client.post(
            "/report",
            data=form(csrf),
            files={"attachments": ("evidence.pdf", PDF, "application/pdf")},
        )
        assert page.status_code == 507
        assert "opslagruimte van onze server vol" in page.text or "storage space" in page.text
        assert 'value="Ann Peeters"' in page.text  # nothing the reporter typed is lost
        api = client.post("/api/breaches", json=api_report(), headers=bearer(token))
        assert api.status_code == 507
        assert "storage is full" in api.json()["detail"]
        assert _attachment_files(settings) == []
    assert _breaches(engine) == 0
    with TestClient(create_app(settings, engine, register=register, limits=LIMITS)) as client:
        csrf = sign_in(client, token)
        stored = client.post(
            "/report",
            data=form(csrf),
            files={"attachments": ("evidence.pdf", PDF, "application/pdf")},
            follow_redirects=False,
        )
        assert stored.status_code == 303
    with read_scope(engine) as session:
        (breach,) = list_breaches(session=session)
        (attachment,) = list_attachments(session=session, breach_id=breach.id)
    assert _attachment_files(settings) == [attachment.stored_name]
    engine.dispose()


def test_a_filing_that_fails_after_staging_removes_its_files(
    small_disk: Path, tmp_path: Path, register: ProcessingRegister
) -> None:
    """Attachments on a disk with room, the database on a full one: the file is staged, the
    filing fails, the staged file is removed (no orphan), and the answer is 507."""
    settings = make_settings(
        tmp_path / "data", database_url=f"sqlite:///{small_disk / 'breachflow.db'}"
    )
    engine, token = _store(settings, register)
    app = create_app(settings, engine, register=register, limits=LIMITS)
    with TestClient(app) as client, filled(small_disk):
        csrf = sign_in(client, token)
        page = client.post(
            "/report",
            data=form(csrf),
            files={"attachments": ("evidence.pdf", PDF, "application/pdf")},
        )
        assert page.status_code == 507
    assert (Path(settings.data_dir) / "attachments").is_dir()  # it was staged there
    assert _attachment_files(settings) == []
    assert _breaches(engine) == 0
    engine.dispose()


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_attachments_left_staged_by_a_crash_are_settled_at_start(
    settings: Settings, engine: Engine, register: ProcessingRegister, token_for: TokenFactory
) -> None:
    """A crash after the commit leaves a staged file whose report exists: moved in. A crash
    before it leaves one whose report never committed: removed. A file another live process
    is staging is left alone."""
    token = token_for("security")
    with TestClient(create_app(settings, engine, register=register)) as client:
        csrf = sign_in(client, token)
        client.post(
            "/report",
            data=form(csrf),
            files={"attachments": ("a.pdf", b"%PDF-1.4 a", "application/pdf")},
        )
    folder = Path(settings.data_dir) / "attachments"
    with read_scope(engine) as session:
        (breach,) = list_breaches(session=session)
        (committed,) = list_attachments(session=session, breach_id=breach.id)
    dead = _dead_pid()
    (folder / committed.stored_name).rename(folder / f"{committed.stored_name}.part-{dead}")
    orphan = uuid.uuid4().hex
    (folder / f"{orphan}.part-{dead}").write_bytes(b"never filed")
    writing = f"{uuid.uuid4().hex}.part-1"  # pid 1 is alive: still being written
    (folder / writing).write_bytes(b"in progress")
    create_app(settings, engine, register=register)  # a start-up
    assert _attachment_files(settings) == sorted([committed.stored_name, writing])
    with read_scope(engine) as session:
        names = {a.stored_name for a in session.exec(select(BreachAttachment))}
    assert names == {committed.stored_name}


def test_a_database_damaged_while_serving_is_503_saying_so(
    settings: Settings, engine: Engine, register: ProcessingRegister, token_for: TokenFactory
) -> None:
    """Pages overwritten under a running app: the API says the database is damaged (503),
    not a bare 500."""
    token = token_for("security")
    app = create_app(settings, engine, register=register)
    engine.dispose()  # no connection keeps pages cached from before the damage
    path = Path(settings.data_dir) / "breachflow.db"
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        (root,) = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'access_token'"
        ).fetchone()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * page_size)
    with TestClient(app) as client:
        response = client.get("/api/breaches", headers=bearer(token))
    assert response.status_code == 503
    assert "the database is damaged" in response.json()["detail"]

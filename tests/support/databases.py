"""A migrated SQLite database for a test as a copy of one migrated once per test process.

Migrating an empty database costs about 60 ms of CPU and some 300 tests need one; a copy costs
about 1 ms. The migrations themselves are tested on empty databases
(`tests/integration/store/test_store_migrations.py`)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from sqlalchemy.engine import make_url

from models.migrate import upgrade_to_head

_TEMPLATE: list[Path] = []


def _template() -> Path:
    if not _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="breachflow-template-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        path = folder / "breachflow.db"
        upgrade_to_head(f"sqlite:///{path}")
        _TEMPLATE.append(path)
    return _TEMPLATE[0]


def seed_migrated(database_url: str) -> None:
    """Put a database at head where `database_url` names a SQLite file not yet there (any other
    URL is left alone: it is migrated as usual)."""
    url = make_url(database_url)
    if not url.drivername.startswith("sqlite") or not url.database:
        return
    path = Path(url.database)
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_template(), path)

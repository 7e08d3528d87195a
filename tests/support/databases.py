"""A migrated database for a test: on SQLite, a copy of one migrated once per test process.

Migrating an empty database costs about 60 ms of CPU and some 300 tests need one; a copy costs
about 1 ms. The migrations themselves are tested on empty databases
(`tests/integration/store/test_store_migrations.py`)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from sqlalchemy.engine import make_url

from models.migrate import upgrade_to_head


@cache
def _template() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="breachflow-template-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "breachflow.db"
    upgrade_to_head(f"sqlite:///{path}")
    return path


def migrate_test_database(database_url: str) -> None:
    """Bring the database at `database_url` to head: a SQLite file not there yet is the
    template's copy; anything else is migrated as usual."""
    url = make_url(database_url)
    path = Path(url.database) if url.drivername.startswith("sqlite") and url.database else None
    if path is None or path.exists():
        upgrade_to_head(database_url)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_template(), path)

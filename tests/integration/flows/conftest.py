"""Fixtures for the lifecycle tests: a migrated SQLite file and settings under tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from breachflow.settings import Settings
from breachflow.store import open_store
from tests.support.databases import migrate_test_database


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", _env_file=None)  # type: ignore[call-arg]


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    migrate_test_database(settings.database_url)
    engine = open_store(settings)
    yield engine
    engine.dispose()

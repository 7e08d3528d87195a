"""Fixtures for the lifecycle tests: a migrated SQLite file and settings under tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from breachflow.settings import Settings
from breachflow.store import open_store


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", _env_file=None)  # type: ignore[call-arg]


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    engine = open_store(settings)
    yield engine
    engine.dispose()

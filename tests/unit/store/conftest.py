"""Unit tests of the store's pure parts; settings tests run in an empty folder and env."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from breachflow.settings import get_settings


@pytest.fixture
def clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No BREACHFLOW_* variables and no .env file in the working directory."""
    for name in list(os.environ):
        if name.startswith("BREACHFLOW_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()

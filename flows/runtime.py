"""What a flow run's process shares: the settings (read once) and one database engine."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from sqlalchemy import Engine

from breachflow.settings import Settings, get_settings
from breachflow.store import engine_for
from models.types import utcnow


def settings() -> Settings:
    return get_settings()


@lru_cache(maxsize=1)
def engine() -> Engine:
    """One engine per flow-run process (the served runner starts a process per run)."""
    return engine_for(get_settings())


def now() -> datetime:
    return utcnow()

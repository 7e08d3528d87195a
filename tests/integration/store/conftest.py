"""Fixtures for the store's integration tests: the same tests on SQLite and on PostgreSQL.

SQLite is a real file in tmp_path. PostgreSQL needs `BREACHFLOW_TEST_POSTGRES_URL` (see
`scripts/postgres.sh`); each test gets its own schema, dropped afterwards, so tests never see
each other's rows. Without a reachable server the PostgreSQL variants skip and say why, unless
`BREACHFLOW_REQUIRE_POSTGRES=1` (CI): then they fail, so CI cannot pass with them skipped.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from models.db import make_engine
from tests.support.audit_key import keyed
from tests.support.databases import migrate_test_database

POSTGRES_ENV = "BREACHFLOW_TEST_POSTGRES_URL"
REQUIRE_ENV = "BREACHFLOW_REQUIRE_POSTGRES"

_postgres_problem: dict[str, str | None] = {}


def postgres_skip_reason() -> str | None:
    """Why the PostgreSQL variants cannot run here, or None when they can (checked once)."""
    if "reason" in _postgres_problem:
        return _postgres_problem["reason"]
    url = os.environ.get(POSTGRES_ENV)
    reason: str | None = None
    if not url:
        reason = f'{POSTGRES_ENV} is not set (run `eval "$(scripts/postgres.sh)"`)'
    else:
        try:
            engine = create_engine(url, connect_args={"connect_timeout": 3})
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            engine.dispose()
        except Exception as error:
            safe = make_url(url).render_as_string(hide_password=True)
            reason = f"PostgreSQL at {safe} is unreachable: {type(error).__name__}"
    _postgres_problem["reason"] = reason
    return reason


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database URL (its audit key registered): a SQLite file, or a fresh
    PostgreSQL schema."""
    if request.param == "sqlite":
        url = keyed(f"sqlite:///{tmp_path / 'breachflow.db'}")
        migrate_test_database(url)
        yield url
        return
    reason = postgres_skip_reason()
    if reason and os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{REQUIRE_ENV}=1 but {reason}")
    if reason:
        pytest.skip(reason)
    base = os.environ[POSTGRES_ENV]
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = keyed(
        make_url(base)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )
    try:
        migrate_test_database(url)
        yield url
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An application engine on the migrated database."""
    engine = make_engine(db_url)
    yield engine
    engine.dispose()

"""Fixtures for the intake: a migrated SQLite file, the sample register synced, tokens, and the
app driven in-process through Starlette's TestClient (real routing, middleware and database)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from breachflow.dispatcher import Dispatcher
from breachflow.settings import Settings, sample_register_path
from breachflow.store import open_store
from intake.app import create_app
from intake.guards import IntakeLimits
from models.access import issue_token
from models.db import session_scope
from models.processing_register import get_client_by_code, sync_processing_register
from models.tables import Breach
from rules.processing_register import ProcessingRegister, load_processing_register
from tests.integration.flows.flow_support import file_report, rig
from tests.support.databases import migrate_test_database

TokenFactory = Callable[[str], str]


def make_settings(data_dir: Path, **overrides: Any) -> Settings:
    """Settings for a test, ignoring the environment's and any .env file's values."""
    values: dict[str, Any] = {
        "data_dir": data_dir,
        "processing_register": sample_register_path(),
        "public_url": "http://testserver",
        "intake_rate_per_minute": 10_000,
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
def register() -> ProcessingRegister:
    return load_processing_register(sample_register_path())


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "data")


@pytest.fixture
def engine(settings: Settings, register: ProcessingRegister) -> Iterator[Engine]:
    migrate_test_database(settings.database_url)
    engine = open_store(settings)
    with session_scope(engine) as session:
        sync_processing_register(
            session=session, register=register, source="sample", now=datetime.now(UTC)
        )
    yield engine
    engine.dispose()


@pytest.fixture
def token_for(engine: Engine) -> TokenFactory:
    """Issues a token for a client code of the register, or for `security`."""

    def issue(target: str) -> str:
        with session_scope(engine) as session:
            if target == "security":
                token, _ = issue_token(
                    session=session,
                    scope="security",
                    client_id=None,
                    actor="test",
                    now=datetime.now(UTC),
                )
                return token
            client = get_client_by_code(session=session, code=target)
            assert client is not None, target
            token, _ = issue_token(
                session=session,
                scope="client",
                client_id=client.id,
                actor="test",
                now=datetime.now(UTC),
            )
            return token

    return issue


@pytest.fixture
def limits() -> IntakeLimits:
    return IntakeLimits(
        max_attachment_bytes=64 * 1024, max_attachments=2, max_body_bytes=256 * 1024
    )


@pytest.fixture
def client(
    settings: Settings, engine: Engine, register: ProcessingRegister, limits: IntakeLimits
) -> Iterator[TestClient]:
    app = create_app(settings, engine, register=register, limits=limits)
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client


@pytest.fixture
def waiting_review(engine: Engine, settings: Settings) -> tuple[Breach, Dispatcher]:
    """The demo breach filed and assessed, its review waiting; the in-process steps' rig."""
    dispatcher, _ = rig(engine, settings)
    breach = file_report(engine, settings)
    dispatcher.run_until_idle()
    return breach, dispatcher


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def api_report(**overrides: Any) -> dict[str, Any]:
    """A valid API report body."""
    body: dict[str, Any] = {
        "reporter": {"name": "Ann Peeters", "email": "ann@bakkerij-peeters.be"},
        "description": "Payslips of March sent to the wrong employee <b>by mistake</b>",
        "detected_at": "2026-03-27T09:30:00+01:00",
        "breach": {"data": ["financial", "basic_identity"], "subjects": {"count": 12}},
    }
    body.update(overrides)
    return body


@pytest.fixture
def settings_rate_limited_client(
    tmp_path: Path, engine: Engine, register: ProcessingRegister, settings: Settings
) -> Iterator[TestClient]:
    """The app with a limit of 3 requests per minute per token."""
    limited = settings.model_copy(update={"intake_rate_per_minute": 3})
    with TestClient(create_app(limited, engine, register=register)) as test_client:
        yield test_client

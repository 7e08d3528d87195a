"""The intake served for real: uvicorn on 127.0.0.1 (a free port) in a thread, over a SQLite file
in a temporary folder, with the sample register. No Prefect: flow starts stay in the outbox,
which is what the tests check. Debian's chromium drives the pages (TECH-NOTES.md)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
import uvicorn
from sqlalchemy import Engine

from breachflow.settings import Settings, sample_register_path
from breachflow.store import open_store
from intake.app import create_app
from models.access import issue_token
from models.db import session_scope
from models.processing_register import get_client_by_code, sync_processing_register
from rules.processing_register import load_processing_register

ROOT = Path(__file__).resolve().parents[3]
ARTIFACTS = ROOT / "test-artifacts" / "intake"


@dataclass
class LiveService:
    url: str
    settings: Settings
    engine: Engine
    issue: Callable[[str], str]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _issue(engine: Engine) -> Callable[[str], str]:
    def issue(target: str) -> str:
        now = datetime.now(UTC)
        with session_scope(engine) as session:
            if target == "security":
                token, _ = issue_token(
                    session=session, scope="security", client_id=None, actor="test", now=now
                )
                return token
            client = get_client_by_code(session=session, code=target)
            assert client is not None, target
            token, _ = issue_token(
                session=session, scope="client", client_id=client.id, actor="test", now=now
            )
            return token

    return issue


@pytest.fixture(scope="module")
def live_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    """The web app on a real socket for the tests of one module."""
    data_dir = tmp_path_factory.mktemp("intake-e2e")
    port = _free_port()
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        data_dir=data_dir,
        processing_register=sample_register_path(),
        public_url=f"http://127.0.0.1:{port}",
        intake_rate_per_minute=100_000,
        intake_failed_auth_per_minute=100_000,  # fuzzing guesses tokens by the thousand
    )
    engine = open_store(settings)
    register = load_processing_register(sample_register_path())
    with session_scope(engine) as session:
        sync_processing_register(
            session=session, register=register, source="sample", now=datetime.now(UTC)
        )
    app = create_app(settings, engine, register=register)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, name="intake-e2e", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.02)
    yield LiveService(settings.public_url, settings, engine, _issue(engine))
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()

"""Fixtures for the clock's integration tests: a migrated SQLite file, settings, breaches."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from breachflow.settings import Settings
from models.breaches import create_breach, set_breach_state
from models.db import make_engine, session_scope
from models.obligations import ensure_obligation
from models.tables import BreachCreate, ObligationCreate
from tests.support.audit_key import keyed
from tests.support.databases import migrate_test_database

NOW = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)
FACTS = {
    "nature": ["confidentiality"],
    "incident_type": "email_misdirected",
    "subjects": {"count": 40, "categories": ["employees"]},
}
REPORTER = "Ann Peeters"
REPORTER_EMAIL = "ann@bakkerij-peeters.be"
DESCRIPTION = "Payslips e-mailed to the wrong address <!channel>"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    url = keyed(f"sqlite:///{tmp_path / 'breachflow.db'}")
    migrate_test_database(url)
    return url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def settings(tmp_path: Path, db_url: str) -> Settings:
    return Settings(
        data_dir=tmp_path,
        database_url=db_url,
        slack_token=None,
        slack_file=tmp_path / "slack.jsonl",
        smtp_url=None,
        public_url="http://127.0.0.1:8000",
        _env_file=None,  # type: ignore[call-arg]
    )


@dataclass(frozen=True)
class Case:
    breach_id: uuid.UUID
    reference: str
    obligation_ids: tuple[uuid.UUID, ...]


def make_case(
    engine: Engine,
    *,
    now: datetime,
    deadlines: dict[str, timedelta],
    state: str | None = None,
) -> Case:
    """A breach (with reporter and description that must never reach Slack) and obligations
    `kind -> due in`, created at `now`."""
    with session_scope(engine) as session:
        breach = create_breach(
            session=session,
            breach_in=BreachCreate(
                reporter=REPORTER,
                reporter_contact=REPORTER_EMAIL,
                channel="form",
                detected_at=now,
                aware_at=now,
                aware_set_by="intake",
                description=DESCRIPTION,
                facts=FACTS,
            ),
            actor="test",
            now=now,
        )
        ids = []
        for kind, due_in in deadlines.items():
            obligation, _ = ensure_obligation(
                session=session,
                obligation_in=ObligationCreate(
                    breach_id=breach.id, kind=kind, party="gba", due_at=now + due_in
                ),
                actor="test",
                now=now,
            )
            ids.append(obligation.id)
        if state:
            set_breach_state(session=session, breach_id=breach.id, state=state, actor="t", now=now)
        return Case(breach.id, breach.reference, tuple(ids))

"""`breachflow letters`: finds the breach in a real SQLite store; refuses an unapproved letter."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from breachflow.cli import app
from breachflow.commands.letters import load_breach_view
from breachflow.settings import get_settings
from breachflow.store import engine_for, open_store
from documents.letters import HEADER
from models.assessments import add_assessment
from models.breaches import create_breach, get_breach_by_reference, set_aware_at
from models.db import session_scope
from models.documents import add_document, approve_document
from models.tables import AssessmentCreate, BreachCreate, DocumentCreate
from rules.codes import Risk

NOW = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)
FACTS = {
    "aware_at": "2026-03-27T10:00:00+01:00",
    "nature": ["confidentiality"],
    "incident_type": "email_misdirected",
    "malicious": False,
    "data": ["basic_identity", "contact", "financial"],
    "subjects": {"count": 40, "categories": ["employees"], "vulnerable": False},
    "confidentiality": "known_recipients",
    "recipients_count": 12,
    "recipients_trusted": False,
}


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated SQLite store with one breach; yields its reference."""
    url = f"sqlite:///{tmp_path / 'breachflow.db'}"
    monkeypatch.setenv("BREACHFLOW_DATABASE_URL", url)
    monkeypatch.setenv("BREACHFLOW_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    engine = open_store(get_settings())
    with session_scope(engine) as session:
        breach = create_breach(
            session=session,
            breach_in=BreachCreate(
                reporter="Ann Janssens",
                channel="form",
                detected_at=NOW - timedelta(hours=1),
                aware_at=NOW,
                aware_set_by="dpo",
                description="Loonbrieven naar het verkeerde adres <gemaild>.",
                facts=FACTS,
                affected_activity_ids=["payroll-bakkerij-peeters"],
                language="nl",
            ),
            actor="test",
            now=NOW,
        )
        reference = breach.reference
    engine.dispose()
    yield reference
    get_settings.cache_clear()


def approve_letter(reference: str) -> None:
    engine = engine_for(get_settings())
    with session_scope(engine) as session:
        from models.breaches import get_breach_by_reference

        breach = get_breach_by_reference(session=session, reference=reference)
        document = add_document(
            session=session,
            document_in=DocumentCreate(
                breach_id=breach.id,
                kind="subject_letter",
                language="nl",
                content_hash="0" * 64,
                path="x.pdf",
            ),
            actor="test",
            now=NOW,
        )
        approve_document(session=session, document_id=document.id, approved_by="DPO", now=NOW)
    engine.dispose()


def subjects(tmp_path: Path) -> Path:
    path = tmp_path / "subjects.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerow(
            ["Jan Peeters", "Kerkstraat 1", "", "2000", "Antwerpen", "BE", "nl", "", ""]
        )
        writer.writerow(["", "Kerkstraat 2", "", "2000", "Antwerpen", "BE", "nl", "", ""])
    return path


def run(*args: str) -> object:
    return CliRunner().invoke(app, ["letters", *args])


def test_unapproved_letter_is_refused_without_draft(store: str, tmp_path: Path) -> None:
    """No approved subject_letter document: exit 3 and nothing written."""
    result = run(
        "--breach", store, "--subjects", str(subjects(tmp_path)), "--out", str(tmp_path / "out")
    )
    assert result.exit_code == 3, result.output  # type: ignore[attr-defined]
    assert "not been approved" in result.output  # type: ignore[attr-defined]
    assert not (tmp_path / "out").exists()


def test_draft_run_writes_marked_letters(store: str, tmp_path: Path) -> None:
    """--draft: letters written for the valid rows, the bad row rejected, exit 0."""
    out = tmp_path / "out"
    result = run(
        "--breach",
        store,
        "--subjects",
        str(subjects(tmp_path)),
        "--out",
        str(out),
        "--draft",
        "--workers",
        "1",
    )
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert (out / "letters" / "nl" / "0000001.pdf").exists()
    assert "2,no name" in (out / "rejected.csv").read_text(encoding="utf-8")


def test_approved_letter_runs(store: str, tmp_path: Path) -> None:
    """Once the DPO approved the letter, the run needs no --draft."""
    approve_letter(store)
    out = tmp_path / "out"
    result = run(
        "--breach",
        store,
        "--subjects",
        str(subjects(tmp_path)),
        "--out",
        str(out),
        "--workers",
        "1",
    )
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert (out / "print-nl.pdf").exists()


def test_unknown_breach(store: str, tmp_path: Path) -> None:
    result = run(
        "--breach",
        "BR-1999-0001",
        "--subjects",
        str(subjects(tmp_path)),
        "--out",
        str(tmp_path / "out"),
    )
    assert result.exit_code == 2  # type: ignore[attr-defined]


def test_letters_follow_the_confirmed_awareness_and_the_dpos_override(store: str) -> None:
    """The letters' view uses the awareness the DPO confirmed on the breach (not the
    reporter's `aware_at` fact) and the DPO's override: the outcome in force, the rules' own
    outcome beside it, and no letters planned when the DPO lowered high to risk."""
    confirmed = NOW - timedelta(hours=5)
    engine = engine_for(get_settings())
    with session_scope(engine) as session:
        breach = get_breach_by_reference(session=session, reference=store)
        set_aware_at(
            session=session,
            breach_id=breach.id,
            aware_at=confirmed,
            set_by="dpo",
            gap_reason="the client phoned before the report",
            now=NOW,
        )
        add_assessment(
            session=session,
            breach_id=breach.id,
            assessment_in=AssessmentCreate(
                override_outcome="risk",
                override_reason="all twelve recipients confirmed deletion",
                decided_by="dpo",
            ),
            actor="dpo",
            now=NOW,
        )
    engine.dispose()
    view = load_breach_view(store, draft=True)
    assert view.timeline.aware_at == confirmed
    assert view.risk.outcome is Risk.RISK
    assert view.risk.rules_outcome is Risk.HIGH
    assert view.risk.notify_data_subjects is False
    assert view.risk.reasons[0].article.endswith("DPO decision")

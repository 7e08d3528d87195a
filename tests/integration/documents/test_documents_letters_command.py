"""`breachflow letters`: refuses until the letter is approved and says what to approve; then
writes each person's letter from the view of the approved draft."""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import Engine
from typer.testing import CliRunner

from breachflow.cli import app
from breachflow.commands.letters import load_breach_view
from breachflow.demo import SCENARIOS, demo_case
from breachflow.settings import Settings, get_settings
from breachflow.store import open_store
from documents.i18n import phrase
from documents.letters import HEADER
from models.breaches import get_breach_by_reference
from models.db import read_scope
from rules.codes import Language, Risk
from tests.integration.flows.flow_support import approve, file_report, now, review, rig

HIGH = SCENARIOS["high-risk"]


@dataclass
class Store:
    settings: Settings
    engine: Engine
    reference: str


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """The high-risk sample breach reported and reviewed: its drafts wait for approval."""
    monkeypatch.setenv("BREACHFLOW_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("BREACHFLOW_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    settings = get_settings()
    engine = open_store(settings)
    dispatcher, _ = rig(engine, settings)
    breach = file_report(engine, settings, demo_case(now(), "high-risk"))
    dispatcher.run_until_idle()
    review(
        engine,
        settings,
        breach.id,
        measures_taken=HIGH.measures_taken,
        measures_planned=HIGH.measures_planned,
    )
    dispatcher.run_until_idle()
    yield Store(settings, engine, breach.reference)
    engine.dispose()
    get_settings.cache_clear()


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


def _breach_id(store: Store) -> uuid.UUID:
    with read_scope(store.engine) as session:
        return get_breach_by_reference(session=session, reference=store.reference).id


def test_an_unapproved_letter_is_refused_with_what_to_approve(store: Store, tmp_path: Path) -> None:
    """Exit 3, nothing written, and the message names the round and the drafts to approve."""
    result = run(
        "--breach",
        store.reference,
        "--subjects",
        str(subjects(tmp_path)),
        "--out",
        str(tmp_path / "out"),
    )
    output = result.output  # type: ignore[attr-defined]
    assert result.exit_code == 3, output  # type: ignore[attr-defined]
    assert "has not been approved" in output
    assert "Approve the drafts of round 1" in output
    assert "subject_letter" in output
    assert "gba_notification" in output
    assert not (tmp_path / "out").exists()


def test_a_draft_run_writes_marked_letters(store: Store, tmp_path: Path) -> None:
    """--draft: letters written for the valid rows, the bad row rejected, exit 0."""
    out = tmp_path / "out"
    result = run(
        "--breach",
        store.reference,
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


def test_approved_letters_say_what_the_approved_draft_says(store: Store, tmp_path: Path) -> None:
    """Once approved, no --draft is needed; each letter carries the outcome and the measures
    of the approved draft's view (the same function builds both)."""
    approve(store.engine, store.settings, _breach_id(store), version=1)
    view = load_breach_view(store.reference, draft=False)
    assert view.risk.outcome is Risk.HIGH
    assert view.measures_taken.codes == HIGH.measures_taken
    out = tmp_path / "out"
    result = run(
        "--breach",
        store.reference,
        "--subjects",
        str(subjects(tmp_path)),
        "--out",
        str(out),
        "--workers",
        "1",
    )
    # exit 0: every valid row was written (the nameless one is rejected, as --draft showed)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert (out / "print-nl.pdf").exists()
    letter = out / "letters" / "nl" / "0000001.pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(letter).pages).split())
    for code in HIGH.measures_taken:
        assert phrase(Language.NL, "measure", code) in text
    assert "ONTWERP" not in text


def test_a_breach_that_needs_no_letter_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo breach (risk, not high): no letter is due, and the command says why."""
    monkeypatch.setenv("BREACHFLOW_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("BREACHFLOW_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    settings = get_settings()
    engine = open_store(settings)
    try:
        dispatcher, _ = rig(engine, settings)
        breach = file_report(engine, settings, demo_case(now()))
        dispatcher.run_until_idle()
        result = run(
            "--breach", breach.reference, "--subjects", str(subjects(tmp_path)), "--out", "x"
        )
        assert result.exit_code == 3  # type: ignore[attr-defined]
        assert "waits for the DPO's review" in result.output  # type: ignore[attr-defined]
        review(engine, settings, breach.id)
        dispatcher.run_until_idle()
        result = run(
            "--breach", breach.reference, "--subjects", str(subjects(tmp_path)), "--out", "x"
        )
        assert "needs no letter" in result.output  # type: ignore[attr-defined]
    finally:
        engine.dispose()
        get_settings.cache_clear()


def test_an_unknown_breach(store: Store, tmp_path: Path) -> None:
    result = run(
        "--breach",
        "BR-1999-0001",
        "--subjects",
        str(subjects(tmp_path)),
        "--out",
        str(tmp_path / "out"),
    )
    assert result.exit_code == 2  # type: ignore[attr-defined]

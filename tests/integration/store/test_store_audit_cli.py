"""`breachflow audit verify` against the anchors kept outside the database, on SQLite and
PostgreSQL: the data folder's anchor file by default, a copy with `--anchor` (the e-mail and
the Slack file the dispatcher delivered), and each fault named with exit 1."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from store_factories import NOW, breach_in
from typer.testing import CliRunner, Result

from breachflow.alerts import alert_handlers
from breachflow.cli import app as cli
from breachflow.dispatcher import Dispatcher
from breachflow.services.anchoring import anchor_audit_head, anchor_file, anchor_if_due
from breachflow.settings import Settings, get_settings
from models.breaches import create_breach, set_breach_state
from models.db import session_scope
from models.outbox import EMAIL_SEND, SLACK_POST, list_effects
from notifiers.factory import channel_notifier_from, mail_notifier_from
from tests.support.audit_key import TEST_AUDIT_KEY

pytestmark = pytest.mark.integration


@pytest.fixture
def settings(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """The CLI's settings: this database, a data folder, the tests' audit key."""
    monkeypatch.setenv("BREACHFLOW_DATABASE_URL", db_url)
    monkeypatch.setenv("BREACHFLOW_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BREACHFLOW_AUDIT_KEY", TEST_AUDIT_KEY.decode())
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


@pytest.fixture
def anchored(engine: Engine, settings: Settings) -> Engine:
    """A breach's events anchored twice (each time with its e-mail and Slack message
    delivered by the dispatcher to the local e-mail log and Slack file)."""
    with session_scope(engine) as session:
        breach = create_breach(session=session, breach_in=breach_in(NOW), actor="intake", now=NOW)
    assert anchor_audit_head(engine=engine, settings=settings, now=NOW, reason="test")
    with session_scope(engine) as session:
        set_breach_state(
            session=session, breach_id=breach.id, state="assessed", actor="flow", now=NOW
        )
    later = NOW + timedelta(hours=25)
    assert anchor_if_due(engine=engine, settings=settings, now=later) is not None
    assert anchor_if_due(engine=engine, settings=settings, now=later) is None  # not due again
    Dispatcher(
        engine,
        alert_handlers(engine, channel_notifier_from(settings), mail_notifier_from(settings)),
    ).run_until_idle()
    return engine


def verify(*args: str) -> Result:
    return CliRunner().invoke(cli, ["audit", "verify", *args])


def test_an_intact_trail_verifies_against_its_anchors(anchored: Engine, settings: Settings) -> None:
    result = verify()
    assert result.exit_code == 0, result.output
    assert "audit chain intact: 2 events, matching 2 anchor(s)" in result.output
    assert "every breach, assessment, obligation, decision and document row" in result.output


def test_each_anchor_went_out_by_slack_and_email(anchored: Engine, settings: Settings) -> None:
    """The copies outside the database: one Slack message and one e-mail (to the DPO of the
    register) per anchor, each carrying the anchor line; either checks the trail."""
    from models.db import read_scope

    with read_scope(anchored) as session:
        effects = [e for e in list_effects(session=session) if "audit-anchor" in e.key]
    assert sorted(e.kind for e in effects) == [EMAIL_SEND, EMAIL_SEND, SLACK_POST, SLACK_POST]
    assert all(e.state == "done" for e in effects)
    assert {tuple(e.payload["to"]) for e in effects if e.kind == EMAIL_SEND} == {("dpo@groups.be",)}
    mails = sorted((Path(settings.data_dir) / "outbox-mail").glob("*.eml"))
    assert len(mails) == 2
    for copy in (*mails, Path(settings.slack_file or "")):
        result = verify("--anchor", str(copy))
        assert result.exit_code == 0, (copy, result.output)
        assert "matching" in result.output


def test_a_chain_cut_short_with_its_head_rewound_fails_verify(
    anchored: Engine, settings: Settings
) -> None:
    with anchored.begin() as connection:
        connection.execute(text("DELETE FROM audit_event WHERE seq = 2"))
        connection.execute(
            text("UPDATE audit_head SET last_seq = 1, last_hash = (SELECT hash FROM audit_event)")
        )
    result = verify()
    assert result.exit_code == 1
    assert "truncated: the chain was truncated: it ends at #1, but event #2 was anchored" in (
        result.output
    )
    assert "differs: breach BR-2026-0001" in result.output  # its state replays as received


def test_a_missing_or_altered_anchor_file_fails_verify(
    anchored: Engine, settings: Settings
) -> None:
    path = anchor_file(settings)
    path.write_text(path.read_text().replace("reason=daily", "reason=dayly"))
    altered = verify()
    assert altered.exit_code == 1
    assert "anchor: 1 line(s)" in altered.output
    path.unlink()
    missing = verify()
    assert missing.exit_code == 1
    assert f"anchor_missing: the anchor file {path} is missing" in missing.output
    assert verify("--anchor", str(path)).exit_code == 2  # a copy that is not there

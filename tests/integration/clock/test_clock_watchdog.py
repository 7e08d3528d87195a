"""The watchdog and `breachflow health`: a stopped clock is noticed and reported."""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy import Engine
from typer.testing import CliRunner

from breachflow.cli import app as cli
from breachflow.clock import clock_status, start_clock
from breachflow.commands.health import service_checks
from breachflow.settings import Settings, get_settings
from breachflow.watchdog import Watchdog
from models.db import read_scope
from models.outbox import list_effects
from tests.support.smtp_server import SmtpServer

pytestmark = pytest.mark.integration


def run_clock_briefly(engine: Engine, settings: Settings) -> datetime:
    handle = start_clock(engine, settings, sweep_seconds=0.5, heartbeat_seconds=0.5)
    try:
        deadline = datetime.now(UTC) + timedelta(seconds=30)
        while clock_status(engine, datetime.now(UTC))[1] is None:
            assert datetime.now(UTC) < deadline, "the clock never beat"
            time.sleep(0.05)
    finally:
        handle.stop()
    _, last = clock_status(engine, datetime.now(UTC))
    assert last is not None
    return last


def _posts(settings: Settings) -> list[dict[str, Any]]:
    assert settings.slack_file is not None
    if not settings.slack_file.exists():
        return []
    return [json.loads(x) for x in settings.slack_file.read_text().splitlines()]


def test_the_watchdog_alarms_once_per_outage_directly_and_says_when_it_is_over(
    engine: Engine, settings: Settings
) -> None:
    """A stale clock: one alarm on the channel and by e-mail, sent by the watchdog itself (the
    outbox stays empty: the processes it watches may be the ones down); nothing more while it
    lasts; "over" when the clock beats again; a second outage alarms again."""
    last = run_clock_briefly(engine, settings)
    stale = timedelta(seconds=settings.watchdog_stale_seconds)
    with SmtpServer() as smtp:
        configured = settings.model_copy(
            update={"smtp_url": SecretStr(smtp.url()), "alert_emails": ["dpo@example.be"]}
        )
        dog = Watchdog(configured)
        assert dog.run_once(last + stale / 2) == "ok"
        assert dog.run_once(last + stale * 2) == "alarmed"
        assert dog.run_once(last + stale * 3) == "still down"
        assert Watchdog(configured).run_once(last + stale * 4) == "still down"  # a restart
        beat = run_clock_briefly(engine, settings)
        assert dog.run_once(beat) == "over"
        assert dog.run_once(beat + stale * 2) == "alarmed"
        mails = smtp.messages
    texts = [line["text"] for line in _posts(settings)]
    assert len(texts) == 3
    assert "the deadline clock has stopped" in texts[0]
    assert "again" in texts[1]
    assert "the deadline clock has stopped" in texts[2]
    assert len(mails) == 3
    assert "not watching the deadlines" in str(mails[0].message["Subject"])
    with read_scope(engine) as session:
        assert list_effects(session=session) == []


def test_a_clock_that_never_ran_is_an_outage_once_given_time_to_start(
    engine: Engine, settings: Settings
) -> None:
    dog = Watchdog(settings)
    stale = timedelta(seconds=settings.watchdog_stale_seconds)
    assert dog.run_once(dog.started + stale / 2) == "ok"  # the worker's clock may be starting
    assert dog.run_once(dog.started + stale * 2) == "alarmed"
    assert dog.run_once(dog.started + stale * 3) == "still down"
    assert "last heartbeat never" in _posts(settings)[0]["text"]


def test_a_service_that_does_not_answer_is_an_outage(
    engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    """The service file names a `/health` that does not answer (a frozen or dead `serve`)."""
    beat = run_clock_briefly(engine, settings)
    run_dir = Path(str(settings.run_dir))
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "service.json").write_text(
        json.dumps({"health_url": "http://127.0.0.1:9/health", "started_at": "t0"})
    )
    assert Watchdog(settings).run_once(beat) == "alarmed"
    assert "breachflow serve does not answer" in _posts(settings)[0]["text"]


def test_the_alarm_is_in_the_security_teams_language(engine: Engine, settings: Settings) -> None:
    """`BREACHFLOW_SLACK_LANGUAGE=fr`: the watchdog says its alarm and its end in French."""
    french = settings.model_copy(update={"slack_language": "fr"})
    dog = Watchdog(french)
    stale = timedelta(seconds=settings.watchdog_stale_seconds)
    assert dog.run_once(dog.started + stale * 2) == "alarmed"
    beat = run_clock_briefly(engine, settings)
    assert dog.run_once(beat) == "over"
    alarm, over = (line["text"] for line in _posts(settings))
    assert alarm.startswith("<!here> breachflow ne surveille plus les délais : ")
    assert "l'horloge des délais est arrêtée : dernier signal jamais" in alarm
    assert over.startswith("breachflow surveille à nouveau les délais : La panne constatée le ")
    assert "(heure belge)" in over


def test_health_checks_report_a_stale_clock(
    engine: Engine, settings: Settings, db_url: str
) -> None:
    last = run_clock_briefly(engine, settings)
    info = {"pid": os.getpid(), "pids": {}}
    fresh = service_checks(info, database_url=db_url, now=last + timedelta(minutes=1))
    stale = service_checks(info, database_url=db_url, now=last + timedelta(minutes=6))
    assert [(c.name, c.ok) for c in fresh] == [("service", True), ("clock", True)]
    assert [(c.name, c.ok) for c in stale] == [("service", True), ("clock", False)]


def test_health_command_exit_codes(
    engine: Engine, settings: Settings, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BREACHFLOW_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("BREACHFLOW_DATABASE_URL", db_url)
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        assert runner.invoke(cli, ["health"]).exit_code == 2  # no service recorded
        run_dir = tmp_path / "run"
        run_dir.mkdir()
        (run_dir / "service.json").write_text(json.dumps({"pid": os.getpid(), "pids": {}}))
        handle = start_clock(engine, settings, sweep_seconds=0.5, heartbeat_seconds=0.5)
        try:
            deadline = datetime.now(UTC) + timedelta(seconds=30)
            while clock_status(engine, datetime.now(UTC))[1] is None:
                assert datetime.now(UTC) < deadline
                time.sleep(0.05)
            result = runner.invoke(cli, ["health", "--json"])
        finally:
            handle.stop()
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["ok"] is True
        # A dead child process makes the service unhealthy.
        (run_dir / "service.json").write_text(
            json.dumps({"pid": os.getpid(), "pids": {"worker-1": 2**22 + 12345}})
        )
        result = runner.invoke(cli, ["health"])
        assert result.exit_code == 1
        assert "FAIL worker-1" in result.output
    finally:
        get_settings.cache_clear()

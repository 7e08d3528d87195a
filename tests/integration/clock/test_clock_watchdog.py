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
from breachflow.clock.watchdog import check_clock
from breachflow.commands.health import service_checks
from breachflow.settings import Settings, get_settings
from models.db import read_scope
from models.outbox import list_effects
from tests.support.smtp_server import SmtpServer

pytestmark = pytest.mark.integration


class WithAlertEmails:
    """The settings plus the `alert_emails` field the watchdog reads when present."""

    def __init__(self, settings: Settings, emails: list[str]) -> None:
        self._settings = settings
        self.alert_emails = emails

    def __getattr__(self, name: str) -> Any:
        return getattr(self._settings, name)


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


def test_the_watchdog_alerts_once_per_stale_period_through_every_channel(
    engine: Engine, settings: Settings
) -> None:
    last = run_clock_briefly(engine, settings)
    assert check_clock(engine=engine, settings=settings, now=last + timedelta(minutes=4)).ok
    with SmtpServer() as smtp:
        configured = WithAlertEmails(
            settings.model_copy(update={"smtp_url": SecretStr(smtp.url())}), ["dpo@example.be"]
        )
        stale = last + timedelta(minutes=6)
        first = check_clock(engine=engine, settings=configured, now=stale, deliver=True)
        again = check_clock(
            engine=engine, settings=configured, now=stale + timedelta(minutes=1), deliver=True
        )
        mails = smtp.messages
    assert (first.ok, first.alerted, again.alerted) == (False, True, False)
    assert len(mails) == 1
    assert "clock has stopped" in str(mails[0].message["Subject"])
    assert settings.slack_file is not None
    lines = [json.loads(x) for x in settings.slack_file.read_text().splitlines()]
    assert [x["key"] for x in lines] == [f"slack.post:watchdog:{last.isoformat()}"]
    assert "clock is stale" in lines[0]["text"]
    with read_scope(engine) as session:
        assert {e.state for e in list_effects(session=session)} == {"done"}


def test_a_clock_that_never_ran_is_reported_once(engine: Engine, settings: Settings) -> None:
    now = datetime.now(UTC)
    assert check_clock(engine=engine, settings=settings, now=now).alerted
    assert not check_clock(engine=engine, settings=settings, now=now).alerted
    with read_scope(engine) as session:
        assert [e.key for e in list_effects(session=session)] == ["slack.post:watchdog:never"]


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
            json.dumps({"pid": os.getpid(), "pids": {"runner": 2**22 + 12345}})
        )
        result = runner.invoke(cli, ["health"])
        assert result.exit_code == 1
        assert "FAIL runner" in result.output
    finally:
        get_settings.cache_clear()

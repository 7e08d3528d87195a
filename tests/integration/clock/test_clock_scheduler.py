"""The real clock (APScheduler) on a short clock: seconds, not hours.

Waits poll the database for a condition with a generous time limit; nothing asserts how fast
it happened (that is bench/clock.py's job).
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from breachflow.alerts import alert_handlers
from breachflow.clock import clock_status, plan_reminders_for_breach, start_clock
from breachflow.dispatcher import Dispatcher
from breachflow.services.anchoring import anchor_file, read_anchors
from breachflow.settings import Settings
from models.audit import audit_key, verify_chain
from models.db import read_scope, session_scope
from models.outbox import list_effects
from models.reminders import get_clock_lock, list_reminders
from models.tables import Reminder
from notifiers.factory import channel_notifier_from, mail_notifier_from
from tests.integration.clock.clock_child import DISPATCHER, LATE_AFTER, POLICY
from tests.integration.clock.conftest import make_case

pytestmark = pytest.mark.integration

CHILD = Path(__file__).with_name("clock_child.py")
WAIT = 60.0  # generous: a limit for a hung test, not a latency target


def wait_for(what: str, condition: Callable[[], bool], timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.1)


def rows(engine: Engine) -> list[Reminder]:
    with read_scope(engine) as session:
        return list_reminders(session=session)


def plan_all(engine: Engine, settings: Settings, breach_ids: list, now: datetime) -> None:
    with session_scope(engine) as session:
        for breach_id in breach_ids:
            plan_reminders_for_breach(
                session=session, breach_id=breach_id, settings=settings, now=now, policy=POLICY
            )


def test_the_clock_sends_due_reminders_and_beats(engine: Engine, settings: Settings) -> None:
    now = datetime.now(UTC)
    case = make_case(engine, now=now, deadlines={"authority_notification": timedelta(seconds=5)})
    plan_all(engine, settings, [case.breach_id], now)
    handle = start_clock(engine, settings, sweep_seconds=0.5, heartbeat_seconds=1, policy=POLICY)
    try:
        wait_for(
            "the due reminder",
            lambda: any(r.label == "due" and r.sent_at for r in rows(engine)),
        )
        ok, last_beat = clock_status(engine, datetime.now(UTC))
        assert ok
        assert last_beat is not None
    finally:
        handle.stop()
    sent = sorted((r for r in rows(engine) if r.sent_at), key=lambda r: r.due_at)
    assert [r.label for r in sent][:3] == ["4s", "2s", "due"]
    assert all(a.sent_at <= b.sent_at for a, b in itertools.pairwise(sent))  # type: ignore[operator]
    with read_scope(engine) as session:
        assert get_clock_lock(session=session).holder is None  # type: ignore[union-attr]


def test_the_clock_anchors_the_audit_head_daily(engine: Engine, settings: Settings) -> None:
    """At start, and whenever the last anchor is a day old, the clock holding the lock
    anchors the chain's head: the anchor file gets a `daily` line, Slack and the e-mail log
    their copies through the outbox."""
    case = make_case(engine, now=datetime.now(UTC), deadlines={})
    path = anchor_file(settings)
    handle = start_clock(engine, settings, sweep_seconds=0.5, heartbeat_seconds=1, policy=POLICY)
    try:
        wait_for("the daily anchor", lambda: path.exists() and "reason=daily" in path.read_text())
    finally:
        handle.stop()
    with read_scope(engine) as session:
        (anchor,) = read_anchors(path, audit_key(session)).anchors
        assert verify_chain(session, anchors=[anchor]).ok
        copies = [e.kind for e in list_effects(session=session) if "audit-anchor" in e.key]
    assert sorted(copies) == ["email.send", "slack.post"]
    assert anchor.seq >= 1  # the case's events
    assert case.breach_id


def test_a_second_clock_on_the_same_database_stands_by(engine: Engine, settings: Settings) -> None:
    first = start_clock(engine, settings, sweep_seconds=0.3, heartbeat_seconds=0.5, policy=POLICY)
    second = start_clock(engine, settings, sweep_seconds=0.3, heartbeat_seconds=0.5, policy=POLICY)
    try:
        wait_for("the first clock to take the lock", lambda: first.holding)
        assert not second.holding
        with read_scope(engine) as session:
            assert get_clock_lock(session=session).holder == first.holder  # type: ignore[union-attr]
        first.stop()  # a clean stop releases the lock: the standby takes over
        wait_for("the standby to take over", lambda: second.holding)
    finally:
        first.stop()
        second.stop()


def _spawn(db_url: str, data_dir: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(CHILD), db_url, str(data_dir), "0.5"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_killing_and_restarting_the_clock_loses_and_repeats_nothing(
    engine: Engine, settings: Settings, db_url: str, tmp_path: Path
) -> None:
    start = datetime.now(UTC)
    cases = [
        make_case(engine, now=start, deadlines={"authority_notification": timedelta(seconds=s)})
        for s in (6, 9, 12)
    ]
    plan_all(engine, settings, [c.breach_id for c in cases], start)

    child = _spawn(db_url, tmp_path)
    try:
        wait_for("a first reminder", lambda: any(r.sent_at for r in rows(engine)))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        killed_at = datetime.now(UTC)
        # Open (neither sent nor cancelled) and already late, so the restarted clock must say so.
        wait_for(
            "a reminder to fall late while no clock runs",
            lambda: any(
                r.sent_at is None
                and r.cancelled_at is None
                and r.due_at < datetime.now(UTC) - LATE_AFTER
                for r in rows(engine)
            ),
        )
        child = _spawn(db_url, tmp_path)
        wait_for(
            "every reminder due before the restart",
            lambda: all(r.sent_at or r.cancelled_at for r in rows(engine) if r.due_at <= killed_at),
        )
        wait_for(
            "the deadlines",
            lambda: sum(r.label == "due" and bool(r.sent_at) for r in rows(engine)) == 3,
        )
    finally:
        child.kill()
        child.wait()
    stopped_at = datetime.now(UTC)

    # Deliver what the killed dispatcher left, as the next start of the service would.
    handlers = alert_handlers(engine, channel_notifier_from(settings), mail_notifier_from(settings))
    Dispatcher(engine, handlers, name=DISPATCHER, lease=timedelta(seconds=0)).run_until_idle()

    all_rows = rows(engine)
    with read_scope(engine) as session:
        effects = list_effects(session=session)
    reminder_effects = [e for e in effects if e.key.startswith("slack.post:") and ":rem:" in e.key]
    # Exactly once: every sent row is covered by exactly one message, and no message is empty.
    covered = [key for e in reminder_effects for key in _covers(e.payload)]
    sent_keys = [r.key for r in all_rows if r.sent_at is not None]
    assert sorted(covered) == sorted(sent_keys)
    assert len(covered) == len(set(covered))
    # Nothing lost: every reminder due while a clock was meant to run went out.
    assert all(r.sent_at or r.cancelled_at for r in all_rows if r.due_at <= killed_at)
    assert any(r.late for r in all_rows), "the reminders due during the downtime went out late"
    # In order, per obligation: each message is for a later reminder than the one before.
    by_obligation: dict[str, list[datetime]] = {}
    row_by_key = {r.key: r for r in all_rows}
    for e in sorted(reminder_effects, key=lambda e: e.created_at):
        latest = row_by_key[e.key.split(":", 3)[3]]
        by_obligation.setdefault(str(latest.obligation_id), []).append(latest.due_at)
    for instants in by_obligation.values():
        assert instants == sorted(instants)
    # And in the channel (the local file), each message arrived once, each reply in its thread.
    lines = [json.loads(line) for line in (tmp_path / "slack.jsonl").read_text().splitlines()]
    posts = [line["key"] for line in lines if line["action"] == "post"]
    assert len(posts) == len(set(posts))
    assert {e.key for e in reminder_effects} <= set(posts)
    tops = {line["key"]: line["ts"] for line in lines if line["key"].endswith(":top")}
    assert len(tops) == 3
    replies = [line for line in lines if ":rem:" in line["key"] and line["action"] == "post"]
    assert all(line["thread_ts"] in tops.values() for line in replies)
    assert stopped_at > killed_at


def _covers(payload: dict) -> list[str]:
    """The reminder rows a message stands for (the key suffix of its latest + coalesced ones)."""
    return list(payload.get("covers") or [])

"""Reminder rows and the sweep, on a real SQLite database with a hand-driven clock."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine

from breachflow.clock import plan_reminders_for_breach
from breachflow.clock.sweeper import SweepResult, sweep_due
from breachflow.settings import Settings
from models.breaches import set_breach_state
from models.db import read_scope, session_scope
from models.obligations import complete_obligation
from models.outbox import list_effects
from models.reminders import acquire_clock_lock, list_reminders
from models.tables import Obligation
from rules.reminders import ReminderPolicy
from tests.integration.clock.conftest import DESCRIPTION, NOW, REPORTER, REPORTER_EMAIL, make_case

pytestmark = pytest.mark.integration

HOUR = timedelta(hours=1)
HOLDER = "test-host:1:sweeper"
LEASE = timedelta(days=30)
LATE_AFTER = timedelta(seconds=32)


def plan(engine: Engine, settings: Settings, breach_id: object, now: datetime, **kw: object):
    with session_scope(engine) as session:
        return plan_reminders_for_breach(
            session=session,
            breach_id=breach_id,  # type: ignore[arg-type]
            settings=settings,
            now=now,
            **kw,  # type: ignore[arg-type]
        )


def sweep(engine: Engine, settings: Settings, at: datetime, **kw: object) -> SweepResult:
    with session_scope(engine) as session:
        acquire_clock_lock(session=session, holder=HOLDER, now=at, lease=LEASE)
    return sweep_due(
        engine=engine,
        settings=settings,
        policy=kw.get("policy") or ReminderPolicy(),  # type: ignore[arg-type]
        holder=HOLDER,
        lease=LEASE,
        late_after=LATE_AFTER,
        clock=lambda: at,
    )


def reminder_messages(engine: Engine) -> list[str]:
    with read_scope(engine) as session:
        return [
            e.key
            for e in list_effects(session=session)
            if e.key.startswith("slack.post:")
            and any(f":{event}:" in e.key for event in ("reminder", "overdue", "decision_waiting"))
        ]


def test_planning_creates_the_rows_once(engine: Engine, settings: Settings) -> None:
    case = make_case(engine, now=NOW, deadlines={"authority_notification": 72 * HOUR})
    first = plan(engine, settings, case.breach_id, NOW)
    again = plan(engine, settings, case.breach_id, NOW + HOUR)
    assert (first.added, again.added, again.cancelled) == (7, 0, 0)
    with read_scope(engine) as session:
        rows = list_reminders(session=session, breach_id=case.breach_id)
    assert [r.label for r in rows] == ["48h", "24h", "12h", "4h", "1h", "due", "overdue-1"]
    assert rows[0].due_at == NOW + 24 * HOUR


def test_the_sweep_sends_each_reminder_once_in_order(engine: Engine, settings: Settings) -> None:
    case = make_case(engine, now=NOW, deadlines={"authority_notification": 72 * HOUR})
    plan(engine, settings, case.breach_id, NOW)
    for hours in (23, 24, 24, 48, 60, 68, 71, 72, 72):
        sweep(engine, settings, NOW + hours * HOUR + timedelta(seconds=1))
    messages = reminder_messages(engine)
    assert [m.rsplit(":", 1)[1] for m in messages] == ["48h", "24h", "12h", "4h", "1h", "due"]
    with read_scope(engine) as session:
        rows = list_reminders(session=session, breach_id=case.breach_id)
    assert [r.late for r in rows if r.sent_at] == [False] * 6
    assert len(set(messages)) == len(messages)


def test_downtime_coalesces_missed_reminders_into_one_late_message(
    engine: Engine, settings: Settings
) -> None:
    case = make_case(engine, now=NOW, deadlines={"authority_notification": 72 * HOUR})
    plan(engine, settings, case.breach_id, NOW)
    sweep(engine, settings, NOW + 24 * HOUR)  # the 48 h reminder, on time
    # The service is down from hour 25 to hour 61: the 24 h and 12 h reminders were missed.
    result = sweep(engine, settings, NOW + 61 * HOUR)
    assert (result.messages, result.rows, result.late) == (1, 2, 2)
    messages = reminder_messages(engine)
    assert [m.rsplit(":", 1)[1] for m in messages] == ["48h", "12h"]
    with read_scope(engine) as session:
        effect = next(e for e in list_effects(session=session) if e.key == messages[-1])
    assert "sent late" in effect.payload["text"]


def test_overdue_repeats_until_done_then_stop(engine: Engine, settings: Settings) -> None:
    case = make_case(engine, now=NOW, deadlines={"authority_notification": 72 * HOUR})
    plan(engine, settings, case.breach_id, NOW)
    sweep(engine, settings, NOW + 72 * HOUR)
    sweep(engine, settings, NOW + 78 * HOUR)  # overdue-1
    sweep(engine, settings, NOW + 97 * HOUR)  # overdue-2 late; -3, -4 skipped: next is -5
    messages = [m.rsplit(":", 1)[1] for m in reminder_messages(engine)]
    assert messages[-3:] == ["due", "overdue-1", "overdue-2"]
    with read_scope(engine) as session:
        rows = list_reminders(session=session, breach_id=case.breach_id)
        escalation = next(e for e in list_effects(session=session) if e.key.endswith("overdue-1"))
    assert "OVERDUE" in escalation.payload["text"]
    assert [r.label for r in rows if r.sent_at is None] == ["overdue-5"]
    # Done: the planned repeat is cancelled and nothing more goes out.
    with session_scope(engine) as session:
        complete_obligation(
            session=session,
            obligation_id=case.obligation_ids[0],
            done_at=NOW + 98 * HOUR,
            late_reason="the controller answered late",
            actor="dpo",
            now=NOW + 98 * HOUR,
        )
    assert plan(engine, settings, case.breach_id, NOW + 98 * HOUR).cancelled == 1
    sweep(engine, settings, NOW + 200 * HOUR)
    assert [m.rsplit(":", 1)[1] for m in reminder_messages(engine)][-1] == "overdue-2"


def test_a_re_dated_deadline_re_plans_its_reminders(engine: Engine, settings: Settings) -> None:
    case = make_case(engine, now=NOW, deadlines={"authority_notification": 72 * HOUR})
    plan(engine, settings, case.breach_id, NOW)
    # A corrected aware_at moves the deadline 10 hours earlier.
    with session_scope(engine) as session:
        obligation = session.get(Obligation, case.obligation_ids[0])
        assert obligation is not None
        obligation.due_at = NOW + 62 * HOUR
        session.add(obligation)
    result = plan(engine, settings, case.breach_id, NOW + HOUR)
    assert result.cancelled == 7
    with read_scope(engine) as session:
        live = [
            r
            for r in list_reminders(session=session, breach_id=case.breach_id)
            if r.cancelled_at is None
        ]
    assert [r.due_at - NOW for r in live][:2] == [14 * HOUR, 38 * HOUR]


def test_a_stale_row_is_cancelled_by_the_sweep_not_sent(engine: Engine, settings: Settings) -> None:
    """Even when nobody re-planned after closing an obligation, its reminders do not go out."""
    case = make_case(engine, now=NOW, deadlines={"authority_notification": 72 * HOUR})
    plan(engine, settings, case.breach_id, NOW)
    with session_scope(engine) as session:
        complete_obligation(
            session=session,
            obligation_id=case.obligation_ids[0],
            done_at=NOW + HOUR,
            late_reason=None,
            actor="dpo",
            now=NOW + HOUR,
        )
    result = sweep(engine, settings, NOW + 30 * HOUR)
    assert (result.messages, result.cancelled) == (0, 1)
    assert reminder_messages(engine) == []


def test_processor_notice_window_reminders(engine: Engine, settings: Settings) -> None:
    case = make_case(engine, now=NOW, deadlines={"processor_notice": 24 * HOUR})
    plan(engine, settings, case.breach_id, NOW)
    sweep(engine, settings, NOW + 12 * HOUR)
    sweep(engine, settings, NOW + 22 * HOUR)
    assert [m.rsplit(":", 1)[1] for m in reminder_messages(engine)] == ["50%", "90%"]


def test_decision_waiting_nudges_while_the_dpo_has_not_decided(
    engine: Engine, settings: Settings
) -> None:
    case = make_case(engine, now=NOW, deadlines={}, state="awaiting_review")
    policy = ReminderPolicy(decision_every=4 * HOUR)
    plan(engine, settings, case.breach_id, NOW, policy=policy)
    sweep(engine, settings, NOW + 4 * HOUR, policy=policy)
    sweep(engine, settings, NOW + 8 * HOUR, policy=policy)
    assert len(reminder_messages(engine)) == 2
    with session_scope(engine) as session:
        set_breach_state(
            session=session, breach_id=case.breach_id, state="drafting", actor="dpo", now=NOW
        )
    assert plan(engine, settings, case.breach_id, NOW + 9 * HOUR, policy=policy).cancelled == 1
    sweep(engine, settings, NOW + 20 * HOUR, policy=policy)
    assert len(reminder_messages(engine)) == 2


def test_a_clock_without_the_lock_sends_nothing(engine: Engine, settings: Settings) -> None:
    case = make_case(engine, now=NOW, deadlines={"authority_notification": 72 * HOUR})
    plan(engine, settings, case.breach_id, NOW)
    with session_scope(engine) as session:
        acquire_clock_lock(session=session, holder="other:2:x", now=NOW, lease=LEASE)
    result = sweep_due(
        engine=engine,
        settings=settings,
        policy=ReminderPolicy(),
        holder=HOLDER,
        lease=LEASE,
        late_after=LATE_AFTER,
        clock=lambda: NOW + 30 * HOUR,
    )
    assert result.skipped_not_holder
    assert reminder_messages(engine) == []


def test_messages_never_carry_the_reporter_or_the_description(
    engine: Engine, settings: Settings
) -> None:
    case = make_case(engine, now=NOW, deadlines={"authority_notification": 72 * HOUR})
    plan(engine, settings, case.breach_id, NOW)
    sweep(engine, settings, NOW + 80 * HOUR)
    with read_scope(engine) as session:
        payloads = [str(e.payload) for e in list_effects(session=session)]
    assert payloads
    for text in payloads:
        for secret in (REPORTER, REPORTER_EMAIL, DESCRIPTION, "<!channel>"):
            assert secret not in text
    assert any(case.reference in text for text in payloads)

"""Persistence of the clock: reminder rows, the scheduler's lock/heartbeat row, Slack threads.

Like every persistence module these functions only flush; the caller's `session_scope` commits,
so marking reminders sent and enqueueing their messages land in one transaction (a crash
between the two cannot lose or repeat a reminder).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from models.sql import insert_if_absent, insert_rows
from models.tables import Client, ClockLock, OutboxEffect, Reminder, SlackThread

__all__ = [
    "CLOCK_LOCK",
    "acquire_clock_lock",
    "add_reminder",
    "add_reminders",
    "beat",
    "cancel_reminders",
    "claim_effect_by_key",
    "count_breach_effects",
    "ensure_thread",
    "get_client_name",
    "get_clock_lock",
    "get_thread",
    "list_due_groups",
    "list_due_reminders",
    "list_reminders",
    "list_unsent_reminders",
    "mark_sent",
    "record_sweep",
    "release_clock_lock",
    "set_thread_ts",
]

CLOCK_LOCK = "clock"


# --- reminders --------------------------------------------------------------------------------


def add_reminder(
    *,
    session: Session,
    key: str,
    breach_id: uuid.UUID,
    obligation_id: uuid.UUID | None,
    kind: str,
    label: str,
    due_at: datetime,
    deadline_at: datetime | None,
    now: datetime,
) -> bool:
    """Insert a planned reminder unless its key exists (re-planning is idempotent); True when
    inserted."""
    return insert_if_absent(
        session=session,
        table=Reminder,
        values={
            "id": uuid.uuid4(),
            "key": key,
            "breach_id": breach_id,
            "obligation_id": obligation_id,
            "kind": kind,
            "label": label,
            "due_at": due_at,
            "deadline_at": deadline_at,
            "sent_at": None,
            "cancelled_at": None,
            "late": False,
            "created_at": now,
        },
        conflict_columns=["key"],
    )


def add_reminders(*, session: Session, rows: list[dict[str, Any]], now: datetime) -> int:
    """Insert many planned reminders at once (keys that exist are skipped); returns how many
    were inserted. Each row: key, breach_id, obligation_id, kind, label, due_at, deadline_at."""
    values = [
        {
            "id": uuid.uuid4(),
            "sent_at": None,
            "cancelled_at": None,
            "late": False,
            "created_at": now,
            **row,
        }
        for row in rows
    ]
    return insert_rows(session=session, table=Reminder, rows=values, skip_conflicts_on=["key"])


def list_reminders(*, session: Session, breach_id: uuid.UUID | None = None) -> list[Reminder]:
    """Reminders (sent, cancelled and planned) in due order."""
    statement = select(Reminder).order_by(col(Reminder.due_at), col(Reminder.key))
    if breach_id is not None:
        statement = statement.where(Reminder.breach_id == breach_id)
    return list(session.exec(statement))


def list_unsent_reminders(*, session: Session, breach_id: uuid.UUID) -> list[Reminder]:
    """A breach's reminders still to send (neither sent nor cancelled)."""
    return list(
        session.exec(
            select(Reminder)
            .where(
                Reminder.breach_id == breach_id,
                col(Reminder.sent_at).is_(None),
                col(Reminder.cancelled_at).is_(None),
            )
            .order_by(col(Reminder.due_at))
        )
    )


def list_due_reminders(*, session: Session, now: datetime, limit: int = 5000) -> list[Reminder]:
    """Reminders whose time has come and that are neither sent nor cancelled, oldest first."""
    return list(
        session.exec(
            select(Reminder)
            .where(
                col(Reminder.sent_at).is_(None),
                col(Reminder.cancelled_at).is_(None),
                col(Reminder.due_at) <= now,
            )
            .order_by(col(Reminder.due_at), col(Reminder.key))
            .limit(limit)
            .execution_options(populate_existing=True)
        )
    )


def list_due_groups(*, session: Session, now: datetime, groups: int) -> list[Reminder]:
    """Every due, unsent, uncancelled row of the `groups` (breach, obligation) pairs whose
    earliest due row is oldest: a batch never splits one obligation's due rows, so they are
    coalesced into one message."""
    pending = (
        col(Reminder.sent_at).is_(None),
        col(Reminder.cancelled_at).is_(None),
        col(Reminder.due_at) <= now,
    )
    first = func.min(Reminder.due_at)
    chosen = session.exec(
        select(Reminder.breach_id, Reminder.obligation_id, first)
        .where(*pending)
        .group_by(col(Reminder.breach_id), col(Reminder.obligation_id))
        .order_by(first)
        .limit(groups)
    ).all()
    if not chosen:
        return []
    pairs = {(breach_id, obligation_id) for breach_id, obligation_id, _ in chosen}
    rows = session.exec(
        select(Reminder)
        .where(*pending, col(Reminder.breach_id).in_({b for b, _ in pairs}))
        .order_by(col(Reminder.due_at), col(Reminder.key))
        .execution_options(populate_existing=True)
    ).all()
    return [r for r in rows if (r.breach_id, r.obligation_id) in pairs]


def mark_sent(
    *, session: Session, reminders: Iterable[Reminder], now: datetime, late_after: timedelta
) -> None:
    """Mark reminders sent at `now`; those more than `late_after` past their time are `late`."""
    for reminder in reminders:
        reminder.sent_at = now
        reminder.late = now - reminder.due_at > late_after
        session.add(reminder)
    session.flush()


def revive_reminders(*, session: Session, keys: Iterable[str], now: datetime) -> int:
    """Plan again the cancelled, unsent reminders with these keys (their obligation was
    reopened, or its deadline moved back); returns how many. Rows are never deleted."""
    wanted = list(keys)
    if not wanted:
        return 0
    rows = session.exec(
        select(Reminder).where(
            col(Reminder.key).in_(wanted),
            col(Reminder.sent_at).is_(None),
            col(Reminder.cancelled_at).is_not(None),
        )
    ).all()
    for row in rows:
        row.cancelled_at = None
        session.add(row)
    session.flush()
    return len(rows)


def cancel_reminders(*, session: Session, reminders: Iterable[Reminder], now: datetime) -> int:
    """Cancel unsent reminders (their obligation closed or was re-dated); returns how many."""
    count = 0
    for reminder in reminders:
        if reminder.sent_at is None and reminder.cancelled_at is None:
            reminder.cancelled_at = now
            session.add(reminder)
            count += 1
    session.flush()
    return count


# --- the lock and heartbeat row ---------------------------------------------------------------


def get_clock_lock(*, session: Session) -> ClockLock | None:
    """The clock's lock row (None before any clock ever started)."""
    return session.exec(
        select(ClockLock)
        .where(ClockLock.name == CLOCK_LOCK)
        .execution_options(populate_existing=True)
    ).one_or_none()


def _locked_row(session: Session) -> ClockLock:
    insert_if_absent(
        session=session,
        table=ClockLock,
        values={"name": CLOCK_LOCK},
        conflict_columns=["name"],
    )
    return session.exec(
        select(ClockLock)
        .where(ClockLock.name == CLOCK_LOCK)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def acquire_clock_lock(
    *,
    session: Session,
    holder: str,
    now: datetime,
    lease: timedelta,
    holder_is_dead: bool = False,
) -> bool:
    """Take (or keep) the clock lock: free, lapsed, ours already, or held by a process the
    caller knows is dead (`holder_is_dead`: same host, pid gone). True when we hold it."""
    row = _locked_row(session)
    free = (
        row.holder is None
        or row.holder == holder
        or row.lease_until is None
        or row.lease_until <= now
        or holder_is_dead
    )
    if not free:
        return False
    if row.holder != holder:
        row.acquired_at = now
    row.holder = holder
    row.lease_until = now + lease
    session.add(row)
    session.flush()
    return True


def beat(*, session: Session, holder: str, now: datetime, lease: timedelta) -> bool:
    """Record a heartbeat and extend the lease; False (nothing written) when not the holder."""
    row = _locked_row(session)
    if row.holder != holder:
        return False
    row.last_beat_at = now
    row.lease_until = now + lease
    session.add(row)
    session.flush()
    return True


def record_sweep(*, session: Session, holder: str, now: datetime, lease: timedelta) -> bool:
    """Note a sweep and extend the lease; False when not the holder (then do not sweep)."""
    row = _locked_row(session)
    if row.holder != holder or row.lease_until is None or row.lease_until <= now:
        return False
    row.last_sweep_at = now
    row.lease_until = now + lease
    session.add(row)
    session.flush()
    return True


def release_clock_lock(*, session: Session, holder: str) -> bool:
    """Give the lock up on a clean stop (another instance may start at once)."""
    row = _locked_row(session)
    if row.holder != holder:
        return False
    row.holder = None
    row.lease_until = None
    session.add(row)
    session.flush()
    return True


# --- Slack threads ----------------------------------------------------------------------------


def ensure_thread(
    *, session: Session, breach_id: uuid.UUID, top_key: str, now: datetime
) -> tuple[SlackThread, bool]:
    """The breach's thread row, created if absent; returns (row, created)."""
    created = insert_if_absent(
        session=session,
        table=SlackThread,
        values={
            "breach_id": breach_id,
            "channel": None,
            "ts": None,
            "top_key": top_key,
            "created_at": now,
            "updated_at": now,
        },
        conflict_columns=["breach_id"],
    )
    thread = get_thread(session=session, breach_id=breach_id)
    assert thread is not None
    return thread, created


def add_threads(*, session: Session, threads: Sequence[tuple[uuid.UUID, str, datetime]]) -> None:
    """Thread rows (breach id, top message key, created at) for breaches just created, so
    nothing else can have made them: the intake's batch path, where `ensure_thread` would cost
    two queries each."""
    rows = [
        {
            "breach_id": breach_id,
            "channel": None,
            "ts": None,
            "top_key": key,
            "created_at": at,
            "updated_at": at,
        }
        for breach_id, key, at in threads
    ]
    insert_rows(session=session, table=SlackThread, rows=rows)


def get_thread(*, session: Session, breach_id: uuid.UUID) -> SlackThread | None:
    """The breach's thread row, or None when nothing was ever posted about it."""
    return session.exec(
        select(SlackThread)
        .where(SlackThread.breach_id == breach_id)
        .execution_options(populate_existing=True)
    ).one_or_none()


def set_thread_ts(
    *, session: Session, breach_id: uuid.UUID, ts: str, channel: str | None, now: datetime
) -> SlackThread | None:
    """Store the top message's ts (first writer wins: the thread never moves)."""
    thread = get_thread(session=session, breach_id=breach_id)
    if thread is None or thread.ts is not None:
        return thread
    thread.ts = ts
    thread.channel = channel
    thread.updated_at = now
    session.add(thread)
    session.flush()
    return thread


def get_client_name(*, session: Session, client_id: uuid.UUID | None) -> str | None:
    """A client's name for messages (None for our own data)."""
    if client_id is None:
        return None
    client = session.get(Client, client_id)
    return client.name if client is not None else None


def count_breach_effects(*, session: Session, breach_id: uuid.UUID) -> int:
    """How many outbox effects a breach has (orders its Slack messages; see breachflow.alerts)."""
    return int(
        session.exec(
            select(func.count())
            .select_from(OutboxEffect)
            .where(OutboxEffect.breach_id == breach_id)
        ).one()
    )


def claim_effect_by_key(
    *, session: Session, key: str, claimed_by: str, now: datetime
) -> OutboxEffect | None:
    """Claim one pending outbox effect by key (the watchdog delivering its own alarm when the
    service's dispatcher may be down); None when it is not pending. Finish it with
    `models.outbox.mark_done` / `mark_failed_attempt` like the dispatcher does."""
    effect = session.exec(
        select(OutboxEffect)
        .where(OutboxEffect.key == key, OutboxEffect.state == "pending")
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()
    if effect is None:
        return None
    effect.state = "running"
    effect.attempts += 1
    effect.claimed_at = now
    effect.claimed_by = claimed_by
    session.add(effect)
    session.flush()
    return effect

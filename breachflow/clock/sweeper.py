"""The sweep: send the reminders whose time has come, through the outbox, exactly once.

One transaction per batch marks the rows sent and enqueues their Slack messages, so a crash
either did both or neither. Due rows are coalesced per obligation (and per breach for DPO
nudges): after downtime an obligation with three missed reminders gets one message, for the
latest, marked late. Rows whose obligation closed or moved meanwhile are cancelled, not sent.
The sweep only runs while its caller holds the clock lock (checked in the same transaction).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from breachflow.alerts import enqueue_alert
from breachflow.clock.planning import add_planned, nudge_key, nudge_state, reminder_key
from models.breaches import get_breach
from models.db import session_scope
from models.obligations import get_obligation
from models.reminders import cancel_reminders, list_due_groups, mark_sent, record_sweep
from models.tables import Reminder
from rules.reminders import ReminderKind, ReminderPolicy, next_in_series

__all__ = ["SweepResult", "sweep_batch", "sweep_due"]

log = logging.getLogger(__name__)

# Obligations per transaction: small, so each batch's messages commit (become visible to the
# dispatcher) soon after their time instead of waiting for the whole sweep.
BATCH = 25


@dataclass
class SweepResult:
    """What one sweep did (`messages`: Slack replies enqueued; `rows`: reminder rows sent)."""

    messages: int = 0
    rows: int = 0
    late: int = 0
    cancelled: int = 0
    skipped_not_holder: bool = False

    def add(self, other: SweepResult) -> None:
        self.messages += other.messages
        self.rows += other.rows
        self.late += other.late
        self.cancelled += other.cancelled
        self.skipped_not_holder = self.skipped_not_holder or other.skipped_not_holder


def _groups(rows: list[Reminder]) -> dict[tuple[uuid.UUID, uuid.UUID | None, str], list[Reminder]]:
    """Due rows per obligation (nudges: per breach and state), each group in due order."""
    groups: dict[tuple[uuid.UUID, uuid.UUID | None, str], list[Reminder]] = {}
    for row in rows:
        state = nudge_state(row) if row.obligation_id is None else ""
        groups.setdefault((row.breach_id, row.obligation_id, state), []).append(row)
    return groups


def sweep_batch(
    *,
    session: Session,
    settings: Any,
    now: datetime,
    policy: ReminderPolicy,
    late_after: timedelta,
    limit: int = BATCH,
) -> tuple[SweepResult, int]:
    """Handle the due rows of up to `limit` obligations (or nudged breaches) in the caller's
    transaction; returns (result, groups seen)."""
    result = SweepResult()
    due = list_due_groups(session=session, now=now, groups=limit)
    groups = _groups(due)
    for (breach_id, obligation_id, state), rows in groups.items():
        breach = get_breach(session=session, breach_id=breach_id)
        if obligation_id is None:
            if breach.state != state:
                result.cancelled += cancel_reminders(session=session, reminders=rows, now=now)
                continue
            latest = rows[-1]
            late = now - latest.due_at > late_after
            enqueue_alert(
                session=session,
                settings=settings,
                breach=breach,
                event="decision_waiting",
                now=now,
                details={"key": latest.key, "late": late},
            )
            mark_sent(session=session, reminders=rows, now=now, late_after=late_after)
            anchor = latest.deadline_at or latest.due_at
            nxt = next_in_series(
                ReminderKind.DECISION, anchor=anchor, every=policy.decision_every, after=now
            )
            add_planned(
                session=session,
                breach_id=breach_id,
                obligation_id=None,
                plan=nxt,
                key=nudge_key(breach_id, state, anchor, nxt.label),
                anchor=anchor,
                now=now,
            )
        else:
            obligation = get_obligation(session=session, obligation_id=obligation_id)
            valid = [
                r
                for r in rows
                if obligation.state == "open"
                and obligation.due_at is not None
                and r.deadline_at == obligation.due_at
            ]
            valid_ids = {r.id for r in valid}
            stale = [r for r in rows if r.id not in valid_ids]
            result.cancelled += cancel_reminders(session=session, reminders=stale, now=now)
            if not valid or obligation.due_at is None:
                continue
            latest = valid[-1]
            late = now - latest.due_at > late_after
            event = "overdue" if latest.kind == ReminderKind.OVERDUE.value else "reminder"
            enqueue_alert(
                session=session,
                settings=settings,
                breach=breach,
                event=event,
                now=now,
                details={
                    "key": latest.key,
                    "obligation_kind": obligation.kind,
                    "party": obligation.party,
                    "deadline_at": obligation.due_at,
                    "label": latest.label,
                    "late": late,
                    "covers": [r.key for r in valid],
                },
            )
            mark_sent(session=session, reminders=valid, now=now, late_after=late_after)
            if any(r.kind == ReminderKind.OVERDUE.value for r in valid):
                nxt = next_in_series(
                    ReminderKind.OVERDUE,
                    anchor=obligation.due_at,
                    every=policy.overdue_every,
                    after=now,
                )
                add_planned(
                    session=session,
                    breach_id=breach_id,
                    obligation_id=obligation_id,
                    plan=nxt,
                    key=reminder_key(obligation_id, obligation.due_at, nxt.label),
                    anchor=obligation.due_at,
                    now=now,
                )
            rows = valid
        result.messages += 1
        result.rows += len(rows)
        result.late += sum(1 for r in rows if r.late)
    return result, len({(b, o) for b, o, _ in groups})


def sweep_due(
    *,
    engine: Engine,
    settings: Any,
    policy: ReminderPolicy,
    holder: str,
    lease: timedelta,
    late_after: timedelta,
    clock: Callable[[], datetime],
    batch: int = BATCH,
) -> SweepResult:
    """Sweep everything due now, batch by batch, each batch one transaction that first checks
    (and extends) the clock lock: a clock that lost its lock sends nothing."""
    total = SweepResult()
    while True:
        with session_scope(engine) as session:
            now = clock()
            if not record_sweep(session=session, holder=holder, now=now, lease=lease):
                total.skipped_not_holder = True
                return total
            result, seen = sweep_batch(
                session=session,
                settings=settings,
                now=now,
                policy=policy,
                late_after=late_after,
                limit=batch,
            )
        total.add(result)
        if seen < batch:
            return total

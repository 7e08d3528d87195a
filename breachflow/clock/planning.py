"""Turning a breach's obligations into reminder rows (and keeping the rows in step with them).

`plan_reminders_for_breach` is called in the transaction that creates, closes or re-dates
obligations, or moves a breach into or out of a DPO review/approval. It is idempotent: rows are
keyed by (obligation, deadline instant, label), so planning twice adds nothing; rows of a
closed obligation, or of a deadline that moved, are cancelled (never deleted: they are the
record of what was planned), and the moved deadline gets fresh rows.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from models.breaches import get_breach
from models.obligations import list_obligations
from models.reminders import (
    add_reminder,
    add_reminders,
    cancel_reminders,
    list_unsent_reminders,
    revive_reminders,
)
from models.tables import Obligation, Reminder
from rules.lifecycle import NUDGED
from rules.reminders import (
    PlannedReminder,
    ReminderPolicy,
    plan_decision_nudge,
    plan_obligation_reminders,
    policy_from_hours,
)

__all__ = [
    "PlanResult",
    "add_planned",
    "nudge_key",
    "nudge_state",
    "plan_reminders_for_breach",
    "reminder_key",
    "reminder_policy",
]


@dataclass(frozen=True)
class PlanResult:
    """What a (re)plan changed."""

    added: int
    cancelled: int


def reminder_policy(settings: Any) -> ReminderPolicy:
    """The policy from the settings (`reminder_offsets_hours`, `overdue_repeat_hours`; the
    optional `processor_window_fractions` and `decision_nudge_hours` when the settings have
    them)."""
    return policy_from_hours(
        settings.reminder_offsets_hours,
        settings.overdue_repeat_hours,
        window_fractions=tuple(getattr(settings, "processor_window_fractions", (0.5, 0.9))),
        decision_repeat_hours=float(getattr(settings, "decision_nudge_hours", 4)),
    )


def _iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat()


def reminder_key(obligation_id: uuid.UUID, deadline: datetime, label: str) -> str:
    """`rem:<obligation>:<deadline, UTC ISO>:<label>`: a re-dated deadline gets new keys."""
    return f"rem:{obligation_id}:{_iso(deadline)}:{label}"


def nudge_key(breach_id: uuid.UUID, state: str, since: datetime, label: str) -> str:
    """`nudge:<breach>:<state>:<waiting since>:<label>`; the state is the third field."""
    return f"nudge:{breach_id}:{state}:{_iso(since)}:{label}"


def nudge_state(reminder: Reminder) -> str:
    """The breach state a nudge was planned for (read back from its key)."""
    return reminder.key.split(":", 3)[2]


def add_planned(
    *,
    session: Session,
    breach_id: uuid.UUID,
    obligation_id: uuid.UUID | None,
    plan: PlannedReminder,
    key: str,
    anchor: datetime,
    now: datetime,
) -> bool:
    """Store one planned reminder (no-op when its key exists)."""
    return add_reminder(
        session=session,
        key=key,
        breach_id=breach_id,
        obligation_id=obligation_id,
        kind=plan.kind.value,
        label=plan.label,
        due_at=plan.at,
        deadline_at=anchor,
        now=now,
    )


def _opened_at(obligation: Obligation) -> datetime:
    """When the obligation (last) began: its creation, or its reopening."""
    reopened = (obligation.terms or {}).get("reopened_at")
    return datetime.fromisoformat(reopened) if reopened else obligation.created_at


def plan_reminders_for_breach(
    *,
    session: Session,
    breach_id: uuid.UUID,
    settings: Any,
    now: datetime,
    policy: ReminderPolicy | None = None,
) -> PlanResult:
    """Bring the breach's reminder rows in line with its open obligations and its state.

    Every open obligation with a deadline gets its planned reminders (from its creation on);
    unsent rows of obligations no longer open, or planned for another deadline, are cancelled.
    While the breach waits for a DPO decision there is one unsent "decision waiting" nudge
    (the sweeper plans the next when it sends one); otherwise pending nudges are cancelled.
    `policy` overrides the settings' (tests use a clock in seconds).
    """
    policy = policy or reminder_policy(settings)
    breach = get_breach(session=session, breach_id=breach_id)
    obligations = {o.id: o for o in list_obligations(session=session, breach_id=breach_id)}
    unsent = list_unsent_reminders(session=session, breach_id=breach_id)

    stale: list[Reminder] = []
    waiting_nudges: list[Reminder] = []
    for row in unsent:
        if row.obligation_id is None:
            if breach.state in NUDGED and nudge_state(row) == breach.state:
                waiting_nudges.append(row)
            else:
                stale.append(row)
            continue
        obligation = obligations.get(row.obligation_id)
        if (
            obligation is None
            or obligation.state != "open"
            or obligation.due_at is None
            or row.deadline_at != obligation.due_at
        ):
            stale.append(row)
    cancelled = cancel_reminders(session=session, reminders=stale, now=now)

    wanted: list[dict[str, Any]] = []
    for obligation in obligations.values():
        if obligation.state != "open" or obligation.due_at is None:
            continue
        plans = plan_obligation_reminders(
            kind=obligation.kind,
            due_at=obligation.due_at,
            policy=policy,
            planned_from=_opened_at(obligation),
        )
        wanted.extend(
            {
                "key": reminder_key(obligation.id, obligation.due_at, plan.label),
                "breach_id": breach_id,
                "obligation_id": obligation.id,
                "kind": plan.kind.value,
                "label": plan.label,
                "due_at": plan.at,
                "deadline_at": obligation.due_at,
            }
            for plan in plans
        )
    # A reopened obligation (or a deadline moved back) wants rows it had before: plan them again.
    added = revive_reminders(session=session, keys=[row["key"] for row in wanted], now=now)
    added += add_reminders(session=session, rows=wanted, now=now)

    if breach.state in NUDGED and not waiting_nudges:
        plan = plan_decision_nudge(waiting_since=now, policy=policy)
        added += add_planned(
            session=session,
            breach_id=breach_id,
            obligation_id=None,
            plan=plan,
            key=nudge_key(breach_id, breach.state, now, plan.label),
            anchor=now,
            now=now,
        )
    return PlanResult(added=added, cancelled=cancelled)

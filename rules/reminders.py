"""When to remind whom of a deadline: the plan, as instants (pure: no clock, no database).

The store keeps one row per planned reminder and the scheduler only sends what the rows say, so
the plan must be deterministic: the same obligation and policy give the same reminders, with
the same labels, every time it is (re)planned. Arithmetic is in UTC (a 72-hour clock across the
daylight-saving change is 72 real hours); Brussels time is for display only.

Three shapes:
- fixed offsets before the deadline (default 48, 24, 12, 4, 1 hours and at the deadline);
- a contract window (a processor's notice to its client, often 24-48 hours): reminders at
  fractions of the window, e.g. 50% and 90%, so a short window still gets useful warnings;
- overdue repeats (every N hours after the deadline until done) and "DPO decision still
  waiting" nudges: open-ended series, planned one at a time (`next_in_series`), since the rows
  are the plan and an endless series cannot be stored up front.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from rules.obligations import ObligationKind

__all__ = [
    "WINDOW_KINDS",
    "PlannedReminder",
    "ReminderKind",
    "ReminderPolicy",
    "next_in_series",
    "plan_decision_nudge",
    "plan_obligation_reminders",
    "policy_from_hours",
]


class ReminderKind(StrEnum):
    BEFORE = "before"  # a fixed offset before the deadline
    WINDOW = "window"  # a fraction of a contract window has passed
    DUE = "due"  # the deadline itself
    OVERDUE = "overdue"  # every N hours after the deadline, until done
    DECISION = "decision_waiting"  # a DPO review or approval is still pending


# Obligations whose deadline is a short contract window: reminded at fractions of the window.
WINDOW_KINDS: frozenset[str] = frozenset({ObligationKind.PROCESSOR_NOTICE.value})


@dataclass(frozen=True)
class ReminderPolicy:
    """How reminders are spaced. Durations, not hours, so tests can run a clock in seconds."""

    offsets: tuple[timedelta, ...] = tuple(timedelta(hours=h) for h in (48, 24, 12, 4, 1))
    overdue_every: timedelta = timedelta(hours=6)
    window_fractions: tuple[float, ...] = (0.5, 0.9)
    decision_every: timedelta = timedelta(hours=4)
    window_kinds: frozenset[str] = field(default=WINDOW_KINDS)

    def __post_init__(self) -> None:
        if self.overdue_every <= timedelta(0) or self.decision_every <= timedelta(0):
            raise ValueError("repeat intervals must be positive")
        if any(not 0 < f < 1 for f in self.window_fractions):
            raise ValueError("window fractions must lie strictly between 0 and 1")
        if any(o < timedelta(0) for o in self.offsets):
            raise ValueError("offsets are durations before the deadline: not negative")


def policy_from_hours(
    offsets_hours: Iterable[float],
    overdue_repeat_hours: float,
    *,
    window_fractions: Sequence[float] = (0.5, 0.9),
    decision_repeat_hours: float = 4,
) -> ReminderPolicy:
    """The policy from the settings' hour numbers; an offset of 0 is the deadline itself (always
    planned), so it is dropped from the `before` offsets."""
    return ReminderPolicy(
        offsets=tuple(timedelta(hours=h) for h in sorted(set(offsets_hours), reverse=True) if h),
        overdue_every=timedelta(hours=overdue_repeat_hours),
        window_fractions=tuple(sorted(set(window_fractions))),
        decision_every=timedelta(hours=decision_repeat_hours),
    )


@dataclass(frozen=True)
class PlannedReminder:
    """One reminder instant. `label` is stable and unique within its obligation and deadline
    (`48h`, `50%`, `due`, `overdue-1`), so it can be part of an idempotency key."""

    kind: ReminderKind
    at: datetime
    label: str
    seq: int = 0

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise ValueError("reminder instants must be timezone-aware")


def _hours_label(offset: timedelta) -> str:
    seconds = int(offset.total_seconds())
    if seconds % 3600 == 0:
        return f"{seconds // 3600}h"
    return f"{seconds}s"


def _percent_label(fraction: float) -> str:
    percent = fraction * 100
    return f"{percent:g}%"


def plan_obligation_reminders(
    *,
    kind: str,
    due_at: datetime,
    policy: ReminderPolicy,
    planned_from: datetime | None = None,
) -> list[PlannedReminder]:
    """The reminders of one open obligation, in time order: the `before` (or `window`) ones
    after `planned_from` (the obligation's start: warnings that would predate it are noise),
    the deadline itself, and the first overdue repeat (the sweeper plans the following ones).

    A window kind without a start falls back to the fixed offsets.
    """
    if due_at.tzinfo is None or (planned_from is not None and planned_from.tzinfo is None):
        raise ValueError("due_at and planned_from must be timezone-aware")
    plans: list[PlannedReminder] = []
    if kind in policy.window_kinds and planned_from is not None and planned_from < due_at:
        window = due_at - planned_from
        for fraction in policy.window_fractions:
            plans.append(
                PlannedReminder(
                    ReminderKind.WINDOW, planned_from + window * fraction, _percent_label(fraction)
                )
            )
    else:
        for offset in policy.offsets:
            at = due_at - offset
            if planned_from is None or at > planned_from:
                plans.append(PlannedReminder(ReminderKind.BEFORE, at, _hours_label(offset)))
    plans.append(PlannedReminder(ReminderKind.DUE, due_at, "due"))
    plans.append(next_in_series(ReminderKind.OVERDUE, anchor=due_at, every=policy.overdue_every))
    plans.sort(key=lambda p: (p.at, p.label))
    return _unique_labels(plans)


def _unique_labels(plans: list[PlannedReminder]) -> list[PlannedReminder]:
    """Labels are key parts: two fractions that format alike keep only the first."""
    seen: set[str] = set()
    kept = []
    for plan in plans:
        if plan.label not in seen:
            seen.add(plan.label)
            kept.append(plan)
    return kept


def next_in_series(
    kind: ReminderKind, *, anchor: datetime, every: timedelta, after: datetime | None = None
) -> PlannedReminder:
    """The next reminder of an open-ended series `anchor + n * every` (n >= 1).

    With `after`, the first one strictly later than it: after downtime the missed repeats are
    skipped (coalesced), not sent in a burst.
    """
    if every <= timedelta(0):
        raise ValueError("every must be positive")
    seq = 1
    if after is not None and after >= anchor:
        seq = (after - anchor) // every + 1
    prefix = "overdue" if kind is ReminderKind.OVERDUE else "nudge"
    return PlannedReminder(kind, anchor + every * seq, f"{prefix}-{seq}", seq)


def plan_decision_nudge(
    *, waiting_since: datetime, policy: ReminderPolicy, after: datetime | None = None
) -> PlannedReminder:
    """The next "DPO decision still waiting" nudge for a review or approval pending since
    `waiting_since`."""
    return next_in_series(
        ReminderKind.DECISION, anchor=waiting_since, every=policy.decision_every, after=after
    )

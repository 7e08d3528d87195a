"""The deadline clock: reminder planning, the sweeper/heartbeat scheduler and its watchdog."""

from __future__ import annotations

from breachflow.clock.planning import PlanResult, plan_reminders_for_breach, reminder_policy
from breachflow.clock.scheduler import STALE_AFTER, ClockHandle, clock_status, start_clock

__all__ = [
    "STALE_AFTER",
    "ClockHandle",
    "PlanResult",
    "clock_status",
    "plan_reminders_for_breach",
    "reminder_policy",
    "start_clock",
]

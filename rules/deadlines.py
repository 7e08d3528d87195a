"""Deadlines: elapsed hours in UTC, calendar periods on Brussels dates (DOMAIN.md §2).

72 hours across a DST change is 72 elapsed hours; 21 calendar days or one month ends at the
same Brussels wall-clock time on the later date.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from rules.reasons import GBA, DeadlineWarning, WarningCode

BRUSSELS = ZoneInfo("Europe/Brussels")

# Art. 33(1) GDPR: the supervisory authority within 72 hours of awareness.
AUTHORITY_HOURS = 72
# GBA portal: Part 2 within 21 calendar days after Part 1 (Art. 33(4) GDPR, GBA procedure).
PART2_DAYS = 21
# Art. 33(2): "without undue delay"; 24 hours when the contract sets no window (breachflow policy).
DEFAULT_PROCESSOR_WINDOW_HOURS = 24
# Belgian NIS2 law of 26 April 2024, art. 57: early warning 24 h, notification 72 h,
# final report one month after the incident notification.
NIS2_EARLY_WARNING_HOURS = 24
NIS2_NOTIFICATION_HOURS = 72


class NaiveTimeError(ValueError):
    """Deadline arithmetic refuses times without an offset."""


def _aware(instant: datetime, name: str) -> datetime:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise NaiveTimeError(f"{name} must carry a UTC offset")
    return instant.astimezone(UTC)


def after_hours(start: datetime, hours: float) -> datetime:
    """An elapsed-time deadline, computed in UTC (never on local wall-clock time)."""
    return _aware(start, "start") + timedelta(hours=hours)


def authority_deadline(aware_at: datetime) -> datetime:
    """Art. 33(1): awareness + 72 elapsed hours, in UTC."""
    return after_hours(aware_at, AUTHORITY_HOURS)


def _brussels_wall_clock(day: date, like: datetime) -> datetime:
    """The same Brussels wall-clock time as `like`, on `day`, as a UTC instant.

    A wall-clock time skipped by the spring change is taken one hour later; an ambiguous one in
    the autumn takes its first occurrence (fold=0), the earlier instant.
    """
    local = datetime.combine(day, like.timetz().replace(tzinfo=None), tzinfo=BRUSSELS)
    roundtrip = local.astimezone(UTC).astimezone(BRUSSELS)
    if roundtrip.replace(tzinfo=None) != local.replace(tzinfo=None):
        local = local + timedelta(hours=1)
    return local.astimezone(UTC)


def after_calendar_days(start: datetime, days: int) -> datetime:
    """A calendar-day period on Brussels dates, ending at the same local time."""
    local = _aware(start, "start").astimezone(BRUSSELS)
    return _brussels_wall_clock(local.date() + timedelta(days=days), local)


def after_calendar_months(start: datetime, months: int) -> datetime:
    """A calendar-month period on Brussels dates; the 31st of a short month ends on its last day."""
    local = _aware(start, "start").astimezone(BRUSSELS)
    month_index = local.month - 1 + months
    year, month = local.year + month_index // 12, month_index % 12 + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    return _brussels_wall_clock(date(year, month, day), local)


def part2_deadline(part1_filed_at: datetime) -> datetime:
    """GBA portal: Part 2 within 21 calendar days after Part 1 was filed."""
    return after_calendar_days(part1_filed_at, PART2_DAYS)


def processor_notice_deadline(aware_at: datetime, window_hours: float | None) -> datetime:
    """Art. 33(2): the contract's window; "without undue delay" applies whatever it says.

    No window set: 24 hours (breachflow policy). A window of 0 hours means at once: due at
    awareness, not the default."""
    window = DEFAULT_PROCESSOR_WINDOW_HOURS if window_hours is None else window_hours
    return after_hours(aware_at, window)


def is_late(deadline: datetime, done_at: datetime) -> bool:
    """Art. 33(1): a notification after the deadline must carry reasons for the delay."""
    return _aware(done_at, "done_at") > _aware(deadline, "deadline")


def hours_left(deadline: datetime, now: datetime) -> float:
    return (_aware(deadline, "deadline") - _aware(now, "now")).total_seconds() / 3600


@dataclass(frozen=True)
class Nis2Deadlines:
    early_warning: datetime
    incident_notification: datetime
    final_report: datetime


def nis2_deadlines(aware_at: datetime, notified_at: datetime | None = None) -> Nis2Deadlines:
    """CCB clocks; the final report runs one month from the notification (provisionally from
    its deadline until it is filed)."""
    notification = after_hours(aware_at, NIS2_NOTIFICATION_HOURS)
    return Nis2Deadlines(
        early_warning=after_hours(aware_at, NIS2_EARLY_WARNING_HOURS),
        incident_notification=notification,
        final_report=after_calendar_months(notified_at or notification, 1),
    )


def second_wednesday(year: int, month: int) -> date:
    first = date(year, month, 1)
    offset = (calendar.WEDNESDAY - first.weekday()) % 7
    return first + timedelta(days=offset + 7)


# GBA procedure: the portal's planned maintenance, second Wednesday of the month from 17:00
# Brussels time for up to 4 hours.
MAINTENANCE_START_HOUR = 17
MAINTENANCE_HOURS = 4


def in_portal_maintenance(instant: datetime) -> bool:
    """GBA portal maintenance: second Wednesday of the month, 17:00-21:00 Brussels time."""
    local = _aware(instant, "instant").astimezone(BRUSSELS)
    if local.date() != second_wednesday(local.year, local.month):
        return False
    return MAINTENANCE_START_HOUR <= local.hour < MAINTENANCE_START_HOUR + MAINTENANCE_HOURS


def maintenance_warnings(instant: datetime | None) -> tuple[DeadlineWarning, ...]:
    """GBA procedure: warn when a deadline filed in the GBA portal falls in its monthly
    maintenance window. Only for filings in that portal (Part 1, Part 2, follow-ups): the CCB
    and client controllers are not reached through it."""
    if instant is None or not in_portal_maintenance(instant):
        return ()
    start = f"{MAINTENANCE_START_HOUR:02d}:00"
    end = f"{MAINTENANCE_START_HOUR + MAINTENANCE_HOURS:02d}:00"
    return (DeadlineWarning.of(WarningCode.PORTAL_MAINTENANCE, GBA, start=start, end=end),)


def to_brussels(instant: datetime) -> datetime:
    return _aware(instant, "instant").astimezone(BRUSSELS)

"""The watchdog: the check that notices when the clock itself has stopped.

It is deliberately not an APScheduler job (a dead scheduler cannot report its own death): run
`check_clock` from the service's reconciler loop (`start_watchdog_thread`), from a scheduled
Prefect deployment every 5 minutes, or from cron (`deliver=True` then also sends the alarm
itself, since the service's outbox dispatcher may be down with the clock).

When the last heartbeat is older than 5 minutes it alerts through every configured channel:
Slack (or the local file without a token), e-mail to `alert_emails` when SMTP and recipients
are configured, and the log. One alarm per stale period: the alarm's outbox key is the last
beat it is about, so a check every minute while the clock stays down alerts once, and a clock
that comes back and dies again alerts again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from breachflow.alerts import alert_handlers, enqueue_alert
from breachflow.clock.scheduler import STALE_AFTER, clock_status
from models.db import read_scope, session_scope
from models.outbox import EMAIL_SEND, Effect, enqueue, get_effect, mark_done, mark_failed_attempt
from models.reminders import claim_effect_by_key
from notifiers.base import MailMessage
from notifiers.factory import channel_notifier_from, mail_notifier_from
from rules.deadlines import BRUSSELS

__all__ = ["WatchdogResult", "check_clock", "start_watchdog_thread"]

log = logging.getLogger(__name__)

_WATCHDOG = "watchdog"


@dataclass(frozen=True)
class WatchdogResult:
    """`ok`: the clock beat recently; `alerted`: this check raised a new alarm."""

    ok: bool
    last_beat: datetime | None
    alerted: bool


def _recipients(settings: Any) -> list[str]:
    value = getattr(settings, "alert_emails", None) or []
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",")]
    return [address for address in value if address]


def _has_effect(engine: Engine, key: str) -> bool:
    with read_scope(engine) as session:
        try:
            get_effect(session=session, key=key)
        except KeyError:
            return False
    return True


def check_clock(
    *,
    engine: Engine,
    settings: Any,
    now: datetime,
    stale_after: timedelta = STALE_AFTER,
    deliver: bool = False,
) -> WatchdogResult:
    """Check the heartbeat; on a stale clock, alert once per stale period."""
    ok, last = clock_status(engine, now, stale_after=stale_after)
    if ok:
        return WatchdogResult(ok=True, last_beat=last, alerted=False)
    period = last.isoformat() if last else "never"
    slack_key = f"slack.post:watchdog:{period}"
    if _has_effect(engine, slack_key):
        return WatchdogResult(ok=False, last_beat=last, alerted=False)
    shown = last.astimezone(BRUSSELS).strftime("%a %d %b %Y %H:%M %Z") if last else "never"
    log.error("breachflow clock is stale: last heartbeat %s; reminders are not being sent", shown)
    with session_scope(engine) as session:
        enqueue_alert(
            session=session,
            settings=settings,
            breach=None,
            event="watchdog",
            now=now,
            details={
                "last_beat": last,
                "stale_after_seconds": stale_after.total_seconds(),
                "key": period,
            },
        )
        recipients = _recipients(settings)
        if recipients:
            mail_key = f"email.send:watchdog:{period}"
            message = MailMessage(
                key=mail_key,
                to=tuple(recipients),
                subject="breachflow: the deadline clock has stopped",
                text=(
                    f"The breachflow clock's last heartbeat was {shown}.\n"
                    "Deadline reminders and escalations are not being sent until it runs again.\n"
                    f"Check the service: {settings.public_url.rstrip('/')}/health\n"
                ),
            )
            enqueue(
                session=session,
                key=mail_key,
                kind=EMAIL_SEND,
                payload=message.to_payload(),
                now=now,
            )
    if deliver:
        _deliver(engine, settings, [slack_key, f"email.send:watchdog:{period}"], now)
    return WatchdogResult(ok=False, last_beat=last, alerted=True)


def _deliver(engine: Engine, settings: Any, keys: list[str], now: datetime) -> None:
    """Send the alarm's effects now, marking them done in the outbox (so the service's
    dispatcher, when it runs again, does not send them a second time)."""
    handlers = alert_handlers(engine, channel_notifier_from(settings), mail_notifier_from(settings))
    for key in keys:
        with session_scope(engine) as session:
            row = claim_effect_by_key(session=session, key=key, claimed_by=_WATCHDOG, now=now)
            if row is None:
                continue
            effect = Effect(row.key, row.kind, row.payload, row.attempts, False, row.breach_id)
            row_id = row.id
        try:
            result = handlers[effect.kind](effect)
        except Exception as error:
            log.exception("watchdog: could not deliver %s; left for the dispatcher", key)
            with session_scope(engine) as session:
                mark_failed_attempt(
                    session=session,
                    effect_id=row_id,
                    claimed_by=_WATCHDOG,
                    error=repr(error),
                    retry_at=now,
                )
            continue
        with session_scope(engine) as session:
            mark_done(
                session=session, effect_id=row_id, claimed_by=_WATCHDOG, result=result, now=now
            )


def start_watchdog_thread(
    engine: Engine,
    settings: Any,
    stop_event: threading.Event,
    *,
    every_seconds: float = 60.0,
    stale_after: timedelta = STALE_AFTER,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> threading.Thread:
    """Run `check_clock` every `every_seconds` in a daemon thread (the service's loop); the
    service's own dispatcher delivers the alarm."""

    def loop() -> None:
        while not stop_event.wait(every_seconds):
            try:
                check_clock(engine=engine, settings=settings, now=clock(), stale_after=stale_after)
            except Exception:
                log.exception("watchdog: check failed")

    thread = threading.Thread(target=loop, name="clock-watchdog", daemon=True)
    thread.start()
    return thread

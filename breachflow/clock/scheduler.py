"""The clock: APScheduler running the reminder sweep and the heartbeat, one per database.

Nothing is rebuilt at start-up: the reminder rows are the plan, and the first sweep (at once)
sends whatever fell due while the service was down, once, marked late. A third job anchors
the audit chain's head outside the database at least daily (`services.anchoring`): it looks
hourly (and at once) whether the last anchor is a day old. The job store is in
memory on purpose (TECH-NOTES: a persistent job store drops missed jobs past their grace time);
the two jobs are fixed and re-added on every start.

One clock per database: a lock row with a lease. The holder extends it on every sweep and
beat; a second clock waits in standby (its jobs try to take the lock) and takes over when the
lease lapses, or at once when the holder is a dead process on the same host (a crash). Started
only by `breachflow serve` (and tests).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor  # type: ignore[import-untyped]
from apscheduler.jobstores.memory import MemoryJobStore  # type: ignore[import-untyped]
from apscheduler.schedulers.background import BackgroundScheduler  # type: ignore[import-untyped]
from sqlalchemy import Engine

from breachflow.clock.planning import reminder_policy
from breachflow.clock.sweeper import SweepResult, sweep_due
from breachflow.services.anchoring import anchor_if_due
from breachflow.settings import Settings
from models.db import read_scope, session_scope
from models.reminders import acquire_clock_lock, beat, get_clock_lock, release_clock_lock
from models.types import utcnow
from rules.reminders import ReminderPolicy

__all__ = [
    "STALE_AFTER",
    "ClockHandle",
    "clock_status",
    "holder_is_dead",
    "start_clock",
]

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=5)
DEFAULT_SWEEP_SECONDS = 15.0
DEFAULT_HEARTBEAT_SECONDS = 60.0
ANCHOR_CHECK_SECONDS = 3600.0


def _new_holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def holder_is_dead(holder: str | None) -> bool:
    """True when `holder` names a process on this host that no longer exists (it crashed)."""
    if not holder:
        return False
    parts = holder.split(":")
    if len(parts) < 3 or parts[0] != socket.gethostname():
        return False
    try:
        pid = int(parts[1])
    except ValueError:
        return False
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


@dataclass
class ClockHandle:
    """A running clock. `stop()` shuts the scheduler down and gives the lock back."""

    engine: Engine
    scheduler: BackgroundScheduler
    holder: str
    sweep_seconds: float
    heartbeat_seconds: float
    _stopped: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)
    last_sweep: SweepResult | None = None
    holding: bool = False

    def stop(self, *, wait: bool = True) -> None:
        """Stop the jobs (waiting for a running sweep) and release the lock."""
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
        self.scheduler.shutdown(wait=wait)
        try:
            with session_scope(self.engine) as session:
                release_clock_lock(session=session, holder=self.holder)
        except Exception:
            log.exception("clock: could not release its lock (it will lapse)")
        self.holding = False

    @property
    def running(self) -> bool:
        return not self._stopped and self.scheduler.running


def _setting(settings: Any, name: str, default: float) -> float:
    value = getattr(settings, name, None)
    return float(value) if value is not None else default


def start_clock(
    engine: Engine,
    settings: Any,
    *,
    sweep_seconds: float | None = None,
    heartbeat_seconds: float | None = None,
    lease: timedelta | None = None,
    late_after: timedelta | None = None,
    policy: ReminderPolicy | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> ClockHandle:
    """Start the sweeper and heartbeat jobs in a `BackgroundScheduler` and return its handle.

    Intervals come from the arguments, else the settings (`clock_sweep_seconds`,
    `clock_heartbeat_seconds`), else 15 s and 60 s. The lease defaults to three heartbeats; a
    reminder is `late` when sent more than two sweeps plus 2 s after its time. Both jobs run
    once at start: missed reminders go out at once and the first beat is recorded.
    """
    sweep_s = sweep_seconds or _setting(settings, "clock_sweep_seconds", DEFAULT_SWEEP_SECONDS)
    beat_s = heartbeat_seconds or _setting(
        settings, "clock_heartbeat_seconds", DEFAULT_HEARTBEAT_SECONDS
    )
    lease = lease or timedelta(seconds=max(3 * beat_s, 3 * sweep_s))
    late_after = late_after or timedelta(seconds=2 * sweep_s + 2)
    policy = policy or reminder_policy(settings)
    scheduler = BackgroundScheduler(
        jobstores={"default": MemoryJobStore()},
        executors={"default": ThreadPoolExecutor(2)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        timezone=UTC,
    )
    handle = ClockHandle(
        engine=engine,
        scheduler=scheduler,
        holder=_new_holder(),
        sweep_seconds=sweep_s,
        heartbeat_seconds=beat_s,
    )

    def take_lock() -> bool:
        with session_scope(engine) as session:
            row = get_clock_lock(session=session)
            dead = row is not None and holder_is_dead(row.holder)
            held = acquire_clock_lock(
                session=session, holder=handle.holder, now=clock(), lease=lease, holder_is_dead=dead
            )
        if held and not handle.holding:
            log.info("clock %s: holding the lock", handle.holder)
        handle.holding = held
        return held

    def sweep_job() -> None:
        try:
            if not handle.holding and not take_lock():
                return
            result = sweep_due(
                engine=engine,
                settings=settings,
                policy=policy,
                holder=handle.holder,
                lease=lease,
                late_after=late_after,
                clock=clock,
            )
            handle.last_sweep = result
            if result.skipped_not_holder:
                log.warning("clock %s: lost the lock; standing by", handle.holder)
                handle.holding = False
            elif result.messages:
                log.info(
                    "clock: %d reminder message(s) for %d row(s), %d late",
                    result.messages,
                    result.rows,
                    result.late,
                )
        except Exception:
            log.exception("clock: sweep failed (retried next interval)")

    def beat_job() -> None:
        try:
            if not handle.holding and not take_lock():
                return
            with session_scope(engine) as session:
                ok = beat(session=session, holder=handle.holder, now=clock(), lease=lease)
            if not ok:
                handle.holding = False
        except Exception:
            log.exception("clock: heartbeat failed")

    def anchor_job() -> None:
        try:
            if handle.holding and isinstance(settings, Settings):
                anchor_if_due(engine=engine, settings=settings, now=clock())
        except Exception:
            log.exception("clock: audit anchor failed (tried again within the hour)")

    start = utcnow()
    take_lock()
    scheduler.add_job(beat_job, "interval", seconds=beat_s, id="heartbeat", next_run_time=start)
    scheduler.add_job(sweep_job, "interval", seconds=sweep_s, id="sweeper", next_run_time=start)
    scheduler.add_job(
        anchor_job,
        "interval",
        seconds=ANCHOR_CHECK_SECONDS,
        id="audit-anchor",
        next_run_time=start + timedelta(seconds=1),
    )
    scheduler.start()
    return handle


def clock_status(
    engine: Engine, now: datetime, *, stale_after: timedelta = STALE_AFTER
) -> tuple[bool, datetime | None]:
    """(ok, last beat): ok when a heartbeat was recorded within `stale_after` of `now`."""
    with read_scope(engine) as session:
        row = get_clock_lock(session=session)
    last = row.last_beat_at if row is not None else None
    return (last is not None and now - last <= stale_after), last

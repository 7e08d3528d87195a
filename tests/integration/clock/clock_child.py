"""A clock process for the kill/restart test: `python clock_child.py DB_URL DATA_DIR SWEEP_S`.

Starts the real clock (APScheduler, sweep every SWEEP_S seconds, reminders in seconds) and an
outbox dispatcher writing Slack messages to DATA_DIR/slack.jsonl, then runs until killed.
"""

from __future__ import annotations

import logging
import sys
import threading
from datetime import timedelta
from pathlib import Path

from breachflow.alerts import alert_handlers
from breachflow.clock import start_clock
from breachflow.dispatcher import Backoff, Dispatcher
from breachflow.settings import Settings
from models.db import make_engine
from notifiers.factory import channel_notifier_from, mail_notifier_from
from rules.reminders import ReminderPolicy

DISPATCHER = "clock-test-dispatcher"
# The short clock the test plans with: reminders 4 s and 2 s before, repeats every 3 s.
POLICY = ReminderPolicy(
    offsets=(timedelta(seconds=4), timedelta(seconds=2)),
    overdue_every=timedelta(seconds=3),
    decision_every=timedelta(seconds=3),
)
LATE_AFTER = timedelta(seconds=1)  # a reminder sent later than this after its time is late


def main(db_url: str, data_dir: str, sweep_seconds: str) -> None:
    logging.basicConfig(level=logging.INFO)
    settings = Settings(
        data_dir=Path(data_dir),
        database_url=db_url,
        slack_token=None,
        smtp_url=None,
        _env_file=None,  # type: ignore[call-arg]
    )
    engine = make_engine(db_url)
    handlers = alert_handlers(engine, channel_notifier_from(settings), mail_notifier_from(settings))
    dispatcher = Dispatcher(
        engine,
        handlers,
        name=DISPATCHER,
        poll_seconds=0.2,
        backoff=Backoff(base=timedelta(seconds=0.5), cap=timedelta(seconds=2), max_attempts=50),
    )
    stop = threading.Event()
    dispatcher.start_thread(stop)
    start_clock(
        engine,
        settings,
        sweep_seconds=float(sweep_seconds),
        heartbeat_seconds=1.0,
        late_after=LATE_AFTER,
        policy=POLICY,
    )
    print("clock started", flush=True)
    stop.wait()


if __name__ == "__main__":
    main(*sys.argv[1:4])

"""Benchmark of the deadline clock: `python -m bench.clock [--obligations 10000] [--due 1000]`.

On a fresh SQLite file: N open obligations (10 per breach) with their reminder rows planned,
then
- planning: the time `plan_reminders_for_breach` takes for all of them;
- start-up: from `start_clock()` to the end of its first sweep (nothing due: the scan of the
  full plan) and its first heartbeat. Target (issue 7): under 5 seconds;
- lag: M reminders due within the same minute; lag = when the sent row became visible to
  another connection (polled every 50 ms) minus its due instant. Target: p99 under the sweep
  interval + 2 seconds (15 + 2 s with the defaults).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert
from sqlmodel import col, select

from breachflow.clock import plan_reminders_for_breach, start_clock
from breachflow.settings import Settings
from breachflow.store import open_store
from models.db import make_engine, read_scope, session_scope
from models.tables import Breach, Obligation, Reminder
from rules.lifecycle import State

KINDS = (
    "authority_notification",
    "processor_notice",
    "subject_communication",
    "assist_controller",
    "scope_check",
    "joint_partner_notice",
    "ccb_early_warning",
    "ccb_incident_notification",
    "ccb_final_report",
    "authority_part2",
)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
    return ordered[index]


def seed(engine: object, obligations: int, now: datetime) -> list[uuid.UUID]:
    """Breaches with 10 open obligations each, due 30-70 hours ahead (bulk inserts: setup)."""
    breaches: list[dict[str, object]] = []
    breach_ids: list[uuid.UUID] = []
    obligation_rows = []
    rng = random.Random(7)
    for b in range(obligations // len(KINDS)):
        breach_id = uuid.uuid4()
        breach_ids.append(breach_id)
        breaches.append(
            {
                "id": breach_id,
                "reference": f"BR-2026-{b + 1:05d}",
                "reporter": "bench",
                "channel": "demo",
                "detected_at": now,
                "aware_at": now,
                "aware_set_by": "bench",
                "description": "",
                "facts": {},
                "affected_activity_ids": [],
                "state": State.ASSESSED.value,
                "created_at": now,
                "updated_at": now,
            }
        )
        for kind in KINDS:
            obligation_rows.append(
                {
                    "id": uuid.uuid4(),
                    "breach_id": breach_id,
                    "kind": kind,
                    "party": "bench",
                    "activity_id": "",
                    "due_at": now + timedelta(hours=rng.uniform(30, 70)),
                    "state": "open",
                    "terms": {},
                    "created_at": now,
                }
            )
    with session_scope(engine) as session:  # type: ignore[arg-type]
        session.execute(insert(Breach), breaches)
        session.execute(insert(Obligation), obligation_rows)
    return breach_ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--obligations", type=int, default=10_000)
    parser.add_argument("--due", type=int, default=1_000)
    parser.add_argument("--sweep-seconds", type=float, default=15.0)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        settings = Settings(
            data_dir=Path(folder),
            database_url=url,
            slack_token=None,
            _env_file=None,  # type: ignore[call-arg]
        )
        engine = open_store(settings)
        now = datetime.now(UTC)
        breach_ids = seed(engine, args.obligations, now)

        started = time.perf_counter()
        with session_scope(engine) as session:
            for breach_id in breach_ids:
                plan_reminders_for_breach(
                    session=session, breach_id=breach_id, settings=settings, now=now
                )
        planning = time.perf_counter() - started
        with read_scope(engine) as session:
            planned = len(session.exec(select(Reminder.id)).all())

        # M reminders due within the coming minute, one per obligation, on distinct breaches.
        with read_scope(engine) as session:
            targets = session.exec(
                select(Obligation.id, Obligation.breach_id, Obligation.due_at)
                .where(Obligation.kind == "authority_notification")
                .limit(args.due)
            ).all()
        window_start = datetime.now(UTC) + timedelta(seconds=args.sweep_seconds + 10)
        rng = random.Random(11)
        due_rows = [
            {
                "id": uuid.uuid4(),
                "key": f"bench:{obligation_id}",
                "breach_id": breach_id,
                "obligation_id": obligation_id,
                "kind": "before",
                "label": "bench",
                "due_at": window_start + timedelta(seconds=rng.uniform(0, 60)),
                "deadline_at": due_at,
                "late": False,
                "created_at": now,
            }
            for obligation_id, breach_id, due_at in targets
        ]
        with session_scope(engine) as session:
            session.execute(insert(Reminder), due_rows)
        due_by_key: dict[str, datetime] = {str(r["key"]): r["due_at"] for r in due_rows}  # type: ignore[misc]

        started = time.perf_counter()
        handle = start_clock(engine, settings, sweep_seconds=args.sweep_seconds)
        while handle.last_sweep is None:
            time.sleep(0.005)
        startup = time.perf_counter() - started

        seen: dict[str, datetime] = {}
        stop = threading.Event()

        def watch() -> None:
            watcher = make_engine(url)
            while not stop.is_set() and len(seen) < len(due_by_key):
                with read_scope(watcher) as session:
                    keys = session.exec(
                        select(Reminder.key).where(
                            Reminder.label == "bench", col(Reminder.sent_at).is_not(None)
                        )
                    ).all()
                at = datetime.now(UTC)
                for key in keys:
                    seen.setdefault(key, at)
                time.sleep(0.05)
            watcher.dispose()

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        watcher.join(timeout=args.sweep_seconds * 4 + 120)
        stop.set()
        handle.stop()
        engine.dispose()

    lags = [(seen[key] - due).total_seconds() for key, due in due_by_key.items() if key in seen]
    print(f"obligations:     {args.obligations:,} open ({planned:,} reminder rows planned)")
    print(f"planning:        {planning:.2f} s ({args.obligations / planning:,.0f} obligations/s)")
    print(f"start-up:        {startup:.2f} s to the end of the first sweep (target < 5 s)")
    print(f"due in 1 minute: {args.due:,}; sent {len(lags):,}")
    if lags:
        target = args.sweep_seconds + 2
        print(
            f"lag:             p50 {percentile(lags, 50):.2f} s, p99 {percentile(lags, 99):.2f} s,"
            f" max {max(lags):.2f} s (target p99 < {target:.0f} s)"
        )


if __name__ == "__main__":
    main()

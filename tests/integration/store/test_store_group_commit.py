"""Writing in batches: the group-commit writer, batched breaches, audit events and outbox rows,
and the SQLite writer lock across processes. Same tests on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from store_factories import NOW, breach_in

from models.audit import EventIn, append_events, verify_chain
from models.breaches import create_breaches, get_breach_by_reference
from models.db import make_engine, read_scope, session_scope, writer_lock
from models.group_commit import GroupCommit
from models.outbox import EffectIn, enqueue, enqueue_many, get_effect, list_effects
from models.tables import AuditEvent, Breach
from tests.support.audit_key import TEST_AUDIT_KEY, keyed

pytestmark = pytest.mark.integration


def _create(session: Session, items: Sequence[str]) -> list[str]:
    """A GroupCommit write: one breach per item (its reporter), refused for `bad`."""
    if "bad" in items:
        raise ValueError("bad item")
    breaches = create_breaches(
        session=session, items=[(breach_in(NOW, reporter=name), "test", NOW) for name in items]
    )
    return [b.reference for b in breaches]


def test_concurrent_submits_share_transactions_and_all_land_once(engine: Engine) -> None:
    sizes: list[int] = []

    def write(session: Session, items: Sequence[str]) -> list[str]:
        sizes.append(len(items))
        time.sleep(0.02)  # a slow transaction: others queue behind it
        return _create(session, items)

    writer: GroupCommit[str, str] = GroupCommit(engine, write, max_batch=8)
    results: dict[str, str] = {}

    def submit(name: str) -> None:
        results[name] = writer.submit(name)

    threads = [threading.Thread(target=submit, args=(f"r{n}",)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    writer.close()

    assert sum(sizes) == 30
    assert 1 < max(sizes) <= 8  # batched, never past max_batch
    assert sorted(results.values()) == [f"BR-2026-{n:04d}" for n in range(1, 31)]
    with read_scope(engine) as session:
        for name, reference in results.items():
            assert get_breach_by_reference(session=session, reference=reference).reporter == name
        assert verify_chain(session).ok


def test_a_failing_item_fails_alone(engine: Engine) -> None:
    started = threading.Event()

    def write(session: Session, items: Sequence[str]) -> list[str]:
        started.wait(5)
        return _create(session, items)

    writer: GroupCommit[str, str] = GroupCommit(engine, write)
    futures = [writer.enqueue(name) for name in ("a", "bad", "c")]
    started.set()
    assert futures[0].result(10) == "BR-2026-0001"
    with pytest.raises(ValueError, match="bad item"):
        futures[1].result(10)
    assert futures[2].result(10) == "BR-2026-0002"
    writer.close()
    with read_scope(engine) as session:
        assert [b.reporter for b in session.exec(select(Breach))] == ["a", "c"]
        assert verify_chain(session).ok


def test_closed_writer_refuses_and_async_callers_wait_without_a_thread(engine: Engine) -> None:
    writer: GroupCommit[str, str] = GroupCommit(engine, _create)

    async def both() -> list[str]:
        return list(await asyncio.gather(writer.submit_async("x"), writer.submit_async("y")))

    assert sorted(asyncio.run(both())) == ["BR-2026-0001", "BR-2026-0002"]
    writer.close()
    with pytest.raises(RuntimeError, match="closed"):
        writer.submit("z")


def test_batched_breaches_get_consecutive_references_across_new_year(engine: Engine) -> None:
    # 23:30 UTC on 31 December is already the new year in Brussels (UTC+1 in winter).
    late = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    with session_scope(engine) as session:
        create_breaches(session=session, items=[(breach_in(NOW), "x", NOW)])
    with session_scope(engine) as session:
        made = create_breaches(
            session=session,
            items=[
                (breach_in(NOW), "x", NOW),
                (breach_in(late), "y", late),
                (breach_in(NOW), "z", NOW + timedelta(minutes=1)),
            ],
        )
    assert [b.reference for b in made] == ["BR-2026-0002", "BR-2027-0001", "BR-2026-0003"]
    with read_scope(engine) as session:
        events = list(session.exec(select(AuditEvent).order_by(col(AuditEvent.seq))))
        assert [e.action for e in events] == ["create"] * 4
        assert [e.actor for e in events] == ["x", "x", "y", "z"]
        assert [(e.after or {})["reference"] for e in events][1:] == [b.reference for b in made]
        assert verify_chain(session).ok


def test_events_appended_together_chain_like_events_appended_alone(engine: Engine) -> None:
    with session_scope(engine) as session:
        rows = append_events(
            session=session,
            events=[EventIn("t", "note", "n1", f"a{i}", None, {"i": i}, NOW) for i in range(5)],
        )
    assert [row["seq"] for row in rows] == [1, 2, 3, 4, 5]
    assert all(rows[i]["prev_hash"] == rows[i - 1]["hash"] for i in range(1, 5))
    with read_scope(engine) as session:
        assert verify_chain(session).ok


def test_enqueue_many_skips_keys_already_queued(engine: Engine) -> None:
    with session_scope(engine) as session:
        enqueue(session=session, key="k1", kind="slack.post", payload={"v": "first"}, now=NOW)
    later = NOW + timedelta(seconds=5)
    with session_scope(engine) as session:
        enqueue_many(
            session=session,
            effects=[
                EffectIn("k1", "slack.post", {"v": "second"}),
                EffectIn("k2", "email.send", {"v": 2}, not_before=later, created_at=NOW),
            ],
            now=NOW,
        )
    with read_scope(engine) as session:
        assert get_effect(session=session, key="k1").payload == {"v": "first"}
        second = get_effect(session=session, key="k2")
        assert (second.kind, second.payload, second.state) == ("email.send", {"v": 2}, "pending")
        assert second.next_attempt_at == later
        assert len(list_effects(session=session)) == 2


def _hold_writer_lock(
    url: str, held: multiprocessing.synchronize.Event, release: multiprocessing.synchronize.Event
) -> None:
    engine = make_engine(url, audit_key=TEST_AUDIT_KEY)
    with session_scope(engine) as session:
        create_breaches(session=session, items=[(breach_in(NOW, reporter="other"), "p", NOW)])
        held.set()
        release.wait(60)


def test_sqlite_writers_of_two_processes_queue_on_the_file_lock(tmp_path: Path) -> None:
    """The second process's writer waits for the first and goes on at once when it commits,
    instead of sleeping in SQLite's busy handler (or failing with "database is locked")."""
    from models.migrate import upgrade_to_head

    url = keyed(f"sqlite:///{tmp_path / 'locked.db'}")
    upgrade_to_head(url)
    engine = make_engine(url)
    assert writer_lock(engine) is writer_lock(make_engine(url))  # one per file and process
    context = multiprocessing.get_context("spawn")
    held, release = context.Event(), context.Event()
    other = context.Process(target=_hold_writer_lock, args=(url, held, release))
    other.start()
    assert held.wait(30)
    failures: list[BaseException] = []

    def write() -> None:
        try:
            with session_scope(engine) as session:
                create_breaches(session=session, items=[(breach_in(NOW), "me", NOW)])
        except BaseException as exc:
            failures.append(exc)

    writer = threading.Thread(target=write)
    writer.start()
    writer.join(0.5)
    assert writer.is_alive()  # waiting on the other process's lock, not failing
    release.set()
    writer.join(30)
    assert not writer.is_alive()
    assert failures == []  # no "database is locked"
    other.join(10)
    assert other.exitcode == 0
    with read_scope(engine) as session:
        reporters = [b.reporter for b in session.exec(select(Breach).order_by(Breach.reference))]
    assert reporters == ["other", "Ann Peeters"]
    engine.dispose()

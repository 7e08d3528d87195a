"""The outbox and its dispatcher on a real database: retries, backoff, leases, flow starts."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from store_factories import NOW, breach_in

from breachflow.dispatcher import Backoff, Dispatcher
from breachflow.services.steps import start_key, start_step
from breachflow.step_starts import flow_start_handler
from models.breaches import create_breach
from models.db import read_scope, session_scope
from models.outbox import (
    FLOW_START,
    Effect,
    PermanentError,
    claim_next,
    enqueue,
    get_effect,
    list_effects,
    retry_failed,
)
from rules.lifecycle import Step

pytestmark = pytest.mark.integration


class Clock:
    """A clock the test moves by hand, so backoff and leases need no sleeping."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


def _enqueue(engine: Engine, *keys: str, kind: str = "test.effect") -> None:
    with session_scope(engine) as session:
        for key in keys:
            enqueue(session=session, key=key, kind=kind, payload={"key": key}, now=NOW)


def test_a_failing_effect_is_retried_with_backoff_and_done_once(engine: Engine) -> None:
    """Two failures, then success: three attempts spaced by backoff, one success, never again."""
    calls: list[Effect] = []

    def flaky(effect: Effect) -> Mapping[str, Any]:
        calls.append(effect)
        if effect.attempt < 3:
            raise ConnectionError("SMTP server down")
        return {"message_id": f"<{effect.key}@breachflow>"}

    clock = Clock(NOW)
    backoff = Backoff(base=timedelta(seconds=10), cap=timedelta(minutes=1), max_attempts=5)
    dispatcher = Dispatcher(engine, {"email.send": flaky}, backoff=backoff, clock=clock)
    _enqueue(engine, "email:1", kind="email.send")

    assert dispatcher.run_until_idle() == 1  # attempt 1 fails, retry in 10 s
    clock.advance(timedelta(seconds=9))
    assert dispatcher.run_until_idle() == 0  # not due yet
    clock.advance(timedelta(seconds=1))
    assert dispatcher.run_until_idle() == 1  # attempt 2 fails, retry in 20 s
    with read_scope(engine) as session:
        pending = get_effect(session=session, key="email:1")
    assert pending.state == "pending"
    assert pending.next_attempt_at == clock.now + timedelta(seconds=20)
    assert "SMTP server down" in (pending.last_error or "")
    clock.advance(timedelta(seconds=20))
    assert dispatcher.run_until_idle() == 1  # attempt 3 succeeds
    clock.advance(timedelta(hours=1))
    assert dispatcher.run_until_idle() == 0

    with read_scope(engine) as session:
        done = get_effect(session=session, key="email:1")
    assert [c.attempt for c in calls] == [1, 2, 3]
    assert not any(c.outcome_unknown for c in calls)
    assert done.state == "done"
    assert done.attempts == 3
    assert done.result == {"message_id": "<email:1@breachflow>"}
    assert done.done_at == clock.now - timedelta(hours=1)


def test_an_effect_that_keeps_failing_is_kept_as_failed(engine: Engine) -> None:
    """After max attempts the row stays, `failed`, with its last error, until an operator
    puts it back."""
    attempts: list[int] = []

    def broken(effect: Effect) -> Mapping[str, Any]:
        attempts.append(effect.attempt)
        raise TimeoutError("slack unreachable")

    clock = Clock(NOW)
    backoff = Backoff(base=timedelta(seconds=1), cap=timedelta(seconds=4), max_attempts=3)
    dispatcher = Dispatcher(engine, {"slack.post": broken}, backoff=backoff, clock=clock)
    _enqueue(engine, "slack:1", kind="slack.post")
    for _ in range(5):
        dispatcher.run_until_idle()
        clock.advance(timedelta(seconds=4))
    with session_scope(engine) as session:
        failed = get_effect(session=session, key="slack:1")
        assert failed.state == "failed"
        assert "slack unreachable" in (failed.last_error or "")
        retry_failed(session=session, key="slack:1", now=clock.now)
    assert attempts == [1, 2, 3]
    dispatcher.run_until_idle()
    assert attempts == [1, 2, 3, 1]


def test_permanent_errors_fail_at_once_and_other_kinds_are_left_to_their_dispatchers(
    engine: Engine,
) -> None:
    """Retrying cannot fix a bad payload: no second attempt. A kind this dispatcher has no
    handler for stays queued for the dispatcher that has one (steps and messages are carried
    by dispatchers of their own)."""

    def reject(effect: Effect) -> Mapping[str, Any]:
        raise PermanentError("recipient rejected")

    dispatcher = Dispatcher(engine, {"email.send": reject}, clock=Clock(NOW))
    _enqueue(engine, "email:bad", kind="email.send")
    _enqueue(engine, "fax:1", kind="fax.send")
    assert dispatcher.run_until_idle() == 1
    with read_scope(engine) as session:
        effects = {e.key: e for e in list_effects(session=session)}
    assert effects["email:bad"].state == "failed"
    assert effects["email:bad"].attempts == 1
    assert (effects["fax:1"].state, effects["fax:1"].attempts) == ("pending", 0)


def test_an_abandoned_claim_is_taken_over_after_the_lease_with_outcome_unknown(
    engine: Engine,
) -> None:
    """A claim whose dispatcher vanished is retried once the lease passes, flagged as unknown."""
    _enqueue(engine, "slack:crashed", kind="slack.post")
    with session_scope(engine) as session:
        claimed = claim_next(
            session=session, now=NOW, lease=timedelta(minutes=5), claimed_by="ghost"
        )
    assert claimed is not None
    seen: list[Effect] = []
    clock = Clock(NOW + timedelta(minutes=4))
    dispatcher = Dispatcher(
        engine,
        {"slack.post": lambda e: seen.append(e) or {}},
        lease=timedelta(minutes=5),
        clock=clock,
    )
    assert dispatcher.run_until_idle() == 0  # the ghost's lease still holds
    clock.advance(timedelta(minutes=1))
    assert dispatcher.run_until_idle() == 1
    assert [(e.attempt, e.outcome_unknown) for e in seen] == [(2, True)]


def test_two_dispatchers_carry_out_each_effect_exactly_once(engine: Engine) -> None:
    """Dispatchers running side by side never claim the same effect."""
    keys = [f"effect:{i:02d}" for i in range(30)]
    _enqueue(engine, *keys)
    calls: Counter[str] = Counter()
    lock = threading.Lock()

    def record(effect: Effect) -> Mapping[str, Any]:
        with lock:
            calls[effect.key] += 1
        return {}

    dispatchers = [Dispatcher(engine, {"test.effect": record}, name=f"d{i}") for i in range(2)]
    threads = [threading.Thread(target=d.run_until_idle) for d in dispatchers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == Counter(dict.fromkeys(keys, 1))
    with read_scope(engine) as session:
        assert {e.state for e in list_effects(session=session)} == {"done"}


def test_an_idle_dispatcher_waits_for_no_writer(engine: Engine) -> None:
    """Polling with nothing due only reads: a write transaction elsewhere (the intake filing a
    report, say) does not hold it up, and it takes no turn among the writers (SQLite has one
    at a time)."""
    _enqueue(engine, "someone-else:effect", kind="slack.post")  # due, not this one's kind
    dispatcher = Dispatcher(engine, {"test.effect": lambda e: {}}, clock=Clock(NOW))
    writing, release = threading.Event(), threading.Event()

    def write_and_wait() -> None:
        with session_scope(engine) as session:
            later = NOW + timedelta(days=1)
            enqueue(session=session, key="later", kind="test.effect", payload={}, now=later)
            session.flush()
            writing.set()
            release.wait(30)

    answers: list[bool] = []
    writer = threading.Thread(target=write_and_wait)
    poll = threading.Thread(target=lambda: answers.append(dispatcher.run_once()))
    writer.start()
    try:
        assert writing.wait(10)
        poll.start()
        poll.join(5)
        assert answers == [False], "the idle poll waited for the writer"
    finally:
        release.set()
        writer.join()
        if poll.is_alive():
            poll.join()


def test_a_flow_start_is_recorded_with_its_cause_and_started_once(engine: Engine) -> None:
    """`flow.start` queued with the breach starts the step once, even if queued again."""
    started: list[dict[str, Any]] = []

    class Starter:
        def start(self, *, deployment: str, parameters: Any, idempotency_key: str) -> str:
            started.append({"deployment": deployment, **parameters})
            return "run-1"

    dispatcher = Dispatcher(engine, {FLOW_START: flow_start_handler(Starter())}, clock=Clock(NOW))
    with session_scope(engine) as session:
        breach = create_breach(session=session, breach_in=breach_in(NOW), actor="x", now=NOW)
    for _ in range(2):
        with session_scope(engine) as session:
            start_step(session=session, breach_id=breach.id, step=Step.ASSESS, key="1", now=NOW)
    dispatcher.run_until_idle()
    dispatcher.run_until_idle()
    with read_scope(engine) as session:
        effect = get_effect(session=session, key=start_key(breach.id, Step.ASSESS, "1"))
    assert started == [{"deployment": "assess-breach/breachflow", "breach_id": str(breach.id)}]
    assert effect.state == "done"
    assert effect.result is not None
    assert effect.result["flow_run_id"] == "run-1"

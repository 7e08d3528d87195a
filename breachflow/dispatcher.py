"""The outbox dispatcher: carries out recorded effects, retries with backoff, records results.

One effect at a time: claim it (committed: state `running`), call its handler outside any
transaction, then record `done` with the handler's result or schedule a retry. A dispatcher
that dies mid-attempt leaves the row `running`; once the lease has passed, the next claim hands
it over with `outcome_unknown=True`, so the handler checks before it acts again. On start it
takes back its own unfinished claims (same `name`) at once and then claims whatever is due, so
nothing pending before a crash is lost. Give each dispatcher running at the same time its own
name; the default (the host name) suits one dispatcher per host.

The delivery guarantee of each effect kind is documented in `models.outbox`.

No kind is at-most-once: for breach notices a missed message is worse than a repeated one, and
every handler can tell a repeat from a first attempt.
"""

from __future__ import annotations

import logging
import socket
import threading
import traceback
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine

from models.db import read_scope, session_scope
from models.outbox import (
    Effect,
    Handler,
    PermanentError,
    any_due,
    claim_next,
    expire_claims,
    mark_done,
    mark_failed_attempt,
)
from models.types import utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff: base * 2**(attempt-1), capped.

    By default a retryable failure (an outage) is retried for ever at the capped interval: an
    effect is never dropped; only `PermanentError` or a set `max_attempts` mark it `failed`.
    """

    base: timedelta = timedelta(seconds=5)
    cap: timedelta = timedelta(minutes=30)
    max_attempts: int | None = None

    def retry_at(self, *, attempt: int, now: datetime) -> datetime | None:
        if self.max_attempts is not None and attempt >= self.max_attempts:
            return None
        # The exponent stops growing once far past the cap (2**30 * base), so it never overflows.
        delay: timedelta = min(self.base * 2 ** min(attempt - 1, 30), self.cap)
        return now + delay


class Dispatcher:
    """Claims the due outbox rows it has handlers for and runs them. Safe to run several at
    once (each with its own `name`), and side by side with dispatchers of other kinds."""

    def __init__(
        self,
        engine: Engine,
        handlers: Mapping[str, Handler],
        *,
        lease: timedelta = timedelta(minutes=5),
        backoff: Backoff | None = None,
        poll_seconds: float = 1.0,
        clock: Callable[[], datetime] = utcnow,
        name: str | None = None,
    ) -> None:
        self.engine = engine
        self.handlers = dict(handlers)
        self.lease = lease
        self.backoff = backoff or Backoff()
        self.poll_seconds = poll_seconds
        self.clock = clock
        self.name = name or f"{socket.gethostname()}:dispatcher"

    def recover(self) -> int:
        """Take back this dispatcher's claims left `running` by a previous run that died; they
        are retried with `outcome_unknown=True`. Returns how many."""
        with session_scope(self.engine) as session:
            count = expire_claims(session=session, claimed_by=self.name)
        if count:
            log.warning("outbox dispatcher %s: %d unfinished claims taken back", self.name, count)
        return count

    def run_once(self) -> bool:
        """Carry out one due effect; False when nothing was due."""
        now = self.clock()
        with read_scope(self.engine) as session:
            if not any_due(session=session, now=now, lease=self.lease, kinds=self.handlers.keys()):
                return False
        with session_scope(self.engine) as session:
            claimed = claim_next(
                session=session,
                now=now,
                lease=self.lease,
                claimed_by=self.name,
                kinds=self.handlers.keys(),
            )
            if claimed is None:
                return False
            row, outcome_unknown = claimed
            effect = Effect(
                key=row.key,
                kind=row.kind,
                payload=row.payload,
                attempt=row.attempts,
                outcome_unknown=outcome_unknown,
                breach_id=row.breach_id,
            )
            row_id = row.id
        self._attempt(row_id, effect)
        return True

    def run_until_idle(self, *, max_effects: int | None = None) -> int:
        """Carry out due effects until none is due (or `max_effects`); returns how many ran."""
        count = 0
        while (max_effects is None or count < max_effects) and self.run_once():
            count += 1
        return count

    def run_forever(self, stop_event: threading.Event) -> None:
        """Loop until `stop_event` is set; sleeps `poll_seconds` when idle. Never dies of one
        effect's or one database hiccup's exception."""
        self.recover()
        while not stop_event.is_set():
            try:
                busy = self.run_once()
            except Exception:
                log.exception("outbox dispatcher: claiming failed")
                busy = False
            if not busy:
                stop_event.wait(self.poll_seconds)

    def start_thread(self, stop_event: threading.Event) -> threading.Thread:
        """`run_forever` in a daemon thread (what the service's supervisor starts)."""
        thread = threading.Thread(
            target=self.run_forever, args=(stop_event,), name="outbox-dispatcher", daemon=True
        )
        thread.start()
        return thread

    def _attempt(self, row_id: uuid.UUID, effect: Effect) -> None:
        handler = self.handlers.get(effect.kind)
        try:
            if handler is None:
                raise PermanentError(f"no handler for effect kind {effect.kind!r}")
            result = handler(effect)
        except Exception as error:
            permanent = isinstance(error, PermanentError)
            retry_at = (
                None
                if permanent
                else self.backoff.retry_at(attempt=effect.attempt, now=self.clock())
            )
            text = "".join(traceback.format_exception_only(error)).strip()
            log.warning("outbox effect %s attempt %d failed: %s", effect.key, effect.attempt, text)
            with session_scope(self.engine) as session:
                mark_failed_attempt(
                    session=session,
                    effect_id=row_id,
                    claimed_by=self.name,
                    error=text,
                    retry_at=retry_at,
                )
            return
        with session_scope(self.engine) as session:
            recorded = mark_done(
                session=session,
                effect_id=row_id,
                claimed_by=self.name,
                result=result,
                now=self.clock(),
            )
        if recorded is None:
            log.warning("outbox effect %s: claim lost before its result was recorded", effect.key)

"""The outbox: outside effects recorded in the transaction that causes them.

`enqueue` is called inside the caller's transaction, so the change and its effects commit
together. The dispatcher (`breachflow.dispatcher`) claims due rows one at a time, hands each to
the `Handler` of its kind and records the result. Rows are never deleted: done and failed rows
are the record.

Delivery per kind (the handler gets the effect's idempotency `key` on every attempt):

- `flow.start` (a step of a breach: `rules.lifecycle.Step`): at-least-once, effectively once. A
  phase step runs its idempotent service (a repeat finds its work done); a decision step opens
  its Prefect flow run with the key as idempotency key (a repeat returns the same run).
- `decision.close`: at-least-once, idempotent. A decision taken on breachflow's own pages marks
  the decision's waiting Prefect run completed (a run already ended is left as it is).
- `slack.post`: at-least-once, checked. The key goes in the message's metadata; when
  `outcome_unknown`, the handler looks for it in the channel's history before posting again.
- `slack.file` (the local JSON-lines stand-in): at-least-once, checked. Each line carries the
  key; the handler appends only when no line with that key exists.
- `email.send`: at-least-once. The key is the Message-ID. SMTP cannot be asked what it
  delivered, so a crash between sending and recording may repeat a message once, with the same
  Message-ID (mail clients show it as one).

No kind is at-most-once: for breach notices a missed message is worse than a repeated one, and
every handler can tell a repeat from a first attempt.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, or_
from sqlalchemy import true as sa_true
from sqlmodel import Session, col, select

from models.audit import to_jsonable
from models.sql import insert_if_absent, insert_rows
from models.tables import OutboxEffect

# The effect kinds.
FLOW_START = "flow.start"
DECISION_CLOSE = "decision.close"
SLACK_POST = "slack.post"
# Messages to the local JSON-lines stand-in: the same payload and handler as `slack.post`.
SLACK_FILE = "slack.file"
EMAIL_SEND = "email.send"

MAX_ERROR_CHARS = 4000


@dataclass(frozen=True)
class Effect:
    """What a handler is asked to carry out.

    `attempt` counts from 1. `outcome_unknown` means an earlier attempt was claimed but its
    result never recorded (a crash): the effect may already have happened, check before acting.
    """

    key: str
    kind: str
    payload: Mapping[str, Any]
    attempt: int
    outcome_unknown: bool
    breach_id: uuid.UUID | None = None


Handler = Callable[[Effect], Mapping[str, Any]]


class PermanentError(Exception):
    """Raised by a handler when retrying cannot help (bad payload, rejected recipient)."""


LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


def enqueue(
    *,
    session: Session,
    key: str,
    kind: str,
    payload: Mapping[str, Any],
    now: datetime,
    breach_id: uuid.UUID | None = None,
    not_before: datetime | None = None,
) -> OutboxEffect:
    """Record an effect unless one with this idempotency key exists; returns the row either way.

    The key names the effect, not the attempt (e.g. `slack.post:BR-2026-0001:received`), so a
    re-run of the code that causes it adds nothing.
    """
    insert_if_absent(
        session=session,
        table=OutboxEffect,
        values={
            "id": uuid.uuid4(),
            "key": key,
            "kind": kind,
            "payload": to_jsonable(dict(payload)),
            "state": "pending",
            "attempts": 0,
            "next_attempt_at": not_before or now,
            "breach_id": breach_id,
            "created_at": now,
        },
        conflict_columns=["key"],
    )
    return get_effect(session=session, key=key)


@dataclass(frozen=True)
class EffectIn:
    """An effect to enqueue: see `enqueue` for what the fields mean."""

    key: str
    kind: str
    payload: Mapping[str, Any]
    breach_id: uuid.UUID | None = None
    not_before: datetime | None = None
    created_at: datetime | None = None  # default: the `now` given to enqueue_many


def enqueue_many(*, session: Session, effects: Sequence[EffectIn], now: datetime) -> None:
    """`enqueue` for many effects in one statement (keys already present are skipped); the
    intake queues a batch of reports' flow starts and alerts with it."""
    if not effects:
        return
    rows = [
        {
            "id": uuid.uuid4(),
            "key": effect.key,
            "kind": effect.kind,
            "payload": to_jsonable(dict(effect.payload)),
            "state": "pending",
            "attempts": 0,
            "next_attempt_at": effect.not_before or effect.created_at or now,
            "breach_id": effect.breach_id,
            "created_at": effect.created_at or now,
        }
        for effect in effects
    ]
    insert_rows(session=session, table=OutboxEffect, rows=rows, skip_conflicts_on=["key"])


def get_effect(*, session: Session, key: str) -> OutboxEffect:
    """The effect with this key (KeyError when absent)."""
    effect = session.exec(
        select(OutboxEffect)
        .where(OutboxEffect.key == key)
        .execution_options(populate_existing=True)
    ).one_or_none()
    if effect is None:
        raise KeyError(key)
    return effect


def list_effects(
    *, session: Session, state: str | None = None, breach_id: uuid.UUID | None = None
) -> list[OutboxEffect]:
    """Effects in creation order, optionally filtered."""
    statement = select(OutboxEffect).order_by(col(OutboxEffect.created_at), col(OutboxEffect.key))
    if state is not None:
        statement = statement.where(OutboxEffect.state == state)
    if breach_id is not None:
        statement = statement.where(OutboxEffect.breach_id == breach_id)
    return list(session.exec(statement))


def _due(
    now: datetime, lease: timedelta, kinds: Collection[str] | None
) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    return (
        or_(
            (col(OutboxEffect.state) == "pending") & (col(OutboxEffect.next_attempt_at) <= now),
            (col(OutboxEffect.state) == "running") & (col(OutboxEffect.claimed_at) <= now - lease),
        ),
        col(OutboxEffect.kind).in_(list(kinds)) if kinds is not None else sa_true(),
    )


def any_due(
    *, session: Session, now: datetime, lease: timedelta, kinds: Collection[str] | None = None
) -> bool:
    """Whether `claim_next` would find an effect: asked in a read transaction first, so an idle
    dispatcher polling takes no write lock (on SQLite, every writer waits for one)."""
    found = session.exec(select(col(OutboxEffect.id)).where(*_due(now, lease, kinds)).limit(1))
    return found.first() is not None


def claim_next(
    *,
    session: Session,
    now: datetime,
    lease: timedelta,
    claimed_by: str,
    kinds: Collection[str] | None = None,
) -> tuple[OutboxEffect, bool] | None:
    """Claim the next due effect: (row, outcome_unknown), or None when nothing is due.

    Due means pending with next_attempt_at reached, or running with a claim older than `lease`
    (its dispatcher died mid-attempt: whether the effect happened is unknown); with `kinds`,
    only effects of those kinds. The claim is committed by the caller before the effect runs,
    so a crash leaves the row `running`.
    PostgreSQL skips rows other dispatchers have locked; SQLite's write lock serialises claims.
    """
    statement = (
        select(OutboxEffect)
        .where(*_due(now, lease, kinds))
        .order_by(
            col(OutboxEffect.next_attempt_at), col(OutboxEffect.created_at), col(OutboxEffect.key)
        )
        .limit(1)
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )
    effect = session.exec(statement).one_or_none()
    if effect is None:
        return None
    outcome_unknown = effect.state == "running"
    effect.state = "running"
    effect.attempts += 1
    effect.claimed_at = now
    effect.claimed_by = claimed_by
    session.add(effect)
    session.flush()
    return effect, outcome_unknown


def _claimed(session: Session, effect_id: uuid.UUID, claimed_by: str) -> OutboxEffect | None:
    """The row if this dispatcher still holds its claim (a reclaimed row belongs to another)."""
    effect = session.exec(
        select(OutboxEffect)
        .where(OutboxEffect.id == effect_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if effect.state != "running" or effect.claimed_by != claimed_by:
        return None
    return effect


def mark_done(
    *,
    session: Session,
    effect_id: uuid.UUID,
    claimed_by: str,
    result: Mapping[str, Any],
    now: datetime,
) -> OutboxEffect | None:
    """Record success; None when the claim was lost meanwhile (the result is then not recorded)."""
    effect = _claimed(session, effect_id, claimed_by)
    if effect is None:
        return None
    effect.state = "done"
    effect.result = to_jsonable(dict(result))
    effect.done_at = now
    effect.last_error = None
    session.add(effect)
    session.flush()
    return effect


def mark_failed_attempt(
    *,
    session: Session,
    effect_id: uuid.UUID,
    claimed_by: str,
    error: str,
    retry_at: datetime | None,
) -> OutboxEffect | None:
    """Record a failed attempt: pending again from `retry_at`, or `failed` for good when None."""
    effect = _claimed(session, effect_id, claimed_by)
    if effect is None:
        return None
    effect.last_error = error[-MAX_ERROR_CHARS:]
    effect.claimed_at = None
    effect.claimed_by = None
    if retry_at is None:
        effect.state = "failed"
    else:
        effect.state = "pending"
        effect.next_attempt_at = retry_at
    session.add(effect)
    session.flush()
    return effect


def retry_failed(*, session: Session, key: str, now: datetime) -> OutboxEffect:
    """Put a failed effect back in the queue (an operator's decision after fixing the cause)."""
    effect = get_effect(session=session, key=key)
    if effect.state != "failed":
        raise ValueError(f"effect {key} is {effect.state}, not failed")
    effect.state = "pending"
    effect.attempts = 0
    effect.next_attempt_at = now
    session.add(effect)
    session.flush()
    return effect


def expire_claims(*, session: Session, claimed_by: str) -> int:
    """Make this dispatcher's unfinished claims due at once; returns how many.

    Called by a dispatcher on start: a claim under its own name can only be left over from a
    previous run of it that died, so there is no need to wait for the lease to pass.
    """
    rows = list(
        session.exec(
            select(OutboxEffect).where(
                OutboxEffect.state == "running", OutboxEffect.claimed_by == claimed_by
            )
        )
    )
    for effect in rows:
        effect.claimed_at = LONG_AGO
        session.add(effect)
    session.flush()
    return len(rows)

"""Breach events to Slack: one thread per breach, recorded in the outbox of the caller's change.

`enqueue_alert` builds the message (notifiers.slack_messages: minimum content, mrkdwn-escaped)
and enqueues `slack.post` effects in the caller's transaction, with deterministic keys, so a
re-run of the same step adds nothing. The first message about a breach is its thread's top
message; every later one is a reply, and the top message is edited (chat.update) to show the
current state and hours left.

The top message's `ts` is only known once it is posted, after the caller's transaction, so
replies and edits name their breach in the payload (`thread`) and the handler from
`make_threaded_slack_handler` fills in `thread_ts` / `update_ts` when it sends them (and
retries later if the top message is not out yet).

Never in a message: a reporter's or data subject's name, e-mail or national number, or the
free-text description. Only reference, client, outcome, deadlines, counts and links.
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import Engine
from sqlmodel import Session

from models.assessments import latest_assessment
from models.db import read_scope, session_scope
from models.obligations import list_obligations
from models.outbox import SLACK_FILE, SLACK_POST, Effect, EffectIn, Handler, enqueue, get_effect
from models.processing_register import get_client_by_code
from models.reminders import (
    count_breach_effects,
    ensure_thread,
    get_client_name,
    get_thread,
    set_thread_ts,
)
from models.tables import Breach, OutboxEffect
from models.types import utcnow
from notifiers import slack_messages as sm
from notifiers.base import ChannelNotifier, DeliveryError, MailNotifier
from notifiers.outbox_handlers import handlers_for, make_slack_handler
from notifiers.slack_texts import words
from rules.lifecycle import Alert, State
from rules.obligations import OWED_TO_CLIENT
from rules.roles import Parties

__all__ = [
    "EVENTS",
    "alert_handlers",
    "breach_snapshot",
    "enqueue_alert",
    "make_threaded_slack_handler",
    "snapshot_of",
    "top_key",
    "top_message",
]

log = logging.getLogger(__name__)

EVENTS = tuple(a.value for a in Alert)

# The top message's status per event; reminders keep the breach's current one.
_EVENT_STATUS: Mapping[Alert, str] = {
    Alert.REPORTED: "new",
    Alert.ASSESSED: "assessed",
    Alert.DECISION_WAITING: "awaiting_dpo",
    Alert.APPROVED: "documents_approved",
    Alert.FILED: "filed",
    Alert.CLOSED: "closed",
}
_STATE_STATUS: Mapping[State, str] = {
    State.RECEIVED: "new",
    State.ASSESSED: "assessed",
    State.DRAFTING: "assessed",
    State.AWAITING_REVIEW: "awaiting_dpo",
    State.AWAITING_APPROVAL: "awaiting_dpo",
    State.APPROVED: "documents_approved",
    State.FILED: "filed",
    State.PART2_DUE: "filed",
    State.CLOSED: "closed",
    State.WITHDRAWN: "withdrawn",
}


class AlertSettings(Protocol):
    """The settings fields alerts read."""

    public_url: str

    @property
    def slack_language(self) -> str:
        """The security team's language: every message is in it."""
        ...


def _instant(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _party(session: Session, kind: str, party: str) -> str | None:
    """The client's name for an obligation owed to a client controller, else None."""
    if kind not in OWED_TO_CLIENT:
        return None
    client = get_client_by_code(session=session, code=party)
    return client.name if client is not None else party


def _deadline(session: Session, kind: str, party: str, due_at: Any) -> sm.Deadline:
    return sm.Deadline(kind, _instant(due_at), _party(session, kind, party))


def breach_snapshot(
    *, session: Session, settings: AlertSettings, breach: Breach, run_link: str | None = None
) -> sm.BreachSnapshot:
    """What Slack may know about a breach: only allowed fields, never the reporter or the
    description (the link leads to them). Whose data: as the latest assessment found them from
    the affected activities and the register; before it, the reporting client."""
    assessment = latest_assessment(session=session, breach_id=breach.id)
    outcome = None
    found: Mapping[str, Any] | None = None
    if assessment is not None:
        outcome = assessment.override_outcome or (assessment.outcome or {}).get("risk")
        found = (assessment.outcome or {}).get("parties")
    if found is not None:
        parties = Parties(tuple(found.get("clients", ())), bool(found.get("own_data")))
    else:
        name = get_client_name(session=session, client_id=breach.client_id)
        parties = Parties((name,) if name else ())
    deadlines = tuple(
        _deadline(session, o.kind, o.party, o.due_at)
        for o in list_obligations(session=session, breach_id=breach.id)
        if o.state == "open" and o.due_at is not None
    )
    return snapshot_of(
        settings, breach, parties=parties, outcome=outcome, deadlines=deadlines, run_link=run_link
    )


def snapshot_of(
    settings: AlertSettings,
    breach: Breach,
    *,
    parties: Parties,
    outcome: str | None = None,
    deadlines: tuple[sm.Deadline, ...] = (),
    run_link: str | None = None,
) -> sm.BreachSnapshot:
    """The snapshot from what is already known (a breach just reported has no assessment and
    no obligations yet, so the intake builds its alert without reading them)."""
    facts = breach.facts or {}
    subjects = facts.get("subjects") if isinstance(facts.get("subjects"), dict) else {}
    return sm.BreachSnapshot(
        reference=breach.reference,
        link=sm.breach_link(settings.public_url, breach.reference),
        clients=parties.clients,
        own_data=parties.own_data,
        outcome=outcome,
        deadlines=deadlines,
        subjects_count=_count((subjects or {}).get("count")),
        records_count=_count(facts.get("records_count")),
        run_link=run_link,
    )


def top_key(reference: str) -> str:
    """The outbox key of a breach's thread-opening message."""
    return f"slack.post:{reference}:top"


def top_message(
    snapshot: sm.BreachSnapshot,
    breach_id: uuid.UUID,
    *,
    status: str,
    now: datetime,
    language: str = "en",
) -> dict[str, Any]:
    """The payload of the thread's top message (the breach card)."""
    card = sm.breach_card(snapshot, now=now, status=status, language=language)
    key = top_key(snapshot.reference)
    return _payload(card, key, snapshot.reference, {"breach_id": str(breach_id), "role": "top"})


def reported_alert(
    settings: AlertSettings,
    breach: Breach,
    *,
    parties: Parties,
    now: datetime,
    queued_before: int,
) -> EffectIn:
    """The thread's top message for a breach just reported, as an effect for a batch insert
    (the intake files many at once). A breach just reported has no assessment or obligations
    yet, so nothing is read; `queued_before` effects of this breach were queued before it, and
    it is due after them, as `_Order` orders every later message of a breach."""
    snapshot = snapshot_of(settings, breach, parties=parties)
    return EffectIn(
        key=top_key(breach.reference),
        kind=SLACK_POST,
        payload=top_message(
            snapshot, breach.id, status="new", now=now, language=settings.slack_language
        ),
        breach_id=breach.id,
        not_before=now + timedelta(microseconds=queued_before),
        created_at=now,
    )


def _reply_content(
    session: Session,
    event: str,
    snapshot: sm.BreachSnapshot,
    details: Mapping[str, Any],
    now: datetime,
    settings: AlertSettings,
) -> sm.SlackContent:
    language = settings.slack_language
    if event == Alert.ASSESSED:
        return sm.outcome_and_deadlines(snapshot, now=now, language=language)
    if event == Alert.DECISION_WAITING:
        return sm.dpo_decision_waiting(snapshot, now=now, language=language)
    if event == Alert.APPROVED:
        return sm.documents_approved(
            snapshot,
            documents_count=int(details.get("documents_count", 0)),
            now=now,
            language=language,
        )
    if event == Alert.FILED:
        return sm.filed(
            snapshot,
            completeness=str(details.get("completeness", "complete")),
            filed_at=_instant(details.get("filed_at", now)),
            recorded_at=now,
            authority_reference=details.get("authority_reference"),
            language=language,
        )
    if event == Alert.CLOSED:
        return sm.closed(
            snapshot, closed_at=_instant(details.get("closed_at", now)), language=language
        )
    if event in (Alert.REMINDER, Alert.OVERDUE):
        deadline = _deadline(
            session,
            str(details["obligation_kind"]),
            str(details.get("party") or ""),
            details["deadline_at"],
        )
        if event == Alert.OVERDUE:
            content = sm.escalation(
                snapshot,
                deadline,
                now=now,
                mention_group_id=getattr(settings, "slack_dpo_group", None) or None,
                language=language,
            )
        else:
            content = sm.reminder(snapshot, deadline, now=now, language=language)
        if details.get("late"):
            content = content.with_note(words(language).say("note.sent_late"))
        return content
    raise ValueError(f"unknown alert event {event!r}; one of {EVENTS}")


def _payload(
    content: sm.SlackContent, key: str, reference: str | None, thread: dict[str, str]
) -> dict[str, Any]:
    return {**content.message(key=key, reference=reference).to_payload(), "thread": thread}


def enqueue_alert(
    *,
    session: Session,
    settings: AlertSettings,
    breach: Breach | None,
    event: str,
    now: datetime,
    details: dict[str, Any] | None = None,
) -> list[OutboxEffect]:
    """Enqueue the Slack message(s) for one breach event in the caller's transaction.

    Keys are deterministic: `slack.post:REF:top` for the thread's top message, and
    `slack.post:REF:EVENT[:details["key"]]` for a reply (give `details["key"]` for events that
    can happen more than once: a reminder's key, an assessment version). Each reply also
    enqueues an edit of the top message (`slack.update:...`). The first alert about a breach
    posts its top message, whatever the event.
    Returns the effects enqueued (or found, on a repeat).
    """
    details = dict(details or {})
    if event not in EVENTS:
        raise ValueError(f"unknown alert event {event!r}; one of {EVENTS}")
    if breach is None:
        raise ValueError(f"event {event!r} needs a breach")
    snapshot = breach_snapshot(
        session=session, settings=settings, breach=breach, run_link=details.get("run_link")
    )
    reference = breach.reference
    thread_ref = {"breach_id": str(breach.id)}
    effects: list[OutboxEffect] = []
    order = _Order(session, breach.id, now)
    _thread, created = ensure_thread(
        session=session, breach_id=breach.id, top_key=top_key(reference), now=now
    )
    status = _EVENT_STATUS.get(Alert(event)) or _STATE_STATUS.get(State(breach.state), "new")
    if created:
        effects.append(
            enqueue(
                session=session,
                key=top_key(reference),
                kind=SLACK_POST,
                payload=top_message(
                    snapshot,
                    breach.id,
                    status=status,
                    now=now,
                    language=settings.slack_language,
                ),
                now=now,
                breach_id=breach.id,
                not_before=order.next(),
            )
        )
    if event == Alert.REPORTED:
        return effects
    suffix = f":{details['key']}" if details.get("key") else ""
    reply_key = f"slack.post:{reference}:{event}{suffix}"
    reply = _reply_content(session, event, snapshot, details, now, settings)
    reply_payload = _payload(reply, reply_key, reference, {**thread_ref, "role": "reply"})
    if details.get("covers"):
        # The reminder rows this message stands for (several after downtime): the record.
        reply_payload["covers"] = [str(key) for key in details["covers"]]
    effects.append(
        enqueue(
            session=session,
            key=reply_key,
            kind=SLACK_POST,
            payload=reply_payload,
            now=now,
            breach_id=breach.id,
            not_before=order.next(),
        )
    )
    if not created:
        update_key = f"slack.update:{reference}:{event}{suffix}"
        card = sm.breach_card(snapshot, now=now, status=status, language=settings.slack_language)
        effects.append(
            enqueue(
                session=session,
                key=update_key,
                kind=SLACK_POST,
                payload=_payload(card, update_key, reference, {**thread_ref, "role": "update"}),
                now=now,
                breach_id=breach.id,
                not_before=order.next(),
            )
        )
    return effects


class _Order:
    """Send a breach's messages in the order they were enqueued.

    The dispatcher takes due effects by `next_attempt_at`, then creation time, then key; effects
    enqueued in one transaction share a creation time. Each new message of a breach is due a
    microsecond after the one before (counted from the breach's effects so far), so the top
    message goes first and replies follow in event order.
    """

    def __init__(self, session: Session, breach_id: uuid.UUID, now: datetime) -> None:
        self.now = now
        self.count = count_breach_effects(session=session, breach_id=breach_id)

    def next(self) -> datetime:
        at = self.now + timedelta(microseconds=self.count)
        self.count += 1
        return at


def _thread_ts(engine: Engine, breach_id: uuid.UUID) -> str | None:
    """The top message's ts: from the thread row, else from the top effect's recorded result
    (the handler may have died after posting but before storing it)."""
    with read_scope(engine) as session:
        thread = get_thread(session=session, breach_id=breach_id)
        if thread is None:
            return None
        if thread.ts:
            return thread.ts
        try:
            top = get_effect(session=session, key=thread.top_key)
        except KeyError:
            return None
        ts = (top.result or {}).get("ts") if top.state == "done" else None
    if ts:
        with session_scope(engine) as session:
            set_thread_ts(
                session=session, breach_id=breach_id, ts=str(ts), channel=None, now=utcnow()
            )
    return str(ts) if ts else None


def make_threaded_slack_handler(engine: Engine, notifier: ChannelNotifier) -> Handler:
    """The `slack.post` handler with breach threads.

    A top message's ts is stored once posted. A reply or edit gets it filled in; when the top
    message is not out yet (still queued, or failing), the reply posts it first (checking the
    channel for it, so it is never posted twice) rather than waiting: replies never burn their
    attempts on a missing thread, and the top message always comes first.
    """
    inner = make_slack_handler(notifier)

    def store(breach_id: uuid.UUID, result: Mapping[str, Any]) -> str | None:
        ts = result.get("ts")
        if ts:
            with session_scope(engine) as session:
                set_thread_ts(
                    session=session,
                    breach_id=breach_id,
                    ts=str(ts),
                    channel=str(result.get("channel") or "") or None,
                    now=utcnow(),
                )
        return str(ts) if ts else None

    def ensure_top(breach_id: uuid.UUID) -> str:
        ts = _thread_ts(engine, breach_id)
        if ts:
            return ts
        with read_scope(engine) as session:
            thread = get_thread(session=session, breach_id=breach_id)
            top = get_effect(session=session, key=thread.top_key) if thread else None
        if top is None:
            raise DeliveryError("the breach has no top message queued", retryable=True)
        # attempt > 1: the notifier looks for the key in the channel before posting.
        posted = inner(
            Effect(
                key=top.key,
                kind=top.kind,
                payload=top.payload,
                attempt=2,
                outcome_unknown=True,
                breach_id=breach_id,
            )
        )
        ts = store(breach_id, posted)
        if ts is None:
            raise DeliveryError("the top message was posted without a ts", retryable=True)
        return ts

    def handle(effect: Effect) -> Mapping[str, Any]:
        thread = effect.payload.get("thread")
        if not isinstance(thread, Mapping):
            return inner(effect)
        breach_id = uuid.UUID(str(thread["breach_id"]))
        role = thread.get("role")
        if role == "top":
            known = _thread_ts(engine, breach_id)
            if known:  # a reply already posted it
                return {
                    "channel": notifier_channel(notifier),
                    "ts": known,
                    "already_delivered": True,
                }
            result = inner(effect)
            store(breach_id, result)
            return result
        ts = ensure_top(breach_id)
        field = "update_ts" if role == "update" else "thread_ts"
        return inner(dataclasses.replace(effect, payload={**effect.payload, field: ts}))

    return handle


def notifier_channel(notifier: ChannelNotifier) -> str:
    """The channel name a notifier reports in receipts (for results we make up ourselves)."""
    return str(getattr(notifier, "channel", "") or "")


def alert_handlers(
    engine: Engine, channel: ChannelNotifier, mail: MailNotifier
) -> dict[str, Handler]:
    """The notifier handlers for the dispatcher, with breach threading on `slack.post`."""
    handlers = handlers_for(channel, mail)
    threaded = make_threaded_slack_handler(engine, channel)
    handlers[SLACK_POST] = threaded
    handlers[SLACK_FILE] = threaded
    return handlers

"""Adapters from outbox effects to notifiers: what the dispatcher calls for each `kind`.

A handler gets one claimed `Effect` and returns the result the store records, or raises: a
`DeliveryError` that retrying can fix propagates (the dispatcher backs off and retries); one
that cannot, or a malformed payload, becomes the dispatcher's `PermanentError`. Before posting
again on a retry, or when the previous attempt's outcome is unknown (its dispatcher died
mid-call), the Slack handler asks the channel whether the message is already there, so a crash
between sending and recording never posts twice.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from models.outbox import EMAIL_SEND, SLACK_FILE, SLACK_POST, Effect, Handler, PermanentError
from notifiers.base import ChannelMessage, ChannelNotifier, DeliveryError, MailMessage, MailNotifier

__all__ = [
    "EMAIL_SEND",
    "SLACK_FILE",
    "SLACK_POST",
    "handlers_for",
    "make_email_handler",
    "make_slack_handler",
]


@contextmanager
def _permanent_unless_retryable(effect: Effect) -> Iterator[None]:
    """Translate failures retrying cannot fix into the dispatcher's `PermanentError`."""
    try:
        yield
    except DeliveryError as error:
        if error.retryable:
            raise
        raise PermanentError(f"{effect.kind} {effect.key}: {error}") from error
    except (KeyError, TypeError, ValueError) as error:
        raise PermanentError(f"{effect.kind} {effect.key}: bad payload: {error!r}") from error


def make_slack_handler(notifier: ChannelNotifier) -> Handler:
    """Handler for `slack.post`: payload is `ChannelMessage.to_payload()`; the effect key wins.

    Returns `{"channel", "ts", "already_delivered"}`; `ts` is the message's Slack ts (for the
    top message: the thread every later message of the breach replies in).
    """

    def handle(effect: Effect) -> Mapping[str, Any]:
        with _permanent_unless_retryable(effect):
            message = ChannelMessage.from_payload(effect.payload, key=effect.key)
            if message.update_ts is not None:
                # An edit sets the same final content however often it is repeated.
                return notifier.update(message).to_result()
            if effect.outcome_unknown or effect.attempt > 1:
                found = notifier.find_delivered(message.key, thread_ts=message.thread_ts)
                if found is not None:
                    return found.to_result()
            return notifier.post(message).to_result()

    return handle


def make_email_handler(notifier: MailNotifier) -> Handler:
    """Handler for `email.send`: payload is `MailMessage.to_payload()`; at-least-once.

    Returns `{"channel", "ts", "message_id", "already_delivered"}` (`ts` is the Message-ID too,
    so every result has the same shape).
    """

    def handle(effect: Effect) -> Mapping[str, Any]:
        with _permanent_unless_retryable(effect):
            message = MailMessage.from_payload(effect.payload, key=effect.key)
            receipt = notifier.send(message)
            return {**receipt.to_result(), "message_id": receipt.external_id}

    return handle


def handlers_for(channel: ChannelNotifier, mail: MailNotifier) -> dict[str, Handler]:
    """The kind -> handler entries for the notifiers, to merge into the dispatcher's table."""
    slack = make_slack_handler(channel)
    return {SLACK_POST: slack, SLACK_FILE: slack, EMAIL_SEND: make_email_handler(mail)}

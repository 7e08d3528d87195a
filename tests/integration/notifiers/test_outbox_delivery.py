"""Notifier handlers under the real dispatcher and outbox (SQLite): retries and crash recovery."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from breachflow.dispatcher import Backoff, Dispatcher
from models.db import make_engine, read_scope, session_scope
from models.outbox import EMAIL_SEND, SLACK_POST, Effect, claim_next, enqueue, get_effect
from notifiers.base import Attachment, ChannelMessage, MailMessage
from notifiers.email import SmtpMailNotifier
from notifiers.outbox_handlers import handlers_for, make_slack_handler
from notifiers.slack import SlackNotifier
from tests.integration.notifiers.conftest import CHANNEL
from tests.support.audit_key import keyed
from tests.support.databases import migrate_test_database
from tests.support.slack_stub import SlackStub
from tests.support.smtp_server import SmtpServer

pytestmark = [
    pytest.mark.integration,
    pytest.mark.filterwarnings("ignore::DeprecationWarning:aiosmtpd"),
]

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
LEASE = timedelta(minutes=5)


class Clock:
    """The dispatcher's clock, moved by hand so backoff and leases need no sleeping."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    url = keyed(f"sqlite:///{tmp_path / 'breachflow.db'}")
    migrate_test_database(url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


def enqueue_post(engine: Engine, message: ChannelMessage) -> None:
    with session_scope(engine) as session:
        enqueue(
            session=session,
            key=message.key,
            kind=SLACK_POST,
            payload=message.to_payload(),
            now=NOW,
        )


def dispatcher(engine: Engine, slack: SlackNotifier, smtp_url: str, clock: Clock) -> Dispatcher:
    handlers = handlers_for(slack, SmtpMailNotifier(smtp_url, from_addr="breachflow@example.be"))
    return Dispatcher(
        engine, handlers, lease=LEASE, backoff=Backoff(base=timedelta(seconds=10)), clock=clock
    )


def test_slack_outage_is_retried_by_the_dispatcher_and_posted_once(
    engine: Engine, slack: SlackNotifier, slack_stub: SlackStub, smtp_server: SmtpServer
) -> None:
    """Slack down at the first attempt: the row waits with the error; the retry posts once."""
    clock = Clock(NOW)
    message = ChannelMessage(key="slack:BR-2026-0042:new", reference="BR-2026-0042", text="New")
    enqueue_post(engine, message)
    slack_stub.fail_next(1, "500", method="chat.postMessage")
    worker = dispatcher(engine, slack, smtp_server.url(), clock)

    assert worker.run_until_idle() == 1
    with read_scope(engine) as session:
        waiting = get_effect(session=session, key=message.key)
    assert waiting.state == "pending"
    assert "internal_error" in (waiting.last_error or "")

    clock.now += timedelta(seconds=10)
    assert worker.run_until_idle() == 1
    with read_scope(engine) as session:
        done = get_effect(session=session, key=message.key)
    [posted] = slack_stub.messages(CHANNEL)
    assert done.state == "done"
    assert done.result == {"channel": CHANNEL, "ts": posted["ts"], "already_delivered": False}


def test_dispatcher_crash_after_posting_is_reconciled_without_a_second_post(
    engine: Engine, slack: SlackNotifier, slack_stub: SlackStub, smtp_server: SmtpServer
) -> None:
    """A dispatcher posts then dies before recording; after the lease the next one finds it."""
    message = ChannelMessage(key="slack:BR-2026-0042:assessed", reference="BR-2026-0042", text="A")
    enqueue_post(engine, message)
    with session_scope(engine) as session:
        claimed = claim_next(session=session, now=NOW, lease=LEASE, claimed_by="dead-host")
    assert claimed is not None
    row, _ = claimed
    make_slack_handler(slack)(Effect(row.key, row.kind, row.payload, 1, outcome_unknown=False))
    # ... the dead dispatcher never records the result ...

    worker = dispatcher(engine, slack, smtp_server.url(), Clock(NOW + LEASE + timedelta(seconds=1)))
    assert worker.run_until_idle() == 1
    with read_scope(engine) as session:
        done = get_effect(session=session, key=message.key)
    [posted] = slack_stub.messages(CHANNEL)
    assert done.state == "done"
    assert done.result == {"channel": CHANNEL, "ts": posted["ts"], "already_delivered": True}
    assert len(slack_stub.calls("chat.postMessage")) == 1


def test_email_with_pdf_goes_out_through_the_dispatcher(
    engine: Engine, slack: SlackNotifier, smtp_server: SmtpServer
) -> None:
    """An e-mail effect is sent with its attachment; the Message-ID is the recorded result."""
    mail = MailMessage(
        key="email:BR-2026-0042:processor_notice:client-7",
        to=("dpo@client.example",),
        subject="Breach notice",
        text="Attached.",
        attachments=(Attachment("notice.pdf", "application/pdf", content=b"%PDF-1.4 test"),),
    )
    with session_scope(engine) as session:
        enqueue(session=session, key=mail.key, kind=EMAIL_SEND, payload=mail.to_payload(), now=NOW)
    assert dispatcher(engine, slack, smtp_server.url(), Clock(NOW)).run_until_idle() == 1
    [received] = smtp_server.messages
    with read_scope(engine) as session:
        done = get_effect(session=session, key=mail.key)
    assert done.state == "done"
    assert done.result is not None
    assert done.result["message_id"] == received.message["Message-ID"]
    [part] = list(received.message.iter_attachments())
    assert part.get_content() == b"%PDF-1.4 test"

"""SlackNotifier and the outbox handler, through slack-sdk's WebClient, against the stub server."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from models.outbox import SLACK_POST, Effect, PermanentError
from notifiers.base import ChannelMessage, DeliveryError
from notifiers.email import SmtpMailNotifier
from notifiers.outbox_handlers import handlers_for, make_slack_handler
from notifiers.slack import SlackChannelError, SlackNotifier
from notifiers.slack_messages import (
    BreachSnapshot,
    Deadline,
    breach_card,
    breach_link,
    escalation,
    reminder,
)
from tests.integration.notifiers.conftest import CHANNEL
from tests.support.slack_stub import SlackStub

pytestmark = pytest.mark.integration

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
SNAPSHOT = BreachSnapshot(
    reference="BR-2026-0042",
    link=breach_link("https://breachflow.example.be", "BR-2026-0042"),
    clients=("Bakkerij Janssens BV",),
    outcome="risk",
    deadlines=(Deadline("authority_notification", NOW + timedelta(hours=72)),),
    subjects_count=12,
    systems=("Payroll",),
)


def card_message(key: str = "slack:BR-2026-0042:new") -> ChannelMessage:
    return breach_card(SNAPSHOT, now=NOW).message(key=key, reference=SNAPSHOT.reference)


def post_effect(
    message: ChannelMessage, *, attempt: int = 1, outcome_unknown: bool = False
) -> Effect:
    return Effect(
        key=message.key,
        kind=SLACK_POST,
        payload=message.to_payload(),
        attempt=attempt,
        outcome_unknown=outcome_unknown,
    )


def test_post_delivers_blocks_text_and_metadata(
    slack: SlackNotifier, slack_stub: SlackStub
) -> None:
    """The message arrives with its Block Kit blocks, fallback text and the key in metadata."""
    message = card_message()
    receipt = slack.post(message)
    [call] = slack_stub.calls("chat.postMessage")
    assert call.params["channel"] == CHANNEL
    assert call.params["text"] == message.text
    assert call.params["blocks"] == [dict(b) for b in message.blocks]
    assert call.params["metadata"] == {
        "event_type": "breachflow",
        "event_payload": {"key": message.key, "reference": "BR-2026-0042"},
    }
    [stored] = slack_stub.messages(CHANNEL)
    assert (receipt.channel, receipt.external_id) == (CHANNEL, stored["ts"])
    assert not receipt.already_delivered


def test_thread_reply_goes_into_the_breach_thread(
    slack: SlackNotifier, slack_stub: SlackStub
) -> None:
    """A message with thread_ts becomes a reply under the breach's top message."""
    top = slack.post(card_message())
    reply = reminder(SNAPSHOT, SNAPSHOT.deadlines[0], now=NOW).message(
        key="slack:BR-2026-0042:reminder:24", reference="BR-2026-0042", thread_ts=top.external_id
    )
    receipt = slack.post(reply)
    assert len(slack_stub.messages(CHANNEL)) == 1
    [stored] = slack_stub.replies(CHANNEL, top.external_id)
    assert stored["ts"] == receipt.external_id
    assert stored["thread_ts"] == top.external_id
    assert stored["text"].startswith("Reminder BR-2026-0042")


def test_update_edits_the_top_message_and_keeps_its_key(
    slack: SlackNotifier, slack_stub: SlackStub
) -> None:
    """chat.update replaces text and blocks in place; the original post stays findable."""
    top = slack.post(card_message())
    edit = breach_card(SNAPSHOT, now=NOW, status="filed").message(
        key="slack:BR-2026-0042:card:filed", reference="BR-2026-0042", update_ts=top.external_id
    )
    receipt = slack.update(edit)
    assert receipt.external_id == top.external_id
    [stored] = slack_stub.messages(CHANNEL)
    assert stored["text"] == edit.text
    assert stored["blocks"] == [dict(b) for b in edit.blocks]
    assert len(slack_stub.calls("chat.postMessage")) == 1
    assert slack.find_delivered("slack:BR-2026-0042:new") is not None


def test_rate_limit_is_retried_by_the_client_and_posts_once(
    slack: SlackNotifier, slack_stub: SlackStub
) -> None:
    """A 429 with Retry-After is retried inside slack-sdk; the channel gets one message."""
    slack_stub.fail_next(1, "429", method="chat.postMessage", retry_after=1)
    receipt = slack.post(card_message())
    assert [c.status for c in slack_stub.calls("chat.postMessage")] == [429, 200]
    assert [m["ts"] for m in slack_stub.messages(CHANNEL)] == [receipt.external_id]


def test_outage_raises_retryable_then_a_later_attempt_delivers_once(
    slack: SlackNotifier, slack_stub: SlackStub
) -> None:
    """While Slack answers 500 the handler raises a retryable error; the retry posts once."""
    handler = make_slack_handler(slack)
    message = card_message()
    slack_stub.fail_next(1, "500", method="chat.postMessage")
    with pytest.raises(DeliveryError) as failure:
        handler(post_effect(message, attempt=1))
    assert failure.value.retryable
    assert slack_stub.messages(CHANNEL) == []

    result = handler(post_effect(message, attempt=2))
    [stored] = slack_stub.messages(CHANNEL)
    assert result == {"channel": CHANNEL, "ts": stored["ts"], "already_delivered": False}


def test_dropped_connections_raise_retryable_after_client_retries(
    slack: SlackNotifier, slack_stub: SlackStub
) -> None:
    """Connection drops are retried by slack-sdk; when they persist the error is retryable."""
    handler = make_slack_handler(slack)
    message = card_message()
    slack_stub.fail_next(2, "disconnect", method="chat.postMessage")
    with pytest.raises(DeliveryError) as failure:
        handler(post_effect(message))
    assert failure.value.retryable
    assert failure.value.outcome_unknown
    assert len(slack_stub.calls("chat.postMessage")) == 2  # first try + one client retry

    handler(post_effect(message, attempt=2, outcome_unknown=True))
    assert len(slack_stub.messages(CHANNEL)) == 1


def test_lost_answer_after_slack_posted_is_reconciled(
    slack: SlackNotifier, slack_stub: SlackStub
) -> None:
    """Slack posted but answered 500: the next attempt finds the message and does not repost."""
    handler = make_slack_handler(slack)
    message = card_message()
    slack_stub.fail_next(1, "500_after_apply", method="chat.postMessage")
    with pytest.raises(DeliveryError) as failure:
        handler(post_effect(message))
    assert failure.value.outcome_unknown
    [stored] = slack_stub.messages(CHANNEL)

    result = handler(post_effect(message, attempt=2))
    assert result == {"channel": CHANNEL, "ts": stored["ts"], "already_delivered": True}
    assert len(slack_stub.calls("chat.postMessage")) == 1
    assert len(slack_stub.messages(CHANNEL)) == 1


def test_crash_between_send_and_record_does_not_post_twice(
    slack: SlackNotifier, slack_stub: SlackStub
) -> None:
    """A dispatcher that died after posting re-runs the effect as outcome_unknown: no repost."""
    handler = make_slack_handler(slack)
    top = slack.post(card_message())
    reply = reminder(SNAPSHOT, SNAPSHOT.deadlines[0], now=NOW).message(
        key="slack:BR-2026-0042:reminder:4", reference="BR-2026-0042", thread_ts=top.external_id
    )
    first = handler(post_effect(reply))
    # ... the process dies here, before the outbox records `first` ...
    again = handler(post_effect(reply, attempt=1, outcome_unknown=True))
    assert again == {**first, "already_delivered": True}
    assert len(slack_stub.replies(CHANNEL, top.external_id)) == 1
    top_again = handler(post_effect(card_message(), attempt=2))
    assert top_again["ts"] == top.external_id
    assert len(slack_stub.calls("chat.postMessage")) == 2


def test_handler_applies_an_update_without_lookup(
    slack: SlackNotifier, slack_stub: SlackStub
) -> None:
    """An edit payload goes to chat.update; repeating it changes nothing further."""
    handler = make_slack_handler(slack)
    top = slack.post(card_message())
    edit = breach_card(SNAPSHOT, now=NOW, status="closed").message(
        key="slack:BR-2026-0042:card:closed", reference="BR-2026-0042", update_ts=top.external_id
    )
    handler(post_effect(edit))
    handler(post_effect(edit, attempt=2, outcome_unknown=True))
    assert len(slack_stub.calls("chat.update")) == 2
    assert slack_stub.calls("conversations.history") == []
    [stored] = slack_stub.messages(CHANNEL)
    assert stored["text"] == edit.text


def test_find_delivered_pages_through_history_and_threads(slack_stub: SlackStub) -> None:
    """The key is found across history pages and, without thread_ts, inside threads."""
    slack = SlackNotifier(
        token=slack_stub.token, channel=CHANNEL, base_url=slack_stub.base_url, page_size=2
    )
    first = slack.post(ChannelMessage(key="k-first", reference="BR-1", text="first"))
    for n in range(4):
        slack.post(ChannelMessage(key=f"k-{n}", reference="BR-1", text=f"m{n}"))
    reply = slack.post(
        ChannelMessage(key="k-reply", reference="BR-1", text="r", thread_ts=first.external_id)
    )
    found = slack.find_delivered("k-first")
    assert found is not None
    assert found.external_id == first.external_id
    assert found.already_delivered
    history_calls = slack_stub.calls("conversations.history")
    assert len(history_calls) == 3  # five messages, two per page
    assert all(c.params["include_all_metadata"] == "1" for c in history_calls)
    in_thread = slack.find_delivered("k-reply")
    assert in_thread is not None
    assert in_thread.external_id == reply.external_id
    assert slack.find_delivered("k-absent") is None


def test_find_delivered_honours_oldest(slack: SlackNotifier, slack_stub: SlackStub) -> None:
    """Messages older than `oldest` are not searched (Slack's `oldest` is exclusive)."""
    slack.post(ChannelMessage(key="k-old", reference=None, text="old"))
    later = datetime.now(UTC) + timedelta(seconds=5)
    assert slack.find_delivered("k-old", oldest=later) is None
    assert slack_stub.calls("conversations.history")[-1].params["oldest"] == (
        f"{later.timestamp():.6f}"
    )
    assert slack.find_delivered("k-old") is not None


def test_bad_token_is_not_retryable(slack_stub: SlackStub) -> None:
    """invalid_auth needs a person to fix the configuration: the error says not to retry."""
    slack = SlackNotifier(token="xoxb-wrong", channel=CHANNEL, base_url=slack_stub.base_url)
    with pytest.raises(DeliveryError) as failure:
        slack.post(card_message())
    assert not failure.value.retryable
    assert failure.value.code == "invalid_auth"


def test_hostile_system_name_arrives_escaped(slack: SlackNotifier, slack_stub: SlackStub) -> None:
    """A system name typed as a mention or a link reaches Slack as inert, escaped text."""
    hostile = BreachSnapshot(
        reference="BR-2026-0043",
        link=breach_link("https://breachflow.example.be", "BR-2026-0043"),
        systems=("<!channel>", "<https://evil.example/login|GBA portal>"),
    )
    slack.post(breach_card(hostile, now=NOW).message(key="k-hostile", reference="BR-2026-0043"))
    [call] = slack_stub.calls("chat.postMessage")
    sent = json.dumps(call.params)
    assert "<!channel>" not in sent
    assert "<https://evil" not in sent
    assert "&lt;!channel&gt;" in sent


def test_no_personal_data_reaches_slack(slack: SlackNotifier, slack_stub: SlackStub) -> None:
    """Built from a record with reporter and subject details, the request carries none of them."""
    record = {
        "reference": "BR-2026-0044",
        "link": breach_link("https://breachflow.example.be", "BR-2026-0044"),
        "outcome": "high",
        "reporter_name": "Marie Dubois",
        "reporter_email": "marie.dubois@example.be",
        "national_number": "85.07.30-033.61",
        "description": "Laptop with salary slips stolen",
    }
    content = breach_card(BreachSnapshot.from_mapping(record), now=NOW)
    slack.post(content.message(key="k-pii", reference="BR-2026-0044"))
    sent = json.dumps([r.params for r in slack_stub.requests])
    assert "BR-2026-0044" in sent
    for value in ("Marie", "Dubois", "marie.dubois", "85.07.30", "Laptop", "salary"):
        assert value not in sent


def test_handler_turns_permanent_failures_into_permanent_errors(slack_stub: SlackStub) -> None:
    """A bad token or a malformed payload stops the retries: the dispatcher marks it failed."""
    wrong = SlackNotifier(token="xoxb-wrong", channel=CHANNEL, base_url=slack_stub.base_url)
    handler = make_slack_handler(wrong)
    with pytest.raises(PermanentError, match="invalid_auth"):
        handler(post_effect(card_message()))
    broken = Effect("k-broken", SLACK_POST, {"blocks": []}, attempt=1, outcome_unknown=False)
    with pytest.raises(PermanentError, match="bad payload"):
        handler(broken)
    assert slack_stub.messages(CHANNEL) == []


def test_handlers_for_serves_slack_file_and_email_kinds(slack: SlackNotifier) -> None:
    """The dispatcher's `slack.file` kind uses the same handler as `slack.post`."""
    table = handlers_for(slack, SmtpMailNotifier("smtp://127.0.0.1:25", from_addr="a@b.be"))
    assert set(table) == {"slack.post", "slack.file", "email.send"}
    assert table["slack.post"] is table["slack.file"]


def test_escalation_is_broadcast_from_the_thread_to_the_channel(
    slack: SlackNotifier, slack_stub: SlackStub
) -> None:
    """An overdue escalation replies in the thread and shows in the channel too."""
    top = slack.post(card_message())
    deadline = SNAPSHOT.deadlines[0]
    overdue = escalation(SNAPSHOT, deadline, now=deadline.due_at + timedelta(hours=1)).message(
        key="slack:BR-2026-0042:overdue:authority_notification",
        reference="BR-2026-0042",
        thread_ts=top.external_id,
        broadcast=True,
    )
    receipt = slack.post(overdue)
    [call] = slack_stub.calls("chat.postMessage")[1:]
    assert call.params["reply_broadcast"] is True
    assert [m["ts"] for m in slack_stub.replies(CHANNEL, top.external_id)] == [receipt.external_id]
    assert receipt.external_id in [m["ts"] for m in slack_stub.messages(CHANNEL)]
    found = slack.find_delivered(overdue.key, thread_ts=top.external_id)
    assert found is not None
    assert found.external_id == receipt.external_id


def named(slack_stub: SlackStub, channel: str) -> SlackNotifier:
    """The adapter configured with a channel name, as `BREACHFLOW_SLACK_CHANNEL=#breaches`."""
    return SlackNotifier(
        token=slack_stub.token, channel=channel, base_url=slack_stub.base_url, page_size=20
    )


def test_a_channel_name_is_resolved_to_its_id_across_pages(slack_stub: SlackStub) -> None:
    """`#breaches` is looked up with conversations.list, following the cursor past other
    channels; posts, lookups and edits then use the id Slack needs."""
    slack_stub.add_other_channels(45)
    channel_id = slack_stub.add_channel("breaches", id="C0SEC1234")
    slack = named(slack_stub, "#breaches")
    assert slack.resolve_channel() == "C0SEC1234"
    listings = slack_stub.calls("conversations.list")
    assert len(listings) == 3  # 46 channels, 20 a page
    receipt = slack.post(card_message())
    assert receipt.channel == channel_id
    assert slack.find_delivered("slack:BR-2026-0042:new") is not None
    assert [m["ts"] for m in slack_stub.messages(channel_id)] == [receipt.external_id]
    assert len(slack_stub.calls("conversations.list")) == 3  # resolved once


def test_a_private_channel_the_bot_is_in_resolves_too(slack_stub: SlackStub) -> None:
    """A private channel is listed to the bot once it is a member."""
    slack_stub.add_channel("dpo-only", id="G0PRIVATE1", is_private=True)
    assert named(slack_stub, "dpo-only").resolve_channel() == "G0PRIVATE1"


def test_an_unknown_channel_name_says_what_to_do(slack_stub: SlackStub) -> None:
    """No such channel: the error names the setting and the channel and says how to fix it."""
    slack_stub.add_other_channels(30)
    with pytest.raises(SlackChannelError) as error:
        named(slack_stub, "#breachs").resolve_channel()
    message = str(error.value)
    assert "BREACHFLOW_SLACK_CHANNEL" in message
    assert "no channel #breachs" in message
    assert "channel's id" in message


def test_a_channel_without_the_bot_says_to_invite_it(slack_stub: SlackStub) -> None:
    """The bot is not a member: the error says so and how to invite it."""
    slack_stub.add_channel("breaches", id="C0SEC1234", is_member=False)
    with pytest.raises(SlackChannelError, match=r"not a member of #breaches \(C0SEC1234\)"):
        named(slack_stub, "#breaches").resolve_channel()


def test_a_channel_id_is_used_as_given(slack: SlackNotifier, slack_stub: SlackStub) -> None:
    """An id needs no lookup."""
    assert slack.resolve_channel() == CHANNEL
    slack.post(card_message())
    assert slack_stub.calls("conversations.list") == []


def test_an_unusable_channel_holds_messages_for_a_later_attempt(slack_stub: SlackStub) -> None:
    """Resolved on first use (Slack was down at start-up) and not usable: the delivery fails
    as retryable with the reason, so the message waits until the bot is invited."""
    slack = named(slack_stub, "#breaches")
    with pytest.raises(DeliveryError, match="no channel #breaches") as failure:
        slack.post(card_message())
    assert failure.value.retryable
    slack_stub.add_channel("breaches", id="C0SEC1234")
    assert slack.post(card_message()).channel == "C0SEC1234"

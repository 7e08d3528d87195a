"""Breach events to Slack: the real slack-sdk client against the stub Web API, via the outbox."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import Engine

from breachflow.alerts import alert_handlers, enqueue_alert
from breachflow.dispatcher import Backoff, Dispatcher
from breachflow.settings import Settings
from models.breaches import get_breach
from models.db import read_scope, session_scope
from models.outbox import list_effects
from models.reminders import get_thread
from models.tables import Client
from notifiers.factory import mail_notifier_from
from notifiers.file import FileChannelNotifier
from notifiers.slack import SlackNotifier
from tests.integration.clock.conftest import (
    DESCRIPTION,
    NOW,
    REPORTER,
    REPORTER_EMAIL,
    Case,
    make_case,
)
from tests.support.slack_stub import SlackStub

pytestmark = pytest.mark.integration

CHANNEL = "C0BREACHES"


@pytest.fixture
def slack_stub() -> Iterator[SlackStub]:
    with SlackStub() as stub:
        yield stub


def dispatcher(engine: Engine, settings: Settings, channel: object) -> Dispatcher:
    handlers = alert_handlers(engine, channel, mail_notifier_from(settings))  # type: ignore[arg-type]
    # A frozen clock far ahead: backoff never makes a retry wait in real time.
    return Dispatcher(
        engine,
        handlers,
        backoff=Backoff(base=timedelta(0), max_attempts=20),
        clock=lambda: NOW + timedelta(days=365),
    )


def slack_notifier(stub: SlackStub) -> SlackNotifier:
    return SlackNotifier(
        token=stub.token, channel=CHANNEL, base_url=stub.base_url, connection_retries=1, timeout=5
    )


def alert(engine: Engine, settings: Settings, case: Case, event: str, **details: object) -> None:
    with session_scope(engine) as session:
        breach = get_breach(session=session, breach_id=case.breach_id)
        enqueue_alert(
            session=session,
            settings=settings,
            breach=breach,
            event=event,
            now=NOW,
            details=dict(details),
        )


def test_one_thread_per_breach_with_the_top_message_kept_current(
    engine: Engine, settings: Settings, slack_stub: SlackStub
) -> None:
    case = make_case(engine, now=NOW, deadlines={"authority_notification": timedelta(hours=72)})
    alert(engine, settings, case, "breach_reported")
    alert(engine, settings, case, "assessed")
    alert(engine, settings, case, "decision_waiting", run_link="http://127.0.0.1:4200/runs/x")
    alert(engine, settings, case, "approved", documents_count=3)
    alert(engine, settings, case, "assessed")  # a repeat of the same step adds nothing
    dispatcher(engine, settings, slack_notifier(slack_stub)).run_until_idle()

    tops = slack_stub.messages(CHANNEL)
    assert len(tops) == 1
    top = tops[0]
    replies = slack_stub.replies(CHANNEL, top["ts"])
    assert [r["text"].split(":")[0] for r in replies] == [
        f"Assessed {case.reference}",
        f"DPO decision needed {case.reference}",
        f"Documents approved {case.reference}",
    ]
    assert "Documents approved" in top["text"]  # edited in place with the latest state
    assert top.get("edited")
    assert len(slack_stub.calls("chat.update")) == 3
    assert any(
        e.get("url") == "http://127.0.0.1:4200/runs/x"
        for b in replies[1]["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    )
    with read_scope(engine) as session:
        assert get_thread(session=session, breach_id=case.breach_id).ts == top["ts"]  # type: ignore[union-attr]
    everything = json.dumps(slack_stub.all_posted(CHANNEL))
    for secret in (REPORTER, REPORTER_EMAIL, DESCRIPTION):
        assert secret not in everything


def test_rate_limits_and_an_outage_deliver_exactly_once(
    engine: Engine, settings: Settings, slack_stub: SlackStub
) -> None:
    case = make_case(engine, now=NOW, deadlines={"authority_notification": timedelta(hours=72)})
    alert(engine, settings, case, "breach_reported")
    alert(engine, settings, case, "assessed")
    slack_stub.fail_next(1, "429", method="chat.postMessage", retry_after=1)
    slack_stub.fail_next(6, "500")
    run = dispatcher(engine, settings, slack_notifier(slack_stub))
    run.run_until_idle(max_effects=3)
    with read_scope(engine) as session:
        assert any(e.state == "pending" and e.last_error for e in list_effects(session=session))
    run.run_until_idle()
    with read_scope(engine) as session:
        assert {e.state for e in list_effects(session=session)} == {"done"}
    posted = slack_stub.all_posted(CHANNEL)
    assert len(posted) == 2  # the top message and one reply, none twice
    assert len(slack_stub.calls("chat.postMessage")) > 2  # it took retries to get there


def test_a_crash_after_posting_is_reconciled_without_a_second_post(
    engine: Engine, settings: Settings, slack_stub: SlackStub
) -> None:
    case = make_case(engine, now=NOW, deadlines={"authority_notification": timedelta(hours=72)})
    alert(engine, settings, case, "breach_reported")
    alert(engine, settings, case, "assessed")
    # Slack posts the reply but the answer is lost: the next attempt looks before posting.
    run = dispatcher(engine, settings, slack_notifier(slack_stub))
    run.run_until_idle(max_effects=1)  # the top message
    slack_stub.fail_next(1, "500_after_apply", method="chat.postMessage")
    run.run_until_idle()
    top = slack_stub.messages(CHANNEL)[0]
    assert len(slack_stub.replies(CHANNEL, top["ts"])) == 1


def test_without_a_token_alerts_land_in_the_local_file(engine: Engine, settings: Settings) -> None:
    case = make_case(engine, now=NOW, deadlines={"authority_notification": timedelta(hours=72)})
    alert(engine, settings, case, "breach_reported")
    alert(engine, settings, case, "filed", completeness="complete", authority_reference="DBN-1")
    alert(engine, settings, case, "closed")
    assert settings.slack_file is not None
    dispatcher(engine, settings, FileChannelNotifier(settings.slack_file)).run_until_idle()
    lines = [json.loads(x) for x in settings.slack_file.read_text().splitlines()]
    posts = [x for x in lines if x["action"] == "post"]
    assert [p["key"].rsplit(":", 1)[1] for p in posts] == ["top", "filed", "closed"]
    assert {p["thread_ts"] for p in posts[1:]} == {posts[0]["ts"]}
    assert [x["update_ts"] for x in lines if x["action"] == "update"] == [posts[0]["ts"]] * 2


def test_text_shown_in_a_message_is_escaped_and_cannot_ping_the_channel(
    engine: Engine, settings: Settings
) -> None:
    """The client's name is shown on the breach card: typed as `<!channel>` into the register,
    it reaches Slack as text (`&lt;!channel&gt;`), never as a mention."""
    case = make_case(engine, now=NOW, deadlines={})
    with session_scope(engine) as session:
        client = Client(
            code="evil",
            name="Evil <!channel> & Co",
            register_sha256="test",
            synced_at=NOW,
        )
        session.add(client)
        session.flush()
        breach = get_breach(session=session, breach_id=case.breach_id)
        breach.client_id = client.id
        session.add(breach)
    alert(engine, settings, case, "breach_reported")
    with read_scope(engine) as session:
        (effect,) = list_effects(session=session)
    sent = json.dumps(effect.payload)
    assert "Evil &lt;!channel&gt; &amp; Co" in sent
    assert "<!channel>" not in sent


def test_unknown_events_are_refused(engine: Engine, settings: Settings) -> None:
    case = make_case(engine, now=NOW, deadlines={})
    with pytest.raises(ValueError, match="unknown alert event"):
        alert(engine, settings, case, "exploded")


def test_the_thread_is_in_the_security_teams_language(
    engine: Engine, settings: Settings, slack_stub: SlackStub
) -> None:
    """`BREACHFLOW_SLACK_LANGUAGE=nl`: the top message, its edits and every reply reach Slack
    in Dutch, Brussels time with Dutch weekday and month, from the same outbox path."""
    dutch = settings.model_copy(update={"slack_language": "nl"})
    case = make_case(engine, now=NOW, deadlines={"authority_notification": timedelta(hours=72)})
    alert(engine, dutch, case, "breach_reported")
    alert(engine, dutch, case, "assessed")
    alert(engine, dutch, case, "approved", documents_count=3)
    dispatcher(engine, dutch, slack_notifier(slack_stub)).run_until_idle()

    (top,) = slack_stub.messages(CHANNEL)
    replies = slack_stub.replies(CHANNEL, top["ts"])
    assert [r["text"].split(":")[0] for r in replies] == [
        f"Beoordeeld {case.reference}",
        f"Documenten goedgekeurd {case.reference}",
    ]
    assert "3 documenten goedgekeurd" in replies[1]["text"]
    assert top["text"].startswith(f"Documenten goedgekeurd: {case.reference}")
    assert "Melding aan de GBA" in json.dumps(replies[0]["blocks"], ensure_ascii=False)
    assert "(Belgische tijd)" in replies[0]["text"]
    assert "Open in breachflow" not in json.dumps(slack_stub.all_posted(CHANNEL))

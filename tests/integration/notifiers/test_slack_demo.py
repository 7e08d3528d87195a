"""The demo's messages as the security team gets them: the channel given as `#breaches`, a stub
Slack Web API with more channels than one page lists, the real slack-sdk client and outbox."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from breachflow.demo import in_process_dispatcher, run_demo
from breachflow.settings import Settings
from breachflow.store import engine_for, open_store
from models.breaches import get_breach_by_reference
from models.db import read_scope
from models.documents import list_documents
from notifiers.factory import channel_notifier_from
from notifiers.slack import SlackChannelError
from rules.deadlines import BRUSSELS
from tests.integration.flows.flow_support import approve, file, file_report, now, review
from tests.support.slack_stub import SlackStub

pytestmark = pytest.mark.integration

CHANNEL_ID = "C0SECURITY"


@pytest.fixture
def slack_stub() -> Iterator[SlackStub]:
    with SlackStub() as stub:
        stub.add_other_channels(250)  # more than one conversations.list page
        stub.add_channel("breaches", id=CHANNEL_ID)
        yield stub


def slack_settings(data_dir: Path, stub: SlackStub, **changes: Any) -> Settings:
    values: dict[str, Any] = {"slack_channel": "#breaches", **changes}
    return Settings(  # type: ignore[call-arg]
        data_dir=data_dir,
        slack_token=SecretStr(stub.token),
        slack_base_url=stub.base_url,
        _env_file=None,
        **values,
    )


def texts(stub: SlackStub) -> list[str]:
    return [m["text"] for m in stub.all_posted(CHANNEL_ID)]


def links(stub: SlackStub) -> set[str]:
    """Every button URL in the channel."""
    return {
        element["url"]
        for message in stub.all_posted(CHANNEL_ID)
        for block in message["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    }


def fields(message: dict[str, Any]) -> list[str]:
    return [f["text"] for b in message["blocks"] if b["type"] == "section" for f in b["fields"]]


def test_the_demo_reaches_the_channel_named_breaches_with_right_counts_and_clients(
    tmp_path: Path, slack_stub: SlackStub
) -> None:
    """Every message goes to the id `#breaches` resolves to; the mixed breach names the client
    and our own data; the approval counts the documents the DPO approved."""
    settings = slack_settings(tmp_path / "data", slack_stub)
    reference = run_demo(settings, auto_approve=True, echo=lambda _: None)
    posted = slack_stub.all_posted(CHANNEL_ID)
    assert posted, "the demo's messages reached the channel"
    channels = {c.params.get("channel") for c in slack_stub.calls("chat.postMessage")}
    assert channels == {CHANNEL_ID}
    assert all(reference in m["text"] for m in posted)
    top = slack_stub.messages(CHANNEL_ID)[0]
    assert "*Whose data*\nBakkerij Peeters bv and our own data" in fields(top)
    engine = engine_for(settings)
    with read_scope(engine) as session:
        breach = get_breach_by_reference(session=session, reference=reference)
        approved = [
            d for d in list_documents(session=session, breach_id=breach.id) if d.approved_at
        ]
    engine.dispose()
    assert len(approved) == 3
    [approval] = [t for t in texts(slack_stub) if t.startswith("Documents approved BR-")]
    assert "3 documents approved" in approval
    assert links(slack_stub) == {f"http://127.0.0.1:8000/reports/{reference}"}


class _Health(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def running_service(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A data folder whose `run/service.json` says a service answers on another port (a
    health endpoint that answers 200, as `breachflow serve --port` writes it)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    web = f"http://127.0.0.1:{server.server_address[1]}"
    data = tmp_path / "data"
    (data / "run").mkdir(parents=True)
    info = {
        "web_url": web,
        "public_url": web,
        "health_url": f"{web}/health",
        "prefect_api_url": "http://127.0.0.1:1/api",
        "prefect_ui_url": "http://127.0.0.1:1",
    }
    (data / "run" / "service.json").write_text(json.dumps(info), encoding="utf-8")
    yield data, web
    server.shutdown()
    server.server_close()


def test_the_demo_beside_a_service_on_another_port_links_to_that_service(
    running_service: tuple[Path, str], slack_stub: SlackStub
) -> None:
    """`breachflow demo` runs in its own process, but its report's message is sent by the
    running service: the link must lead to that service, not to a default port."""
    data, web = running_service
    settings = slack_settings(data, slack_stub)
    reference = run_demo(settings, auto_approve=False, echo=lambda _: None)
    # The service carries it on: its steps and its dispatcher run with its own public URL.
    service = settings.model_copy(update={"public_url": web})
    engine = engine_for(settings)
    try:
        in_process_dispatcher(engine, service).run_until_idle()
    finally:
        engine.dispose()
    assert links(slack_stub) == {f"{web}/reports/{reference}"}
    first = slack_stub.calls("chat.postMessage")[0].params["text"]  # the demo's own message
    assert first.startswith("New breach")
    assert f"<{web}/reports/{reference}|Open>" in first


def test_filed_shows_the_time_the_dpo_entered(tmp_path: Path, slack_stub: SlackStub) -> None:
    """The DPO filed at 10:05 and recorded it later: Slack shows 10:05, and the recording time
    beside it."""
    settings = slack_settings(tmp_path / "data", slack_stub)
    engine = open_store(settings)
    try:
        dispatcher = in_process_dispatcher(engine, settings)  # steps and messages
        breach = file_report(engine, settings)
        dispatcher.run_until_idle()
        review(engine, settings, breach.id)
        dispatcher.run_until_idle()
        approve(engine, settings, breach.id)
        dispatcher.run_until_idle()
        filed_at = now() - timedelta(minutes=53)
        file(engine, settings, breach.id, filed_at=filed_at)
        dispatcher.run_until_idle()
    finally:
        engine.dispose()
    [message] = [m for m in slack_stub.all_posted(CHANNEL_ID) if m["text"].startswith("Filed BR")]
    shown = filed_at.astimezone(BRUSSELS)
    assert f"complete notification, {shown.strftime('%a %d %b %Y %H:%M %Z')}" in " ".join(
        fields(message)
    )
    assert any(f.startswith("*Recorded in breachflow*") for f in fields(message))


def test_a_channel_the_bot_is_not_in_stops_the_start_with_what_to_do(
    tmp_path: Path, slack_stub: SlackStub
) -> None:
    """At start-up the notifiers are built: a channel without the bot is refused there, with
    the setting's name and how to invite the bot, before any message is lost in a retry loop."""
    slack_stub.add_channel("security", id="C0NOTIN123", is_member=False)
    settings = slack_settings(tmp_path / "data", slack_stub, slack_channel="#security")
    with pytest.raises(SlackChannelError, match="BREACHFLOW_SLACK_CHANNEL: the bot is not a"):
        channel_notifier_from(settings)

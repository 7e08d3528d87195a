"""Offline notifiers (JSON lines, .eml files) and choosing notifiers from the settings."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from breachflow.settings import Settings
from models.outbox import SLACK_POST, Effect
from notifiers.base import Attachment, ChannelMessage, MailMessage
from notifiers.email import SmtpMailNotifier
from notifiers.factory import channel_notifier_from, mail_notifier_from
from notifiers.file import FileChannelNotifier, FileMailNotifier
from notifiers.outbox_handlers import make_slack_handler
from notifiers.slack import SlackNotifier

pytestmark = pytest.mark.integration


def message(key: str, **kwargs: object) -> ChannelMessage:
    return ChannelMessage(key=key, reference="BR-2026-0042", text=f"text {key}", **kwargs)  # type: ignore[arg-type]


def test_file_notifier_writes_one_json_line_per_message(tmp_path: Path) -> None:
    """Posts and edits append JSON lines holding the whole message and a Slack-like ts."""
    path = tmp_path / "out" / "slack.jsonl"
    notifier = FileChannelNotifier(path)
    blocks = ({"type": "section", "text": {"type": "mrkdwn", "text": "*hi*"}},)
    top = notifier.post(message("k-top", blocks=blocks))
    reply = notifier.post(message("k-reply", thread_ts=top.external_id))
    edit = notifier.update(message("k-edit", update_ts=top.external_id))
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [(r["action"], r["key"]) for r in lines] == [
        ("post", "k-top"),
        ("post", "k-reply"),
        ("update", "k-edit"),
    ]
    assert lines[0]["blocks"] == [dict(b) for b in blocks]
    assert lines[1]["thread_ts"] == top.external_id
    assert edit.external_id == top.external_id
    assert float(reply.external_id) > float(top.external_id)


def test_file_notifier_survives_a_torn_line(tmp_path: Path) -> None:
    """A half-written last line (crash) is ignored and does not swallow the next post."""
    path = tmp_path / "slack.jsonl"
    notifier = FileChannelNotifier(path)
    assert notifier.find_delivered("k-1") is None
    first = notifier.post(message("k-1"))
    with path.open("a", encoding="utf-8") as out:
        out.write('{"action": "post", "key": "k-2", "ts"')
    found = notifier.find_delivered("k-1")
    assert found is not None
    assert (found.external_id, found.already_delivered) == (first.external_id, True)
    assert notifier.find_delivered("k-2") is None
    after = notifier.post(message("k-3"))
    found_after = notifier.find_delivered("k-3")
    assert found_after is not None
    assert found_after.external_id == after.external_id


def test_file_notifier_posts_a_key_only_once(tmp_path: Path) -> None:
    """A second post with the same key writes nothing and returns the first line's ts."""
    notifier = FileChannelNotifier(tmp_path / "slack.jsonl")
    first = notifier.post(message("k-once"))
    second = notifier.post(message("k-once"))
    assert (second.external_id, second.already_delivered) == (first.external_id, True)
    assert len(list(notifier.records())) == 1


def test_file_notifier_is_safe_across_threads(tmp_path: Path) -> None:
    """Concurrent posts never interleave: every line parses and every ts is distinct."""
    notifier = FileChannelNotifier(tmp_path / "slack.jsonl")

    def post_many(worker: int) -> None:
        for n in range(25):
            notifier.post(message(f"k-{worker}-{n}", blocks=({"type": "divider"},) * 20))

    threads = [threading.Thread(target=post_many, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    records = list(notifier.records())
    assert len(records) == 200
    assert len({r["ts"] for r in records}) == 200


def test_slack_handler_reconciles_with_the_file_notifier(tmp_path: Path) -> None:
    """The same outbox handler works offline: a re-run after a crash does not write twice."""
    notifier = FileChannelNotifier(tmp_path / "slack.jsonl")
    handler = make_slack_handler(notifier)
    msg = message("slack:BR-2026-0042:new")
    effect = Effect(msg.key, SLACK_POST, msg.to_payload(), attempt=1, outcome_unknown=False)
    first = handler(effect)
    again = handler(replace(effect, outcome_unknown=True))
    assert again == {**first, "already_delivered": True}
    assert len(list(notifier.records())) == 1


def test_file_mail_notifier_writes_eml_once(tmp_path: Path) -> None:
    """Each e-mail is one .eml named after its key; sending it again writes nothing new."""
    notifier = FileMailNotifier(tmp_path / "outbox-mail", from_addr="breachflow@example.be")
    mail = MailMessage(
        key="email:BR-2026-0042:letter:7",
        to=("person@example.be",),
        subject="About your data",
        text="Letter attached",
        attachments=(Attachment("letter.pdf", "application/pdf", content=b"%PDF-1.4 x"),),
    )
    receipt = notifier.send(mail)
    files = list((tmp_path / "outbox-mail").iterdir())
    assert [f.name for f in files] == ["email=3ABR-2026-0042=3Aletter=3A7.eml"]
    parsed = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert parsed["Message-ID"] == receipt.external_id
    assert [p.get_filename() for p in parsed.iter_attachments()] == ["letter.pdf"]
    repeat = notifier.send(mail)
    assert repeat.already_delivered
    assert len(list((tmp_path / "outbox-mail").iterdir())) == 1


def settings(tmp_path: Path, **kwargs: object) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path, **kwargs)  # type: ignore[call-arg,arg-type]


def test_factory_picks_files_without_credentials(tmp_path: Path) -> None:
    """No Slack token and no SMTP URL: everything goes to local files under data_dir."""
    config = settings(tmp_path, slack_token=None, smtp_url=None, slack_file=None)
    channel = channel_notifier_from(config)
    mail = mail_notifier_from(config)
    assert isinstance(channel, FileChannelNotifier)
    assert channel.path == tmp_path / "slack.jsonl"
    assert isinstance(mail, FileMailNotifier)
    assert mail.directory == tmp_path / "outbox-mail"


def test_factory_picks_slack_and_smtp_when_configured(tmp_path: Path) -> None:
    """A token and an SMTP URL select the real adapters with the configured endpoint."""
    config = settings(
        tmp_path,
        slack_token="xoxb-123",
        slack_channel="C0BREACHES",
        slack_base_url="http://127.0.0.1:9/api",
        smtp_url="smtp://u:p@127.0.0.1:2525?starttls=true",
        smtp_from="dpo@example.be",
    )
    channel = channel_notifier_from(config)
    mail = mail_notifier_from(config)
    assert isinstance(channel, SlackNotifier)
    assert channel.client.base_url == "http://127.0.0.1:9/api/"
    assert channel.channel == "C0BREACHES"
    assert isinstance(mail, SmtpMailNotifier)
    assert (mail.config.port, mail.config.starttls, mail.from_addr) == (
        2525,
        True,
        "dpo@example.be",
    )

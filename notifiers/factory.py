"""Choose the notifiers from the settings: real services when configured, local files otherwise."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from pydantic import SecretStr

from notifiers.base import ChannelNotifier, MailNotifier
from notifiers.email import SmtpMailNotifier
from notifiers.file import FileChannelNotifier, FileMailNotifier
from notifiers.slack import SlackNotifier

__all__ = ["NotifierSettings", "channel_notifier_from", "mail_notifier_from"]


class NotifierSettings(Protocol):
    """The fields of `breachflow.settings.Settings` the notifiers read (attribute access only)."""

    data_dir: Path
    slack_token: SecretStr | None
    slack_channel: str
    slack_base_url: str
    slack_file: Path | None
    smtp_url: SecretStr | None
    smtp_from: str


def channel_notifier_from(settings: NotifierSettings) -> ChannelNotifier:
    """Slack when a token is set; else a JSON-lines file (`slack_file`, default data_dir)."""
    if settings.slack_token is not None and settings.slack_token.get_secret_value():
        return SlackNotifier(
            token=settings.slack_token.get_secret_value(),
            channel=settings.slack_channel,
            base_url=settings.slack_base_url,
        )
    return FileChannelNotifier(settings.slack_file or settings.data_dir / "slack.jsonl")


def mail_notifier_from(settings: NotifierSettings) -> MailNotifier:
    """SMTP when `smtp_url` is set; else .eml files under `data_dir/outbox-mail/`."""
    if settings.smtp_url is not None and settings.smtp_url.get_secret_value():
        return SmtpMailNotifier(settings.smtp_url.get_secret_value(), from_addr=settings.smtp_from)
    return FileMailNotifier(settings.data_dir / "outbox-mail", from_addr=settings.smtp_from)

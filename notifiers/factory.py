"""Choose the notifiers from the settings: real services when configured, local files otherwise."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

from pydantic import SecretStr

from notifiers.base import ChannelNotifier, DeliveryError, MailNotifier
from notifiers.email import SmtpMailNotifier
from notifiers.file import FileChannelNotifier, FileMailNotifier
from notifiers.slack import SETTING, SlackChannelError, SlackNotifier

__all__ = ["NotifierSettings", "channel_notifier_from", "mail_notifier_from"]

log = logging.getLogger(__name__)


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
    """Slack when a token is set; else a JSON-lines file (`slack_file`, default data_dir).

    A channel given by name is resolved to its id here, at start-up: a name Slack does not
    know, or a channel the bot is not in, raises `notifiers.slack.SlackChannelError` with what
    to do. When Slack cannot be reached now, the name is resolved on the first message.
    """
    if settings.slack_token is not None and settings.slack_token.get_secret_value():
        slack = SlackNotifier(
            token=settings.slack_token.get_secret_value(),
            channel=settings.slack_channel,
            base_url=settings.slack_base_url,
        )
        try:
            slack.resolve_channel()
        except DeliveryError as error:
            if not error.retryable:  # a refused token or a missing scope: a person must act
                raise SlackChannelError(f"{SETTING}: cannot look it up: {error}") from error
            log.warning("Slack channel %s not resolved yet: %s", settings.slack_channel, error)
        return slack
    return FileChannelNotifier(settings.slack_file or settings.data_dir / "slack.jsonl")


def mail_notifier_from(settings: NotifierSettings) -> MailNotifier:
    """SMTP when `smtp_url` is set; else .eml files under `data_dir/outbox-mail/`."""
    if settings.smtp_url is not None and settings.smtp_url.get_secret_value():
        return SmtpMailNotifier(settings.smtp_url.get_secret_value(), from_addr=settings.smtp_from)
    return FileMailNotifier(settings.data_dir / "outbox-mail", from_addr=settings.smtp_from)

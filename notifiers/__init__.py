"""Every outside message (Slack, e-mail, local files) goes through the interfaces in `base`.

`factory` picks the real adapters from the settings (local files when no credentials are set),
`slack_messages` builds the Slack content from the words of `slack_texts` (the `slack` gettext
domain, in the security team's language), `outbox_handlers` connects them to the dispatcher.
"""

from notifiers.base import (
    Attachment,
    ChannelMessage,
    ChannelNotifier,
    DeliveryError,
    MailMessage,
    MailNotifier,
    Receipt,
)

__all__ = [
    "Attachment",
    "ChannelMessage",
    "ChannelNotifier",
    "DeliveryError",
    "MailMessage",
    "MailNotifier",
    "Receipt",
]

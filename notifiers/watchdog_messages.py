"""The watchdog's two messages, as pure Block Kit builders: an outage and its end.

Only the watchdog's own words and the service's address: never a breach's details.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from notifiers.base import ChannelMessage
from notifiers.slack_messages import escape_mrkdwn
from rules.deadlines import BRUSSELS


def _when(at: datetime) -> str:
    return at.astimezone(BRUSSELS).strftime("%a %d %b %Y %H:%M %Z")


def outage_alarm(problems: Sequence[str], *, now: datetime, link: str) -> ChannelMessage:
    """`<!here>`: deadlines may pass unseen until someone acts."""
    title = "breachflow is not watching the deadlines"
    lines = "\n".join(f"• {escape_mrkdwn(problem)}" for problem in problems)
    text = f"<!here> {title}: {escape_mrkdwn('; '.join(problems))} (seen {_when(now)})"
    blocks = (
        {"type": "header", "text": {"type": "plain_text", "text": title}},
        {"type": "section", "text": {"type": "mrkdwn", "text": f"<!here>\n{lines}"}},
        {
            "type": "context",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": f"Seen {escape_mrkdwn(_when(now))}. Check the service: "
                    f"<{link}|{escape_mrkdwn(link)}>",
                }
            ],
        },
    )
    return ChannelMessage(key="watchdog", reference=None, text=text, blocks=blocks)


def outage_over(*, since: datetime, now: datetime) -> ChannelMessage:
    """The service watches the deadlines again; reminders missed meanwhile go out late."""
    title = "breachflow watches the deadlines again"
    detail = (
        f"The outage seen {_when(since)} is over ({_when(now)}). Reminders that fell due "
        "meanwhile are sent now, marked late."
    )
    blocks = (
        {"type": "header", "text": {"type": "plain_text", "text": title}},
        {"type": "section", "text": {"type": "mrkdwn", "text": escape_mrkdwn(detail)}},
    )
    return ChannelMessage(
        key="watchdog", reference=None, text=f"{title}: {escape_mrkdwn(detail)}", blocks=blocks
    )

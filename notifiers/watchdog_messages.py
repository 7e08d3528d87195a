"""The watchdog's two messages, as pure Block Kit builders: an outage and its end.

Only the watchdog's own words and the service's address: never a breach's details. The words
come from the `slack` catalogs in the security team's language (`language`), as every other
Slack message does; `problems` arrive already in it (`breachflow.watchdog.check`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from notifiers.base import ChannelMessage
from notifiers.slack_messages import escape_mrkdwn
from notifiers.slack_texts import words


def outage_alarm(
    problems: Sequence[str], *, now: datetime, link: str, language: str = "en"
) -> ChannelMessage:
    """`<!here>`: deadlines may pass unseen until someone acts."""
    w = words(language)
    title = w.say("watchdog.alarm.title")
    seen = w.instant(now)
    lines = "\n".join(f"• {escape_mrkdwn(problem)}" for problem in problems)
    fallback = w.say(
        "watchdog.alarm.fallback", title=title, problems="; ".join(problems), when=seen
    )
    seen_line = w.say("watchdog.alarm.seen", when=seen)
    check = f"{seen_line} " + w.say("watchdog.check")
    blocks = (
        {"type": "header", "text": {"type": "plain_text", "text": title}},
        {"type": "section", "text": {"type": "mrkdwn", "text": f"<!here>\n{lines}"}},
        {
            "type": "context",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": f"{escape_mrkdwn(check)} <{link}|{escape_mrkdwn(link)}>",
                }
            ],
        },
    )
    text = f"<!here> {escape_mrkdwn(fallback)}"
    return ChannelMessage(key="watchdog", reference=None, text=text, blocks=blocks)


def outage_over(*, since: datetime, now: datetime, language: str = "en") -> ChannelMessage:
    """The service watches the deadlines again; reminders missed meanwhile go out late."""
    w = words(language)
    title = w.say("watchdog.over.title")
    detail = w.say("watchdog.over.detail", since=w.instant(since), now=w.instant(now))
    blocks = (
        {"type": "header", "text": {"type": "plain_text", "text": title}},
        {"type": "section", "text": {"type": "mrkdwn", "text": escape_mrkdwn(detail)}},
    )
    text = w.say("fallback", title=title, summary=escape_mrkdwn(detail))
    return ChannelMessage(key="watchdog", reference=None, text=text, blocks=blocks)

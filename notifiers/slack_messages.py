"""Slack messages (Block Kit + plain-text fallback) for each moment of a breach.

Pure functions: no client, no clock (`now` is a parameter). A message carries the minimum the
team needs to act: reference, client, outcome, deadline, counts and a link to breachflow. It never
carries a reporter's or data subject's name, e-mail, national number or the free-text
description: the input type `BreachSnapshot` has no field for them, and `from_mapping` copies
only the allowed keys. Every interpolated string is mrkdwn-escaped, so text typed by a reporter
(a system name) cannot ping `<!channel>` or smuggle in a link.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

from notifiers.base import ChannelMessage
from rules.deadlines import BRUSSELS

__all__ = [
    "BreachSnapshot",
    "Deadline",
    "SlackContent",
    "breach_card",
    "breach_link",
    "closed",
    "documents_approved",
    "dpo_decision_waiting",
    "escalation",
    "escape_mrkdwn",
    "filed",
    "format_deadline",
    "outcome_and_deadlines",
    "reminder",
    "watchdog_alarm",
]


# Slack limits: header text 150 chars, a section field 2000; system names are kept much shorter.
_HEADER_MAX = 150
_SYSTEM_NAME_MAX = 80
_SYSTEMS_SHOWN = 5

OUTCOME_LABELS: Mapping[str, str] = {
    "unlikely": "Unlikely to result in a risk: document only",
    "risk": "Risk: notify the GBA",
    "high": "High risk: notify the GBA and the people concerned",
}
OBLIGATION_LABELS: Mapping[str, str] = {
    "gba": "Notification to the GBA",
    "gba_part1": "GBA notification, Part 1",
    "gba_part2": "GBA notification, Part 2",
    "controller_notice": "Notice to the client (controller)",
    "processor_notice": "Notice to the client (controller)",
    "controller": "Notification to the GBA (as controller)",
    "assist_controller": "Assistance to the client (controller)",
    "scope_check": "Check of other clients and our own data",
    "joint_partner_notice": "Notice to the joint controller",
    "data_subjects": "Communication to the people concerned",
    "nis2_early_warning": "CCB early warning (NIS2)",
    "nis2_notification": "CCB incident notification (NIS2)",
    "nis2_final_report": "CCB final report (NIS2)",
}
STATUS_LABELS: Mapping[str, str] = {
    "new": "New breach",
    "assessed": "Assessed",
    "awaiting_dpo": "Waiting for the DPO",
    "documents_approved": "Documents approved",
    "filed": "Filed",
    "closed": "Closed",
}
COMPLETENESS_LABELS: Mapping[str, str] = {
    "complete": "complete notification",
    "part1": "Part 1",
    "part2": "Part 2",
}


def escape_mrkdwn(text: str) -> str:
    """Escape the three characters Slack's mrkdwn gives meaning to (links, mentions, `&`).

    Without this a reporter could type `<!channel>` or `<https://evil|GBA portal>` into a field
    that reaches Slack.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def breach_link(public_url: str, reference: str) -> str:
    """The breach's status page in breachflow's web app (`/reports/REF`: full details for the
    security team's session, the reporter's view for a client's)."""
    return f"{public_url.rstrip('/')}/reports/{quote(reference, safe='')}"


@dataclass(frozen=True)
class Deadline:
    """One obligation's due instant (aware; stored in UTC, shown in Brussels time)."""

    obligation: str
    due_at: datetime

    def __post_init__(self) -> None:
        if self.due_at.tzinfo is None:
            raise ValueError("deadline must be timezone-aware")


@dataclass(frozen=True)
class BreachSnapshot:
    """What a Slack message may say about a breach, and nothing more."""

    reference: str
    link: str
    client_name: str | None = None
    outcome: str | None = None
    deadlines: tuple[Deadline, ...] = ()
    subjects_count: int | None = None
    records_count: int | None = None
    systems: tuple[str, ...] = ()
    run_link: str | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> BreachSnapshot:
        """Copy only this type's fields from a wider record (a row, an assessment contract)."""
        allowed = [f.name for f in fields(cls)]
        kept = {name: data[name] for name in allowed if data.get(name) is not None}
        kept["deadlines"] = tuple(
            d if isinstance(d, Deadline) else Deadline(d["obligation"], d["due_at"])
            for d in kept.get("deadlines", ())
        )
        kept["systems"] = tuple(str(s) for s in kept.get("systems", ()))
        for count in ("subjects_count", "records_count"):
            if not isinstance(kept.get(count), int) or isinstance(kept.get(count), bool):
                kept.pop(count, None)  # "unknown" or a range: shown as unknown
        return cls(**kept)

    @property
    def next_deadline(self) -> Deadline | None:
        """The earliest deadline, the one the team must watch."""
        return min(self.deadlines, key=lambda d: d.due_at, default=None)


@dataclass(frozen=True)
class SlackContent:
    """A built message: fallback text plus blocks, ready to wrap in a `ChannelMessage`."""

    text: str
    blocks: tuple[dict[str, Any], ...]

    def message(
        self,
        *,
        key: str,
        reference: str | None,
        thread_ts: str | None = None,
        update_ts: str | None = None,
        broadcast: bool = False,
    ) -> ChannelMessage:
        """Wrap with the idempotency key and where it goes (thread reply or top-message edit).

        Use `broadcast=True` for an escalation, so the overdue reply shows in the channel too.
        """
        return ChannelMessage(
            key=key,
            reference=reference,
            text=self.text,
            blocks=self.blocks,
            thread_ts=thread_ts,
            update_ts=update_ts,
            broadcast=broadcast,
        )


def format_deadline(due_at: datetime, *, now: datetime) -> str:
    """Brussels wall-clock time plus time left, e.g. `Mon 30 Mar 2026 11:00 CEST (49 h left)`."""
    if due_at.tzinfo is None or now.tzinfo is None:
        raise ValueError("deadline and now must be timezone-aware")
    shown = due_at.astimezone(BRUSSELS).strftime("%a %d %b %Y %H:%M %Z")
    return f"{shown} ({_time_left(due_at - now)})"


def _duration(delta: timedelta) -> str:
    """Whole hours, or minutes under an hour, rounded down: `49 h`, `35 min`."""
    minutes = int(abs(delta.total_seconds()) // 60)
    return f"{minutes // 60} h" if minutes >= 60 else f"{minutes} min"


def _time_left(delta: timedelta) -> str:
    amount = _duration(delta)
    return f"{amount} left" if delta.total_seconds() > 0 else f"overdue by {amount}"


def _label(table: Mapping[str, str], code: str | None, default: str = "not assessed yet") -> str:
    if code is None:
        return default
    return table.get(code, code)


def _count(value: int | None) -> str:
    return "unknown" if value is None else f"{value:,}".replace(",", " ")


def _field(title: str, value: str) -> dict[str, Any]:
    # Escaping can grow text fivefold (`&` -> `&amp;`); 300 raw chars stay under Slack's 2000.
    text = f"*{escape_mrkdwn(_truncate(title, 100))}*\n{escape_mrkdwn(_truncate(value, 300))}"
    return {"type": "mrkdwn", "text": text}


def _systems(systems: Sequence[str]) -> str:
    names = [_truncate(name, _SYSTEM_NAME_MAX) for name in systems[:_SYSTEMS_SHOWN]]
    rest = len(systems) - len(names)
    return ", ".join(names) + (f" and {rest} more" if rest > 0 else "")


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _link(url: str, label: str) -> str:
    """A mrkdwn link whose URL cannot close the link early or add a label of its own."""
    return f"<{escape_mrkdwn(url).replace('|', '%7C')}|{escape_mrkdwn(label)}>"


def _button(text: str, url: str, action_id: str) -> dict[str, Any]:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": text},
        "url": url,
        "action_id": action_id,
    }


def _content(
    *,
    title: str,
    fields: Sequence[tuple[str, str]],
    summary: str,
    link: str | None,
    decide_link: str | None = None,
    note: str | None = None,
    mention: str = "",
) -> SlackContent:
    """Shared layout: header, a fields section, an optional note, buttons; fallback text."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": _truncate(title, _HEADER_MAX)}},
        {"type": "section", "fields": [_field(t, v) for t, v in fields]},
    ]
    if note:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": note}]})
    buttons = []
    if link:
        buttons.append(_button("Open in breachflow", link, "open_breach"))
    if decide_link:
        buttons.append(_button("Decide in Prefect", decide_link, "open_prefect_run"))
    if buttons:
        blocks.append({"type": "actions", "elements": buttons})
    text = f"{mention}{escape_mrkdwn(title)}: {summary}"
    if link:
        text += f" {_link(link, 'Open')}"
    if decide_link:
        text += f" {_link(decide_link, 'Decide')}"
    return SlackContent(text=text, blocks=tuple(blocks))


def _client_field(snapshot: BreachSnapshot) -> tuple[str, str]:
    return ("Client", snapshot.client_name or "our own data")


def _deadline_field(snapshot: BreachSnapshot, now: datetime) -> tuple[str, str]:
    deadline = snapshot.next_deadline
    if deadline is None:
        return ("Next deadline", "none")
    title = f"Next deadline: {_label(OBLIGATION_LABELS, deadline.obligation)}"
    return (title, format_deadline(deadline.due_at, now=now))


def _summary(snapshot: BreachSnapshot, now: datetime) -> str:
    parts = [
        escape_mrkdwn(snapshot.client_name or "our own data"),
        escape_mrkdwn(_label(OUTCOME_LABELS, snapshot.outcome)),
    ]
    if snapshot.next_deadline is not None:
        parts.append("due " + format_deadline(snapshot.next_deadline.due_at, now=now))
    return ", ".join(parts)


def breach_card(snapshot: BreachSnapshot, *, now: datetime, status: str = "new") -> SlackContent:
    """The breach's top message: posted when a breach arrives, edited (chat.update) as it moves."""
    fields = [
        _client_field(snapshot),
        ("Outcome", _label(OUTCOME_LABELS, snapshot.outcome)),
        _deadline_field(snapshot, now),
        ("People affected", _count(snapshot.subjects_count)),
        ("Records", _count(snapshot.records_count)),
    ]
    if snapshot.systems:
        fields.append(("Systems", _systems(snapshot.systems)))
    fields.append(("Status", _label(STATUS_LABELS, status)))
    title = f"{_label(STATUS_LABELS, status)}: {snapshot.reference}"
    if status == "new":
        title = f"New breach {snapshot.reference}"
    return _content(
        title=title,
        fields=fields,
        summary=_summary(snapshot, now),
        link=snapshot.link,
    )


def outcome_and_deadlines(snapshot: BreachSnapshot, *, now: datetime) -> SlackContent:
    """Thread reply once the breach is assessed: the outcome and every deadline it starts."""
    fields = [_client_field(snapshot), ("Outcome", _label(OUTCOME_LABELS, snapshot.outcome))]
    fields += [
        (_label(OBLIGATION_LABELS, d.obligation), format_deadline(d.due_at, now=now))
        for d in sorted(snapshot.deadlines, key=lambda d: d.due_at)
    ]
    return _content(
        title=f"Assessed {snapshot.reference}",
        fields=fields[:10],  # Slack allows ten fields in a section
        summary=_summary(snapshot, now),
        link=snapshot.link,
    )


def reminder(snapshot: BreachSnapshot, deadline: Deadline, *, now: datetime) -> SlackContent:
    """Thread reply: a deadline is getting close."""
    label = _label(OBLIGATION_LABELS, deadline.obligation)
    when = format_deadline(deadline.due_at, now=now)
    return _content(
        title=f"Reminder {snapshot.reference}: {label}",
        fields=[_client_field(snapshot), (label, when)],
        summary=f"{escape_mrkdwn(label)} due {when}",
        link=snapshot.link,
    )


def escalation(
    snapshot: BreachSnapshot,
    deadline: Deadline,
    *,
    now: datetime,
    mention_group_id: str | None = None,
) -> SlackContent:
    """Thread reply when a deadline has passed; may ping a user group (the DPO's) by its id.

    The group id comes from configuration, never from a reporter, and is checked to be an id.
    """
    label = _label(OBLIGATION_LABELS, deadline.obligation)
    when = format_deadline(deadline.due_at, now=now)
    mention = ""
    if mention_group_id:
        if not mention_group_id.isalnum():
            raise ValueError("a Slack user group id is letters and digits only")
        mention = f"<!subteam^{mention_group_id}> "
    return _content(
        title=f"OVERDUE {snapshot.reference}: {label}",
        fields=[
            _client_field(snapshot),
            ("Outcome", _label(OUTCOME_LABELS, snapshot.outcome)),
            (label, when),
        ],
        summary=f"{escape_mrkdwn(label)} was due {when}; a late notification must give reasons",
        link=snapshot.link,
        mention=mention,
    )


def dpo_decision_waiting(snapshot: BreachSnapshot, *, now: datetime) -> SlackContent:
    """Thread reply: the flow waits for the DPO's decision on the outcome (Prefect form)."""
    return _content(
        title=f"DPO decision needed {snapshot.reference}",
        fields=[
            _client_field(snapshot),
            ("Proposed outcome", _label(OUTCOME_LABELS, snapshot.outcome)),
            _deadline_field(snapshot, now),
            ("People affected", _count(snapshot.subjects_count)),
        ],
        summary=_summary(snapshot, now),
        link=snapshot.link,
        decide_link=snapshot.run_link,
    )


def documents_approved(
    snapshot: BreachSnapshot, *, documents_count: int, now: datetime
) -> SlackContent:
    """Thread reply: the DPO approved the drafts (GBA notification, notices, letters)."""
    return _content(
        title=f"Documents approved {snapshot.reference}",
        fields=[
            _client_field(snapshot),
            ("Documents", _count(documents_count)),
            _deadline_field(snapshot, now),
        ],
        summary=f"{documents_count} document(s) approved, {_summary(snapshot, now)}",
        link=snapshot.link,
    )


def filed(
    snapshot: BreachSnapshot,
    *,
    completeness: str,
    filed_at: datetime,
    authority_reference: str | None = None,
) -> SlackContent:
    """Thread reply: the notification went in (GBA case reference `DBN...` when known)."""
    what = _label(COMPLETENESS_LABELS, completeness)
    when = filed_at.astimezone(BRUSSELS).strftime("%a %d %b %Y %H:%M %Z")
    fields = [_client_field(snapshot), ("Filed", f"{what}, {when}")]
    if authority_reference:
        fields.append(("Authority reference", authority_reference))
    return _content(
        title=f"Filed {snapshot.reference}",
        fields=fields,
        summary=escape_mrkdwn(f"{what} filed {when}"),
        link=snapshot.link,
    )


def closed(snapshot: BreachSnapshot, *, closed_at: datetime) -> SlackContent:
    """Thread reply: the breach is closed and documented in the register (Art. 33(5))."""
    when = closed_at.astimezone(BRUSSELS).strftime("%a %d %b %Y %H:%M %Z")
    return _content(
        title=f"Closed {snapshot.reference}",
        fields=[
            _client_field(snapshot),
            ("Outcome", _label(OUTCOME_LABELS, snapshot.outcome)),
            ("Closed", when),
        ],
        summary=escape_mrkdwn(f"closed {when}"),
        link=snapshot.link,
    )


def watchdog_alarm(
    *,
    last_tick: datetime | None,
    now: datetime,
    stale_after: timedelta,
    link: str | None = None,
) -> SlackContent:
    """Top-level alarm: the deadline clock has not ticked, so reminders may be silently missing."""
    if last_tick is None:
        seen = "never"
    else:
        seen = last_tick.astimezone(BRUSSELS).strftime("%a %d %b %Y %H:%M %Z")
        seen += f" ({_duration(now - last_tick)} ago)"
    limit = f"{int(stale_after.total_seconds() // 60)} min"
    return _content(
        title="breachflow clock is stale",
        fields=[("Last tick", seen), ("Allowed gap", limit)],
        summary=escape_mrkdwn(f"last tick {seen}; deadlines are not being watched"),
        link=link,
        note="Check the scheduler process; reminders and escalations are not being sent.",
    )

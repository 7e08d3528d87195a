"""Slack messages (Block Kit + plain-text fallback) for each moment of a breach.

Pure functions: no client, no clock (`now` is a parameter). A message carries the minimum the
team needs to act: reference, whose data, outcome, deadlines, counts and a link to breachflow.
It never carries a reporter's or data subject's name, e-mail, national number or the free-text
description: the input type `BreachSnapshot` has no field for them, and `from_mapping` copies
only the allowed keys. Every interpolated string is mrkdwn-escaped, so text typed by a person
(a system name, a GBA reference) cannot ping `<!channel>` or smuggle in a link. Every word comes
from `notifiers.slack_texts`; every size is kept within Slack's Block Kit limits (`LIMITS`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

from notifiers.base import ChannelMessage
from notifiers.slack_texts import (
    COMPLETENESS_LABELS,
    OBLIGATION_LABELS,
    OUTCOME_LABELS,
    OUTCOME_LABELS_FOR_CLIENTS,
    STATUS_LABELS,
    say,
    say_plural,
)
from rules.deadlines import BRUSSELS

__all__ = [
    "LIMITS",
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
    "whose_data",
]


@dataclass(frozen=True)
class BlockKitLimits:
    """Slack's Block Kit limits (api.slack.com/reference/block-kit) the builders stay within."""

    blocks: int = 50
    header_text: int = 150
    section_text: int = 3000
    section_fields: int = 10
    field_text: int = 2000
    context_elements: int = 10
    actions_elements: int = 25
    button_text: int = 75
    button_url: int = 3000
    action_id: int = 255
    fallback_text: int = 40000  # Slack truncates `text` beyond this


LIMITS = BlockKitLimits()
# What one field may show before escaping: escaping grows text at most fivefold (`&` ->
# `&amp;`), so 100 + 300 raw characters stay under the 2,000 of a field.
_FIELD_TITLE_RAW = 100
_FIELD_VALUE_RAW = 300
_NOTE_RAW = 500  # a context line, escaped: at most 2,500 of its 3,000
_NAME_MAX = 80  # one system or client name
_NAMES_SHOWN = 5  # names listed before "and N more"


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
    """One obligation's due instant (aware; stored in UTC, shown in Brussels time).

    `obligation` is a `rules.obligations.ObligationKind` value; `party` the name of the client
    controller it is owed to, when it is owed to one.
    """

    obligation: str
    due_at: datetime
    party: str | None = None

    def __post_init__(self) -> None:
        if self.due_at.tzinfo is None:
            raise ValueError("deadline must be timezone-aware")

    @property
    def label(self) -> str:
        """What is due, and to whom when it is a client (`Notice to the client: Bakkerij ...`)."""
        label = _label(OBLIGATION_LABELS, self.obligation)
        if self.party:
            return say("value.obligation_of", obligation=label, party=self.party)
        return label


@dataclass(frozen=True)
class BreachSnapshot:
    """What a Slack message may say about a breach, and nothing more.

    `clients` are the names of the client controllers whose data the breach touches and
    `own_data` whether ours are touched too (from the affected activities and the register);
    neither: the activities are still to be determined.
    """

    reference: str
    link: str
    clients: tuple[str, ...] = ()
    own_data: bool = False
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
            d if isinstance(d, Deadline) else Deadline(d["obligation"], d["due_at"], d.get("party"))
            for d in kept.get("deadlines", ())
        )
        kept["systems"] = tuple(str(s) for s in kept.get("systems", ()))
        kept["clients"] = tuple(str(c) for c in kept.get("clients", ()))
        kept["own_data"] = kept.get("own_data") is True
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

    def with_note(self, note: str) -> SlackContent:
        """The same message with a context line (e.g. "sent late"), escaped."""
        block = _note(note)
        return SlackContent(
            text=f"{self.text} ({block['elements'][0]['text']})", blocks=(*self.blocks, block)
        )


def _note(note: str) -> dict[str, Any]:
    text = escape_mrkdwn(_truncate(note, _NOTE_RAW))
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def _instant(at: datetime) -> str:
    return at.astimezone(BRUSSELS).strftime(say("format.instant"))


def format_deadline(due_at: datetime, *, now: datetime) -> str:
    """Brussels wall-clock time plus time left, e.g. `Mon 30 Mar 2026 11:00 CEST (49 h left)`."""
    if due_at.tzinfo is None or now.tzinfo is None:
        raise ValueError("deadline and now must be timezone-aware")
    return say("value.deadline", when=_instant(due_at), left=_time_left(due_at - now))


def _duration(delta: timedelta) -> str:
    """Whole hours, or minutes under an hour, rounded down: `49 h`, `35 min`."""
    minutes = int(abs(delta.total_seconds()) // 60)
    if minutes >= 60:
        return say("duration.hours", hours=minutes // 60)
    return say("duration.minutes", minutes=minutes)


def _time_left(delta: timedelta) -> str:
    amount = _duration(delta)
    return say("left" if delta.total_seconds() > 0 else "overdue_by", duration=amount)


def _label(table: Mapping[str, str], code: str | None) -> str:
    if code is None:
        return say("value.not_assessed")
    return table.get(code, code.replace("_", " "))


def _count(value: int | None) -> str:
    return say("value.unknown") if value is None else f"{value:,}".replace(",", " ")


def _field(title: str, value: str) -> dict[str, Any]:
    text = (
        f"*{escape_mrkdwn(_truncate(title, _FIELD_TITLE_RAW))}*\n"
        f"{escape_mrkdwn(_truncate(value, _FIELD_VALUE_RAW))}"
    )
    return {"type": "mrkdwn", "text": text}


def _names(names: Sequence[str]) -> str:
    """The first few names, each cut to a readable length, then "and N more"."""
    shown = ", ".join(_truncate(name, _NAME_MAX) for name in names[:_NAMES_SHOWN])
    rest = len(names) - _NAMES_SHOWN
    return say_plural("value.more", rest, shown=shown) if rest > 0 else shown


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _link(url: str, label: str) -> str:
    """A mrkdwn link whose URL cannot close the link early or add a label of its own."""
    return f"<{escape_mrkdwn(url).replace('|', '%7C')}|{escape_mrkdwn(label)}>"


def _button(text: str, url: str, action_id: str) -> dict[str, Any]:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": _truncate(text, LIMITS.button_text)},
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
    """Shared layout: header, a fields section, an optional note, buttons; fallback text.

    `summary` is already escaped; `title`, the fields and `note` are escaped here.
    """
    header = _truncate(title, LIMITS.header_text)
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": header}},
        {
            "type": "section",
            "fields": [_field(t, v) for t, v in fields[: LIMITS.section_fields]],
        },
    ]
    if note:
        blocks.append(_note(note))
    buttons = []
    if link:
        buttons.append(_button(say("button.open"), link, "open_breach"))
    if decide_link:
        buttons.append(_button(say("button.decide"), decide_link, "open_prefect_run"))
    if buttons:
        blocks.append({"type": "actions", "elements": buttons})
    text = mention + say("fallback", title=escape_mrkdwn(header), summary=summary)
    if link:
        text += " " + _link(link, say("link.open"))
    if decide_link:
        text += " " + _link(decide_link, say("link.decide"))
    return SlackContent(text=text, blocks=tuple(blocks))


def whose_data(snapshot: BreachSnapshot) -> str:
    """`Bakkerij Peeters bv and our own data`, a client's name, `our own data`, or, before the
    activities are known, that they are still to be determined."""
    if snapshot.clients and snapshot.own_data:
        return say("value.clients_and_own", clients=_names(snapshot.clients))
    if snapshot.clients:
        return _names(snapshot.clients)
    if snapshot.own_data:
        return say("value.own_data")
    return say("value.not_determined")


def _outcome(snapshot: BreachSnapshot) -> str:
    """The outcome as a duty: ours when our own data are touched, else the controller's."""
    if snapshot.clients and not snapshot.own_data:
        return _label(OUTCOME_LABELS_FOR_CLIENTS, snapshot.outcome)
    return _label(OUTCOME_LABELS, snapshot.outcome)


def _whose_field(snapshot: BreachSnapshot) -> tuple[str, str]:
    return (say("field.whose_data"), whose_data(snapshot))


def _deadline_field(snapshot: BreachSnapshot, now: datetime) -> tuple[str, str]:
    deadline = snapshot.next_deadline
    if deadline is None:
        return (say("field.next_deadline"), say("value.none"))
    title = say("field.next_deadline_of", obligation=deadline.label)
    return (title, format_deadline(deadline.due_at, now=now))


def _summary(snapshot: BreachSnapshot, now: datetime) -> str:
    parts = [escape_mrkdwn(whose_data(snapshot)), escape_mrkdwn(_outcome(snapshot))]
    if snapshot.next_deadline is not None:
        deadline = format_deadline(snapshot.next_deadline.due_at, now=now)
        parts.append(escape_mrkdwn(say("summary.due", deadline=deadline)))
    return ", ".join(parts)


def breach_card(snapshot: BreachSnapshot, *, now: datetime, status: str = "new") -> SlackContent:
    """The breach's top message: posted when a breach arrives, edited (chat.update) as it moves."""
    fields = [
        _whose_field(snapshot),
        (say("field.outcome"), _outcome(snapshot)),
        _deadline_field(snapshot, now),
        (say("field.people"), _count(snapshot.subjects_count)),
        (say("field.records"), _count(snapshot.records_count)),
    ]
    if snapshot.systems:
        fields.append((say("field.systems"), _names(snapshot.systems)))
    status_label = _label(STATUS_LABELS, status)
    fields.append((say("field.status"), status_label))
    if status == "new":
        title = say("title.new", reference=snapshot.reference)
    else:
        title = say("title.status", status=status_label, reference=snapshot.reference)
    return _content(title=title, fields=fields, summary=_summary(snapshot, now), link=snapshot.link)


def outcome_and_deadlines(snapshot: BreachSnapshot, *, now: datetime) -> SlackContent:
    """Thread reply once the breach is assessed: the outcome and every deadline it starts.

    Deadlines that read the same (one client assisted by two of our entities) show once.
    """
    shown = {
        (d.label, format_deadline(d.due_at, now=now)): None
        for d in sorted(snapshot.deadlines, key=lambda d: d.due_at)
    }
    fields = [_whose_field(snapshot), (say("field.outcome"), _outcome(snapshot)), *shown]
    return _content(
        title=say("title.assessed", reference=snapshot.reference),
        fields=fields,  # the first ten: Slack allows ten fields in a section
        summary=_summary(snapshot, now),
        link=snapshot.link,
    )


def reminder(snapshot: BreachSnapshot, deadline: Deadline, *, now: datetime) -> SlackContent:
    """Thread reply: a deadline is getting close."""
    when = format_deadline(deadline.due_at, now=now)
    return _content(
        title=say("title.reminder", reference=snapshot.reference, obligation=deadline.label),
        fields=[_whose_field(snapshot), (deadline.label, when)],
        summary=escape_mrkdwn(say("summary.reminder", obligation=deadline.label, deadline=when)),
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
    when = format_deadline(deadline.due_at, now=now)
    mention = ""
    if mention_group_id:
        if not mention_group_id.isalnum():
            raise ValueError("a Slack user group id is letters and digits only")
        mention = f"<!subteam^{mention_group_id}> "
    return _content(
        title=say("title.overdue", reference=snapshot.reference, obligation=deadline.label),
        fields=[
            _whose_field(snapshot),
            (say("field.outcome"), _outcome(snapshot)),
            (deadline.label, when),
        ],
        summary=escape_mrkdwn(say("summary.overdue", obligation=deadline.label, deadline=when)),
        link=snapshot.link,
        mention=mention,
    )


def dpo_decision_waiting(snapshot: BreachSnapshot, *, now: datetime) -> SlackContent:
    """Thread reply: the flow waits for the DPO's decision on the outcome (Prefect form)."""
    return _content(
        title=say("title.decision_waiting", reference=snapshot.reference),
        fields=[
            _whose_field(snapshot),
            (say("field.proposed_outcome"), _outcome(snapshot)),
            _deadline_field(snapshot, now),
            (say("field.people"), _count(snapshot.subjects_count)),
        ],
        summary=_summary(snapshot, now),
        link=snapshot.link,
        decide_link=snapshot.run_link,
    )


def documents_approved(
    snapshot: BreachSnapshot, *, documents_count: int, now: datetime
) -> SlackContent:
    """Thread reply: the DPO approved the drafts (GBA notification, notices, letters)."""
    approved = say_plural("summary.approved", documents_count)
    return _content(
        title=say("title.approved", reference=snapshot.reference),
        fields=[
            _whose_field(snapshot),
            (say("field.documents"), _count(documents_count)),
            _deadline_field(snapshot, now),
        ],
        summary=f"{escape_mrkdwn(approved)}, {_summary(snapshot, now)}",
        link=snapshot.link,
    )


def filed(
    snapshot: BreachSnapshot,
    *,
    completeness: str,
    filed_at: datetime,
    recorded_at: datetime | None = None,
    authority_reference: str | None = None,
) -> SlackContent:
    """Thread reply: the notification went in, at the time the DPO gave (`filed_at`), with the
    GBA case reference (`DBN...`) when known. When breachflow recorded it a minute or more
    later (`recorded_at`), that time is shown too, so the two are never confused."""
    what = _label(COMPLETENESS_LABELS, completeness)
    when = _instant(filed_at)
    fields = [
        _whose_field(snapshot),
        (say("field.filed"), say("value.filed", what=what, when=when)),
    ]
    if recorded_at is not None and abs(recorded_at - filed_at) >= timedelta(minutes=1):
        fields.append((say("field.recorded"), _instant(recorded_at)))
    if authority_reference:
        fields.append((say("field.authority_reference"), authority_reference))
    return _content(
        title=say("title.filed", reference=snapshot.reference),
        fields=fields,
        summary=escape_mrkdwn(say("summary.filed", what=what, when=when)),
        link=snapshot.link,
    )


def closed(snapshot: BreachSnapshot, *, closed_at: datetime) -> SlackContent:
    """Thread reply: the breach is closed and documented in the register (Art. 33(5))."""
    when = _instant(closed_at)
    return _content(
        title=say("title.closed", reference=snapshot.reference),
        fields=[
            _whose_field(snapshot),
            (say("field.outcome"), _outcome(snapshot)),
            (say("field.closed"), when),
        ],
        summary=escape_mrkdwn(say("summary.closed", when=when)),
        link=snapshot.link,
    )

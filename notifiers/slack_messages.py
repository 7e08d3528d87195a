"""Slack messages (Block Kit + plain-text fallback) for each moment of a breach.

Pure functions: no client, no clock (`now` is a parameter). A message carries the minimum the
team needs to act: reference, whose data, outcome, deadlines, counts and a link to breachflow.
It never carries a reporter's or data subject's name, e-mail, national number or the free-text
description: the input type `BreachSnapshot` has no field for them, and `from_mapping` copies
only the allowed keys. Every interpolated string is mrkdwn-escaped, so text typed by a person
(a system name, a GBA reference) cannot ping `<!channel>` or smuggle in a link. Every word comes
from `notifiers.slack_texts`, in the language each builder is given (`language`: the security
team's, `BREACHFLOW_SLACK_LANGUAGE`; English by default); every size is kept within Slack's
Block Kit limits (`LIMITS`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

from notifiers.base import ChannelMessage
from notifiers.slack_texts import Words, words

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

    def label(self, language: str = "en") -> str:
        """What is due, and to whom when it is a client (`Notice to the client: Bakkerij ...`)."""
        w = words(language)
        label = w.label("obligation", self.obligation)
        if self.party:
            return w.say("value.obligation_of", obligation=label, party=self.party)
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


def format_deadline(due_at: datetime, *, now: datetime, language: str = "en") -> str:
    """Brussels wall-clock time plus time left, e.g. `Mon 30 Mar 2026 11:00 CEST (49 h left)`."""
    if due_at.tzinfo is None or now.tzinfo is None:
        raise ValueError("deadline and now must be timezone-aware")
    w = words(language)
    return w.say("value.deadline", when=w.instant(due_at), left=_time_left(w, due_at - now))


def _duration(w: Words, delta: timedelta) -> str:
    """Whole hours, or minutes under an hour, rounded down: `49 h`, `35 min`."""
    minutes = int(abs(delta.total_seconds()) // 60)
    if minutes >= 60:
        return w.say("duration.hours", hours=minutes // 60)
    return w.say("duration.minutes", minutes=minutes)


def _time_left(w: Words, delta: timedelta) -> str:
    amount = _duration(w, delta)
    return w.say("left" if delta.total_seconds() > 0 else "overdue_by", duration=amount)


def _count(w: Words, value: int | None) -> str:
    return w.say("value.unknown") if value is None else w.number(value)


def _field(title: str, value: str) -> dict[str, Any]:
    text = (
        f"*{escape_mrkdwn(_truncate(title, _FIELD_TITLE_RAW))}*\n"
        f"{escape_mrkdwn(_truncate(value, _FIELD_VALUE_RAW))}"
    )
    return {"type": "mrkdwn", "text": text}


def _names(w: Words, names: Sequence[str]) -> str:
    """The first few names, each cut to a readable length, then "and N more"."""
    shown = ", ".join(_truncate(name, _NAME_MAX) for name in names[:_NAMES_SHOWN])
    rest = len(names) - _NAMES_SHOWN
    return w.say_plural("value.more", rest, shown=shown) if rest > 0 else shown


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
    w: Words,
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
        buttons.append(_button(w.say("button.open"), link, "open_breach"))
    if decide_link:
        buttons.append(_button(w.say("button.decide"), decide_link, "open_prefect_run"))
    if buttons:
        blocks.append({"type": "actions", "elements": buttons})
    text = mention + w.say("fallback", title=escape_mrkdwn(header), summary=summary)
    if link:
        text += " " + _link(link, w.say("link.open"))
    if decide_link:
        text += " " + _link(decide_link, w.say("link.decide"))
    return SlackContent(text=text, blocks=tuple(blocks))


def whose_data(snapshot: BreachSnapshot, language: str = "en") -> str:
    """`Bakkerij Peeters bv and our own data`, a client's name, `our own data`, or, before the
    activities are known, that they are still to be determined."""
    w = words(language)
    if snapshot.clients and snapshot.own_data:
        return w.say("value.clients_and_own", clients=_names(w, snapshot.clients))
    if snapshot.clients:
        return _names(w, snapshot.clients)
    if snapshot.own_data:
        return w.say("value.own_data")
    return w.say("value.not_determined")


def _outcome(w: Words, snapshot: BreachSnapshot) -> str:
    """The outcome as a duty: ours when our own data are touched, else the controller's."""
    if snapshot.clients and not snapshot.own_data:
        return w.label("outcome_for_clients", snapshot.outcome)
    return w.label("outcome", snapshot.outcome)


def _whose_field(w: Words, snapshot: BreachSnapshot) -> tuple[str, str]:
    return (w.say("field.whose_data"), whose_data(snapshot, w.language))


def _deadline_field(w: Words, snapshot: BreachSnapshot, now: datetime) -> tuple[str, str]:
    deadline = snapshot.next_deadline
    if deadline is None:
        return (w.say("field.next_deadline"), w.say("value.none"))
    title = w.say("field.next_deadline_of", obligation=deadline.label(w.language))
    return (title, format_deadline(deadline.due_at, now=now, language=w.language))


def _summary(w: Words, snapshot: BreachSnapshot, now: datetime) -> str:
    parts = [escape_mrkdwn(whose_data(snapshot, w.language)), escape_mrkdwn(_outcome(w, snapshot))]
    if snapshot.next_deadline is not None:
        deadline = format_deadline(snapshot.next_deadline.due_at, now=now, language=w.language)
        parts.append(escape_mrkdwn(w.say("summary.due", deadline=deadline)))
    return ", ".join(parts)


def breach_card(
    snapshot: BreachSnapshot, *, now: datetime, status: str = "new", language: str = "en"
) -> SlackContent:
    """The breach's top message: posted when a breach arrives, edited (chat.update) as it moves."""
    w = words(language)
    fields = [
        _whose_field(w, snapshot),
        (w.say("field.outcome"), _outcome(w, snapshot)),
        _deadline_field(w, snapshot, now),
        (w.say("field.people"), _count(w, snapshot.subjects_count)),
        (w.say("field.records"), _count(w, snapshot.records_count)),
    ]
    if snapshot.systems:
        fields.append((w.say("field.systems"), _names(w, snapshot.systems)))
    status_label = w.label("status", status)
    fields.append((w.say("field.status"), status_label))
    if status == "new":
        title = w.say("title.new", reference=snapshot.reference)
    else:
        title = w.say("title.status", status=status_label, reference=snapshot.reference)
    return _content(
        w, title=title, fields=fields, summary=_summary(w, snapshot, now), link=snapshot.link
    )


def outcome_and_deadlines(
    snapshot: BreachSnapshot, *, now: datetime, language: str = "en"
) -> SlackContent:
    """Thread reply once the breach is assessed: the outcome and every deadline it starts.

    Deadlines that read the same (one client assisted by two of our entities) show once.
    """
    w = words(language)
    shown = {
        (d.label(language), format_deadline(d.due_at, now=now, language=language)): None
        for d in sorted(snapshot.deadlines, key=lambda d: d.due_at)
    }
    fields = [_whose_field(w, snapshot), (w.say("field.outcome"), _outcome(w, snapshot)), *shown]
    return _content(
        w,
        title=w.say("title.assessed", reference=snapshot.reference),
        fields=fields,  # the first ten: Slack allows ten fields in a section
        summary=_summary(w, snapshot, now),
        link=snapshot.link,
    )


def reminder(
    snapshot: BreachSnapshot, deadline: Deadline, *, now: datetime, language: str = "en"
) -> SlackContent:
    """Thread reply: a deadline is getting close."""
    w = words(language)
    what = deadline.label(language)
    when = format_deadline(deadline.due_at, now=now, language=language)
    return _content(
        w,
        title=w.say("title.reminder", reference=snapshot.reference, obligation=what),
        fields=[_whose_field(w, snapshot), (what, when)],
        summary=escape_mrkdwn(w.say("summary.reminder", obligation=what, deadline=when)),
        link=snapshot.link,
    )


def escalation(
    snapshot: BreachSnapshot,
    deadline: Deadline,
    *,
    now: datetime,
    mention_group_id: str | None = None,
    language: str = "en",
) -> SlackContent:
    """Thread reply when a deadline has passed; may ping a user group (the DPO's) by its id.

    The group id comes from configuration, never from a reporter, and is checked to be an id.
    """
    w = words(language)
    what = deadline.label(language)
    when = format_deadline(deadline.due_at, now=now, language=language)
    mention = ""
    if mention_group_id:
        if not mention_group_id.isalnum():
            raise ValueError("a Slack user group id is letters and digits only")
        mention = f"<!subteam^{mention_group_id}> "
    return _content(
        w,
        title=w.say("title.overdue", reference=snapshot.reference, obligation=what),
        fields=[
            _whose_field(w, snapshot),
            (w.say("field.outcome"), _outcome(w, snapshot)),
            (what, when),
        ],
        summary=escape_mrkdwn(w.say("summary.overdue", obligation=what, deadline=when)),
        link=snapshot.link,
        mention=mention,
    )


def dpo_decision_waiting(
    snapshot: BreachSnapshot, *, now: datetime, language: str = "en"
) -> SlackContent:
    """Thread reply: the flow waits for the DPO's decision on the outcome (Prefect form)."""
    w = words(language)
    return _content(
        w,
        title=w.say("title.decision_waiting", reference=snapshot.reference),
        fields=[
            _whose_field(w, snapshot),
            (w.say("field.proposed_outcome"), _outcome(w, snapshot)),
            _deadline_field(w, snapshot, now),
            (w.say("field.people"), _count(w, snapshot.subjects_count)),
        ],
        summary=_summary(w, snapshot, now),
        link=snapshot.link,
        decide_link=snapshot.run_link,
    )


def documents_approved(
    snapshot: BreachSnapshot, *, documents_count: int, now: datetime, language: str = "en"
) -> SlackContent:
    """Thread reply: the DPO approved the drafts (GBA notification, notices, letters)."""
    w = words(language)
    approved = w.say_plural("summary.approved", documents_count)
    return _content(
        w,
        title=w.say("title.approved", reference=snapshot.reference),
        fields=[
            _whose_field(w, snapshot),
            (w.say("field.documents"), _count(w, documents_count)),
            _deadline_field(w, snapshot, now),
        ],
        summary=f"{escape_mrkdwn(approved)}, {_summary(w, snapshot, now)}",
        link=snapshot.link,
    )


def filed(
    snapshot: BreachSnapshot,
    *,
    completeness: str,
    filed_at: datetime,
    recorded_at: datetime | None = None,
    authority_reference: str | None = None,
    language: str = "en",
) -> SlackContent:
    """Thread reply: the notification went in, at the time the DPO gave (`filed_at`), with the
    GBA case reference (`DBN...`) when known. When breachflow recorded it a minute or more
    later (`recorded_at`), that time is shown too, so the two are never confused."""
    w = words(language)
    what = w.label("completeness", completeness)
    when = w.instant(filed_at)
    fields = [
        _whose_field(w, snapshot),
        (w.say("field.filed"), w.say("value.filed", what=what, when=when)),
    ]
    if recorded_at is not None and abs(recorded_at - filed_at) >= timedelta(minutes=1):
        fields.append((w.say("field.recorded"), w.instant(recorded_at)))
    if authority_reference:
        fields.append((w.say("field.authority_reference"), authority_reference))
    return _content(
        w,
        title=w.say("title.filed", reference=snapshot.reference),
        fields=fields,
        summary=escape_mrkdwn(w.say("summary.filed", what=what, when=when)),
        link=snapshot.link,
    )


def closed(snapshot: BreachSnapshot, *, closed_at: datetime, language: str = "en") -> SlackContent:
    """Thread reply: the breach is closed and documented in the register (Art. 33(5))."""
    w = words(language)
    when = w.instant(closed_at)
    return _content(
        w,
        title=w.say("title.closed", reference=snapshot.reference),
        fields=[
            _whose_field(w, snapshot),
            (w.say("field.outcome"), _outcome(w, snapshot)),
            (w.say("field.closed"), when),
        ],
        summary=escape_mrkdwn(w.say("summary.closed", when=when)),
        link=snapshot.link,
    )

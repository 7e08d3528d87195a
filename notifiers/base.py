"""The small interfaces every outside message goes through.

Flows and the outbox build a `ChannelMessage` or `MailMessage` and hand it to a notifier; the
notifier is the only code that talks to Slack, SMTP or a local file. Every message carries an
idempotency key so a retry after a crash can ask "was this already delivered?" instead of
sending twice.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

__all__ = [
    "Attachment",
    "ChannelMessage",
    "ChannelNotifier",
    "DeliveryError",
    "MailMessage",
    "MailNotifier",
    "Receipt",
]


@dataclass(frozen=True)
class ChannelMessage:
    """A Slack-like message: `text` is the fallback shown in notifications, `blocks` the layout.

    `thread_ts` posts the message as a reply in a breach's thread (`broadcast` also shows the
    reply in the channel, for what must not be missed); `update_ts` edits the breach's top
    message in place (chat.update) instead of posting a new one.
    """

    key: str
    reference: str | None
    text: str
    blocks: tuple[Mapping[str, Any], ...] = ()
    thread_ts: str | None = None
    update_ts: str | None = None
    broadcast: bool = False

    def to_payload(self) -> dict[str, Any]:
        """Plain JSON-able dict, as stored in the outbox."""
        return {
            "key": self.key,
            "reference": self.reference,
            "text": self.text,
            "blocks": [dict(block) for block in self.blocks],
            "thread_ts": self.thread_ts,
            "update_ts": self.update_ts,
            "broadcast": self.broadcast,
        }

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any], *, key: str | None = None) -> ChannelMessage:
        """Inverse of `to_payload`; `key` (the outbox's) wins over a key inside the payload."""
        return cls(
            key=key if key is not None else str(payload["key"]),
            reference=payload.get("reference"),
            text=str(payload["text"]),
            blocks=tuple(payload.get("blocks") or ()),
            thread_ts=payload.get("thread_ts"),
            update_ts=payload.get("update_ts"),
            broadcast=bool(payload.get("broadcast", False)),
        )


@dataclass(frozen=True)
class Attachment:
    """A file attached to an e-mail: given as bytes (`content`) or as a file on disk (`path`)."""

    filename: str
    mime_type: str
    content: bytes | None = None
    path: Path | None = None

    def __post_init__(self) -> None:
        if (self.content is None) == (self.path is None):
            raise ValueError("an attachment needs exactly one of content or path")
        if "/" not in self.mime_type:
            raise ValueError(f"not a MIME type: {self.mime_type!r}")

    def read(self) -> bytes:
        """The attachment's bytes, read from disk when given as a path."""
        if self.content is not None:
            return self.content
        assert self.path is not None  # guaranteed by __post_init__
        return self.path.read_bytes()

    def to_payload(self) -> dict[str, Any]:
        """JSON-able form: a path stays a path (PDFs can be large), bytes go as base64."""
        data: dict[str, Any] = {"filename": self.filename, "mime_type": self.mime_type}
        if self.path is not None:
            data["path"] = str(self.path)
        else:
            assert self.content is not None
            data["content_b64"] = base64.b64encode(self.content).decode("ascii")
        return data

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> Attachment:
        """Inverse of `to_payload`."""
        if payload.get("path"):
            return cls(payload["filename"], payload["mime_type"], path=Path(payload["path"]))
        content = base64.b64decode(payload["content_b64"])
        return cls(payload["filename"], payload["mime_type"], content=content)


@dataclass(frozen=True)
class MailMessage:
    """An e-mail; its key becomes the Message-ID so receivers and re-sends can deduplicate."""

    key: str
    to: tuple[str, ...]
    subject: str
    text: str
    html: str | None = None
    attachments: tuple[Attachment, ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.to:
            raise ValueError("an e-mail needs at least one recipient")

    def to_payload(self) -> dict[str, Any]:
        """Plain JSON-able dict, as stored in the outbox."""
        return {
            "key": self.key,
            "to": list(self.to),
            "subject": self.subject,
            "text": self.text,
            "html": self.html,
            "attachments": [a.to_payload() for a in self.attachments],
        }

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any], *, key: str | None = None) -> MailMessage:
        """Inverse of `to_payload`; `key` (the outbox's) wins over a key inside the payload."""
        to = payload["to"]
        return cls(
            key=key if key is not None else str(payload["key"]),
            to=(to,) if isinstance(to, str) else tuple(to),
            subject=str(payload["subject"]),
            text=str(payload["text"]),
            html=payload.get("html"),
            attachments=tuple(Attachment.from_payload(a) for a in payload.get("attachments", ())),
        )


@dataclass(frozen=True)
class Receipt:
    """Proof of delivery: where it went and the outside id (Slack `ts`, e-mail Message-ID)."""

    channel: str
    external_id: str
    already_delivered: bool = False

    def to_result(self) -> dict[str, Any]:
        """The dict an outbox handler returns and the store keeps."""
        return {
            "channel": self.channel,
            "ts": self.external_id,
            "already_delivered": self.already_delivered,
        }


class DeliveryError(Exception):
    """A message could not be delivered.

    `retryable` says whether trying again later can help (outage, rate limit) or not (bad token,
    unknown channel, rejected recipient). `outcome_unknown` says the far side may have acted
    anyway (connection lost after sending), so the next attempt must look before re-sending.
    """

    def __init__(
        self, message: str, *, retryable: bool, outcome_unknown: bool = False, code: str = ""
    ) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.outcome_unknown = outcome_unknown
        self.code = code


@runtime_checkable
class ChannelNotifier(Protocol):
    """Where team alerts go: Slack, or a local JSON-lines file when offline."""

    def post(self, message: ChannelMessage) -> Receipt:
        """Post a new message (or a thread reply when `message.thread_ts` is set)."""
        ...

    def update(self, message: ChannelMessage) -> Receipt:
        """Edit the message at `message.update_ts` in place."""
        ...

    def find_delivered(self, key: str, *, thread_ts: str | None = None) -> Receipt | None:
        """The receipt of an earlier post with this key, or None; `thread_ts` narrows the search."""
        ...


@runtime_checkable
class MailNotifier(Protocol):
    """Where e-mails go: an SMTP server, or .eml files when offline. At-least-once."""

    def send(self, message: MailMessage) -> Receipt:
        """Send the e-mail; the receipt's external id is its Message-ID."""
        ...

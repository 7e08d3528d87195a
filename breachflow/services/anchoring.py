"""Anchoring the audit chain's head outside the database.

The head row proves where the chain ends only to someone who trusts the database: delete the
last events and rewind the head, or empty the table and reset it, and the chain still looks
whole. So at every filing and at least daily, the head's sequence number and hash leave the
database three ways: a line appended to the anchor file in the data folder, a message in the
breach's Slack thread (or the channel), and an e-mail to the DPO (with no SMTP set, the e-mail
log `DATA_DIR/outbox-mail/`). `breachflow audit verify` checks the chain against the anchor
file by default, or against any copy (`--anchor FILE`: a saved e-mail, the Slack file, text
pasted from Slack): every copy carries the same line, MAC'd with the audit key.

    breachflow-audit-anchor v1 seq=42 hash=<hex> at=2026-11-30T09:00:00Z reason=daily mac=<hex>
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import hmac
import logging
import os
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from breachflow.services.processing_register import processing_register_of
from breachflow.settings import Settings
from models.audit import Anchor, AuditKeyMissing, current_head
from models.audit_walk import Head
from models.db import audit_key_of, session_scope
from models.outbox import EMAIL_SEND, SLACK_POST, enqueue
from models.reminders import get_thread
from models.tables import Breach
from notifiers.slack_texts import MESSAGES as SLACK_TEXTS
from notifiers.slack_texts import words

log = logging.getLogger(__name__)

PREFIX = "breachflow-audit-anchor v1"
LINE = re.compile(
    rf"{PREFIX} seq=(?P<seq>\d+) hash=(?P<hash>[0-9a-f]{{64}}) at=(?P<at>\S+) "
    r"reason=(?P<reason>[A-Za-z0-9:._-]+) mac=(?P<mac>[0-9a-f]{64})"
)
DAILY = timedelta(hours=24)
HEADER = re.compile(r"[A-Za-z0-9-]+: ")  # a saved e-mail starts with its headers


def anchor_file(settings: Settings) -> Path:
    return Path(settings.audit_anchor_file or Path(settings.data_dir) / "audit-anchors.txt")


def _signed(anchor: Anchor) -> str:
    at = anchor.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{PREFIX} seq={anchor.seq} hash={anchor.hash} at={at} reason={anchor.reason}"


def anchor_line(anchor: Anchor, key: bytes) -> str:
    """The anchor as one line of text, with a MAC so a copy cannot be edited unnoticed."""
    signed = _signed(anchor)
    mac = hmac.new(key, signed.encode("ascii"), hashlib.sha256).hexdigest()
    return f"{signed} mac={mac}"


@dataclass(frozen=True)
class AnchorCopy:
    """The anchors found in one copy, and the lines whose MAC does not match the key."""

    anchors: tuple[Anchor, ...]
    altered: tuple[str, ...]


def parse_anchors(text: str, key: bytes) -> AnchorCopy:
    """Every anchor line in `text` (a file, an e-mail's text, the Slack file), in order; a
    line repeated in one copy counts once."""
    anchors: list[Anchor] = []
    altered: list[str] = []
    seen: set[str] = set()
    for match in LINE.finditer(text):
        if match.group(0) in seen:
            continue
        seen.add(match.group(0))
        anchor = Anchor(
            seq=int(match["seq"]),
            hash=match["hash"],
            at=datetime.strptime(match["at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC),
            reason=match["reason"],
        )
        if hmac.compare_digest(anchor_line(anchor, key), match.group(0)):
            anchors.append(anchor)
        else:
            altered.append(f"seq={anchor.seq} at {match['at']}")
    return AnchorCopy(tuple(anchors), tuple(altered))


def read_anchors(path: Path, key: bytes) -> AnchorCopy:
    """The anchors of a copy on disk; a saved e-mail is read through its text parts (mail
    encodings may wrap the line)."""
    data = path.read_bytes()
    text = data.decode("utf-8", errors="replace")
    if HEADER.match(text):
        message = email.message_from_bytes(data, policy=email.policy.default)
        parts = [
            str(part.get_content())
            for part in message.walk()
            if part.get_content_type() == "text/plain"
        ]
        text = "\n".join([text, *parts])
    return parse_anchors(text, key)


def write_anchor(
    settings: Settings,
    engine: Engine,
    head: Head,
    *,
    reason: str,
    now: datetime,
    always: bool = False,
) -> Anchor | None:
    """Append the head to the anchor file (synced), unless the file's last anchor holds this
    head already (`always`: a restore is recorded even then); returns the anchor written."""
    key = audit_key_of(engine)
    if key is None:
        raise AuditKeyMissing
    path = anchor_file(settings)
    if path.exists() and not always:
        known = parse_anchors(path.read_text(encoding="utf-8", errors="replace"), key).anchors
        if known and (known[-1].seq, known[-1].hash) == (head.seq, head.hash):
            return None
    anchor = Anchor(head.seq, head.hash, now.replace(microsecond=0), reason)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
        handle.write(anchor_line(anchor, key) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return anchor


def anchor_messages(
    line: str,
    anchor: Anchor,
    *,
    reference: str | None,
    dpo_email: str,
    language: str = "en",
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The Slack message (in the security team's `language`) and the e-mail that carry an
    anchor (payloads for the outbox). Our own text only: no reporter's or data subject's word
    is in them."""
    what = f"{anchor.reason} of {reference}" if reference else anchor.reason
    w = words(language)
    reason = f"anchor.reason.{anchor.reason}"
    said = w.say(reason, reference=reference or "") if reason in SLACK_TEXTS else anchor.reason
    text = w.say("anchor.text", what=said, seq=str(anchor.seq), hash=anchor.hash[:16])
    slack = {
        "key": "",
        "reference": reference,
        "text": text,
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": text}},
            {"type": "section", "text": {"type": "mrkdwn", "text": f"```{line}```"}},
        ],
        "thread_ts": None,
        "update_ts": None,
        "broadcast": False,
    }
    mail = {
        "key": "",
        "to": [dpo_email],
        "subject": f"breachflow audit anchor #{anchor.seq} ({what})",
        "text": (
            "This message keeps a copy of the audit trail's head outside breachflow's "
            "database. Keep it: saved as a file, `breachflow audit verify --anchor FILE` "
            "checks that the trail was not cut short or rewritten since.\n\n"
            f"{line}\n"
        ),
        "html": None,
        "attachments": [],
    }
    return slack, mail


def _enqueue_copies(
    session: Session, settings: Settings, line: str, anchor: Anchor, breach: Breach | None
) -> None:
    tag = f"audit-anchor:{anchor.seq}:{anchor.hash[:16]}"
    dpo = processing_register_of(settings).dpo.email
    reference = breach.reference if breach is not None else None
    slack, mail = anchor_messages(
        line, anchor, reference=reference, dpo_email=dpo, language=settings.slack_language
    )
    if breach is not None and get_thread(session=session, breach_id=breach.id) is not None:
        slack["thread"] = {"breach_id": str(breach.id), "role": "reply"}
    breach_id = breach.id if breach is not None else None
    for kind, payload in ((SLACK_POST, slack), (EMAIL_SEND, mail)):
        key = f"{kind}:{tag}"
        enqueue(
            session=session,
            key=key,
            kind=kind,
            payload={**payload, "key": key},
            now=anchor.at,
            breach_id=breach_id,
        )


def anchor_audit_head(
    *,
    engine: Engine,
    settings: Settings,
    now: datetime,
    reason: str,
    breach_id: uuid.UUID | None = None,
) -> Anchor | None:
    """Anchor the chain's head as it stands: the Slack message and the e-mail through the
    outbox (one transaction), then the line in the anchor file. What the filing service and
    the clock call. Nothing happens when the file's last anchor holds this head already; a
    failure is logged, never raised: the filing it follows is done."""
    try:
        key = audit_key_of(engine)
        if key is None:
            raise AuditKeyMissing
        with session_scope(engine) as session:
            head = current_head(session)
            if head is None:
                log.error("audit anchor skipped: the chain's head row is missing")
                return None
            path = anchor_file(settings)
            if path.exists():
                last = parse_anchors(path.read_text(encoding="utf-8", errors="replace"), key)
                if last.anchors and (last.anchors[-1].seq, last.anchors[-1].hash) == (
                    head.seq,
                    head.hash,
                ):
                    return None
            anchor = Anchor(head.seq, head.hash, now.replace(microsecond=0), reason)
            breach = session.get(Breach, breach_id) if breach_id is not None else None
            _enqueue_copies(session, settings, anchor_line(anchor, key), anchor, breach)
        return write_anchor(settings, engine, head, reason=reason, now=now)
    except Exception:
        log.exception("audit anchor (%s) failed; the next one will cover this head", reason)
        return None


def last_anchor_at(settings: Settings, engine: Engine) -> datetime | None:
    """When the anchor file was last written to (None: never)."""
    key = audit_key_of(engine)
    path = anchor_file(settings)
    if key is None or not path.exists():
        return None
    anchors = parse_anchors(path.read_text(encoding="utf-8", errors="replace"), key).anchors
    return anchors[-1].at if anchors else None


def anchor_if_due(
    *, engine: Engine, settings: Settings, now: datetime, every: timedelta = DAILY
) -> Anchor | None:
    """The clock's daily anchor: when the last one is older than `every` (or there is none)."""
    last = last_anchor_at(settings, engine)
    if last is not None and now - last < every:
        return None
    return anchor_audit_head(engine=engine, settings=settings, now=now, reason="daily")

"""Offline notifiers: Slack messages as JSON lines in a file, e-mails as .eml files in a folder.

Used when no Slack token or SMTP URL is configured, so breachflow runs (and demos, and tests)
without any outside service while still showing exactly what would have been sent.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from notifiers.base import ChannelMessage, MailMessage, Receipt
from notifiers.email import build_email, message_id_for

__all__ = ["FileChannelNotifier", "FileMailNotifier"]

_MAX_STEM = 200


class FileChannelNotifier:
    """The `ChannelNotifier` that appends one JSON line per post or edit to a file.

    Each write is flushed and fsync'ed under a thread lock and an `flock`, so concurrent threads
    and processes never interleave lines and a crash loses at most the line being written.
    """

    channel = "file"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._last_ts = 0.0

    def post(self, message: ChannelMessage) -> Receipt:
        """Append a `post` line unless one with this key exists (checked under the lock).

        The line's `ts` plays the role of Slack's message ts.
        """
        return self._append("post", message, ts=None)

    def update(self, message: ChannelMessage) -> Receipt:
        """Append an `update` line for the top message at `message.update_ts`."""
        if message.update_ts is None:
            raise ValueError("update needs message.update_ts")
        return self._append("update", message, ts=message.update_ts)

    def find_delivered(self, key: str, *, thread_ts: str | None = None) -> Receipt | None:
        """The earlier post with this key, if its line is in the file."""
        return self._find(key)

    def _find(self, key: str) -> Receipt | None:
        for record in self.records():
            if record.get("action") == "post" and record.get("key") == key:
                return Receipt(self.channel, str(record["ts"]), already_delivered=True)
        return None

    def records(self) -> Iterator[dict[str, Any]]:
        """Every complete line of the file (a torn last line from a crash is skipped)."""
        if not self.path.exists():
            return
        with self.path.open(encoding="utf-8") as lines:
            for line in lines:
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if isinstance(record, dict):
                    yield record

    def _append(self, action: str, message: ChannelMessage, *, ts: str | None) -> Receipt:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, self.path.open("a", encoding="utf-8") as out:
            fcntl.flock(out, fcntl.LOCK_EX)
            try:
                if action == "post":
                    earlier = self._find(message.key)
                    if earlier is not None:
                        return earlier
                if out.tell() > 0 and not self._ends_with_newline():
                    out.write("\n")  # close a line torn by a crash, so ours stays whole
                record_ts = ts or self._next_ts()
                record = {
                    "action": action,
                    "ts": record_ts,
                    "at": datetime.now(UTC).isoformat(),
                    **message.to_payload(),
                }
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                out.flush()
                os.fsync(out.fileno())
            finally:
                fcntl.flock(out, fcntl.LOCK_UN)
        return Receipt(self.channel, record_ts)

    def _ends_with_newline(self) -> bool:
        with self.path.open("rb") as raw:
            raw.seek(-1, os.SEEK_END)
            return raw.read(1) == b"\n"

    def _next_ts(self) -> str:
        """Slack-style `seconds.micros`, strictly increasing within this process."""
        self._last_ts = max(time.time(), self._last_ts + 0.000001)
        return f"{self._last_ts:.6f}"


class FileMailNotifier:
    """The `MailNotifier` that writes each e-mail as `<key>.eml` in a folder.

    The file name comes from the key, so sending the same e-mail again finds the file and
    writes nothing; files are written to a temporary name and renamed, so none is ever partial.
    """

    channel = "file-mail"

    def __init__(self, directory: Path, *, from_addr: str) -> None:
        self.directory = directory
        self.from_addr = from_addr

    def send(self, message: MailMessage) -> Receipt:
        """Write the .eml once; a repeat with the same key reports it as already delivered."""
        message_id = message_id_for(message.key)
        stem = message_id.strip("<>").rsplit("@", 1)[0]
        if len(stem) > _MAX_STEM:  # file names are limited to 255 bytes
            stem = hashlib.sha256(message.key.encode("utf-8")).hexdigest()
        target = self.directory / f"{stem}.eml"
        if target.exists():
            return Receipt(self.channel, message_id, already_delivered=True)
        self.directory.mkdir(parents=True, exist_ok=True)
        mime = build_email(message, from_addr=self.from_addr, now=datetime.now(UTC))
        temporary = target.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        with temporary.open("wb") as out:
            out.write(mime.as_bytes())
            out.flush()
            os.fsync(out.fileno())
        temporary.replace(target)
        return Receipt(self.channel, message_id)

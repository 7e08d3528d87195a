"""Attachments: a type allow-list checked against the file's first bytes, a size limit, and
storage under data_dir/attachments with a random name (the reporter's file name is only
recorded, never used as a path, and no route serves the folder).

A file is written (and synced) under a temporary name first and moved to its name only once
the report's transaction has committed: a full disk or a failed filing leaves no file behind,
and a file under its final name always belongs to a stored report. A crash between the commit
and the move leaves a temporary file, which `recover_staged` settles at the next start: moved
in when its report was stored, removed when not.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath
from types import TracebackType

from breachflow.services.reporting import StoredUpload

log = logging.getLogger(__name__)

PDF, PNG, JPEG = b"%PDF-", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"
TEXT_TYPES = {
    ".txt": "text/plain",
    ".log": "text/plain",
    ".csv": "text/csv",
    ".eml": "message/rfc822",
}
BINARY_TYPES = {".pdf": ("application/pdf", PDF), ".png": ("image/png", PNG)}
BINARY_TYPES |= {".jpg": ("image/jpeg", JPEG), ".jpeg": ("image/jpeg", JPEG)}
ALLOWED_SUFFIXES = frozenset(TEXT_TYPES) | frozenset(BINARY_TYPES)
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]+")


@dataclass(frozen=True)
class Upload:
    """A file as received: the name the browser gave and its bytes."""

    filename: str
    content: bytes


def safe_filename(name: str) -> str:
    """The last path component without control characters, at most 120 characters."""
    base = PurePath(name.replace("\\", "/")).name
    cleaned = _UNSAFE.sub("_", base).strip(" .") or "attachment"
    return cleaned[-120:]


def mime_type_of(upload: Upload) -> str | None:
    """The MIME type when the suffix is allowed and the content matches it, else None."""
    suffix = PurePath(upload.filename.lower()).suffix
    if suffix in BINARY_TYPES:
        mime, magic = BINARY_TYPES[suffix]
        return mime if upload.content.startswith(magic) else None
    if suffix in TEXT_TYPES:
        head = upload.content[:8192]
        if b"\x00" in head:
            return None
        return TEXT_TYPES[suffix]
    return None


# `<stored name>.part-<pid>`: the writing process, so a start-up can tell its own leftovers
# (a dead writer) from a file another process is still writing.
STAGED = re.compile(r"^(?P<name>[0-9a-f]{32})\.part-(?P<pid>[0-9]+)$")


def _staged_path(folder: Path, stored_name: str) -> Path:
    return folder / f"{stored_name}.part-{os.getpid()}"


class StagedUploads:
    """The attachments of one report, staged until its transaction commits.

    `stage` writes a file under a temporary name; `commit` moves every staged file to its
    name; leaving the block without `commit` (the filing failed, the disk is full) removes
    them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._staged: list[tuple[Path, Path]] = []
        self._committed = False

    def stage(self, upload: Upload, mime_type: str) -> StoredUpload:
        """Write the bytes under a temporary name, readable by the service's user only, and
        sync them: the report that points at them may commit next."""
        self.folder.mkdir(parents=True, exist_ok=True)
        stored_name = uuid.uuid4().hex
        path = _staged_path(self.folder, stored_name)
        self._staged.append((path, self.folder / stored_name))
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(upload.content)
            handle.flush()
            os.fsync(handle.fileno())
        return StoredUpload(
            filename=safe_filename(upload.filename),
            mime_type=mime_type,
            size_bytes=len(upload.content),
            sha256=hashlib.sha256(upload.content).hexdigest(),
            stored_name=stored_name,
        )

    def commit(self) -> None:
        """Move every staged file to its name (the report is stored). A move that fails is
        logged, not raised: the report is filed, and the next start moves the file in."""
        self._committed = True
        for staged, final in self._staged:
            try:
                staged.replace(final)
            except OSError:
                log.exception("attachment %s stays staged until the next start", final.name)

    def discard(self) -> None:
        for staged, _final in self._staged:
            with contextlib.suppress(FileNotFoundError):
                staged.unlink()
        self._staged.clear()

    def __enter__(self) -> StagedUploads:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if not self._committed:
            self.discard()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # at start-up nothing of this process is staged yet
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class Recovered:
    """What a start-up found staged by a process that is gone."""

    moved_in: tuple[str, ...]
    removed: tuple[str, ...]


def recover_staged(folder: Path, stored: Callable[[Iterable[str]], set[str]]) -> Recovered:
    """Settle the files a dead process left staged: moved in when `stored` (the names the
    database holds) knows their report, removed otherwise (its filing never committed)."""
    if not folder.is_dir():
        return Recovered((), ())
    leftovers: dict[str, Path] = {}
    for path in folder.iterdir():
        match = STAGED.match(path.name)
        if match and not _alive(int(match["pid"])):
            leftovers[match["name"]] = path
    if not leftovers:
        return Recovered((), ())
    known = stored(leftovers)
    moved, removed = [], []
    for name, path in sorted(leftovers.items()):
        if name in known:
            path.replace(folder / name)
            moved.append(name)
        else:
            path.unlink(missing_ok=True)
            removed.append(name)
    return Recovered(tuple(moved), tuple(removed))

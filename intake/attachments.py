"""Attachments: a type allow-list checked against the file's first bytes, a size limit, and
storage under data_dir/attachments with a random name (the reporter's file name is only
recorded, never used as a path, and no route serves the folder)."""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path, PurePath

from breachflow.services.reporting import StoredUpload

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


def store_upload(folder: Path, upload: Upload, mime_type: str) -> StoredUpload:
    """Write the bytes under a random name, readable by the service's user only."""
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = uuid.uuid4().hex
    path = folder / stored_name
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(upload.content)
    return StoredUpload(
        filename=safe_filename(upload.filename),
        mime_type=mime_type,
        size_bytes=len(upload.content),
        sha256=hashlib.sha256(upload.content).hexdigest(),
        stored_name=stored_name,
    )

"""The manifest of an accountability export, and its check without the database.

An export (`breachflow.services.accountability`) is a zip whose `manifest.sha256` lists the
SHA-256 of every other file in the `sha256sum` format, so an inspector can also check it with
`sha256sum -c manifest.sha256` after unzipping. Its last line is a comment carrying the SHA-256
of the lines above it, so an edited manifest is named as such rather than as a wrong sum.
Nothing here reads the database or needs the audit key: `breachflow export verify` runs on any
machine with the zip alone.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

__all__ = [
    "MANIFEST",
    "Check",
    "Fault",
    "check_zip",
    "faults",
    "manifest_text",
    "sha256_hex",
]

MANIFEST = "manifest.sha256"
_SELF = "# sha256 of the lines above: "
_LINE = re.compile(r"^(?P<sum>[0-9a-f]{64}) [ *](?P<name>.+)$")
_CHUNK = 1 << 16


@dataclass(frozen=True)
class Fault:
    """One way the export differs from its manifest: `kind` is `changed`, `missing`, `added`,
    `manifest` (edited, unreadable or absent) or `unreadable` (not a zip); `path` the file."""

    kind: str
    path: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.path}: {self.detail}"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_text(sums: Mapping[str, str], *, title: str) -> str:
    """The manifest of `sums` (path -> SHA-256), sorted by path, sealed with its own sum."""
    lines = [f"# {title}\n", *(f"{sums[name]}  {name}\n" for name in sorted(sums))]
    body = "".join(lines)
    return f"{body}{_SELF}{sha256_hex(body.encode('utf-8'))}\n"


def _read_manifest(text: str) -> tuple[dict[str, str], list[Fault]]:
    """The manifest's (path -> sum) and what is wrong with the manifest itself."""
    problems: list[Fault] = []
    lines = text.splitlines(keepends=True)
    if not lines or not lines[-1].startswith(_SELF):
        problems.append(Fault("manifest", MANIFEST, "its closing line with its own sum is gone"))
        body = "".join(lines)
    else:
        body = "".join(lines[:-1])
        sealed = lines[-1].removeprefix(_SELF).strip()
        if sealed != sha256_hex(body.encode("utf-8")):
            problems.append(
                Fault("manifest", MANIFEST, "changed after the export: its own sum does not match")
            )
    sums: dict[str, str] = {}
    for number, line in enumerate(body.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            problems.append(Fault("manifest", MANIFEST, f"line {number} is not `SHA256  PATH`"))
            continue
        sums[match["name"]] = match["sum"]
    return sums, problems


def faults(entries: Iterable[tuple[str, str]], manifest: bytes | None) -> list[Fault]:
    """Every difference between the zip's entries (path, SHA-256, in zip order) and its
    manifest: nothing changed, missing, added or duplicated, and the manifest intact."""
    if manifest is None:
        return [Fault("manifest", MANIFEST, "absent: nothing can be checked")]
    try:
        text = manifest.decode("utf-8")
    except UnicodeDecodeError:
        return [Fault("manifest", MANIFEST, "not UTF-8 text")]
    expected, problems = _read_manifest(text)
    seen: dict[str, str] = {}
    for name, digest in entries:
        if name in seen:
            problems.append(Fault("added", name, "a second file under the same name"))
            continue
        seen[name] = digest
        if name not in expected:
            problems.append(Fault("added", name, "not in the manifest"))
        elif expected[name] != digest:
            problems.append(
                Fault("changed", name, f"SHA-256 {digest}, the manifest says {expected[name]}")
            )
    problems += [
        Fault("missing", name, "listed in the manifest, not in the export")
        for name in sorted(set(expected) - set(seen))
    ]
    return problems


def _digest(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    digest = hashlib.sha256()
    with archive.open(info) as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class Check:
    """An export's check: its faults (none: intact), the files checked (the manifest aside)
    and the manifest's own SHA-256, to compare with the one printed at export."""

    faults: tuple[Fault, ...]
    files: int
    manifest_sha256: str | None


def check_zip(source: Path | BinaryIO) -> Check:
    """Check an export zip against its manifest, reading nothing but the zip."""
    try:
        with zipfile.ZipFile(source) as archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
            manifest = next((i for i in infos if i.filename == MANIFEST), None)
            listed = archive.read(manifest) if manifest is not None else None
            entries = [(i.filename, _digest(archive, i)) for i in infos if i is not manifest]
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        fault = Fault("unreadable", str(source), f"not a readable zip file ({error})")
        return Check((fault,), 0, None)
    return Check(
        tuple(faults(entries, listed)),
        len(entries),
        sha256_hex(listed) if listed is not None else None,
    )

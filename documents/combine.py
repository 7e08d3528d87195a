"""Concatenate per-person letters into one print file, streaming, pages unchanged.

The print file holds exactly the pages whose hashes are in the manifest (each letter keeps its
own "page 1/2" footer), so nothing is laid out twice. A general PDF library keeps every page
of the output in memory (pypdf needed 2 GB and 6 minutes for 100,000 letters); the letters
here are ReportLab's own simple, uncompressed-xref files, so their objects are copied as they
are, renumbered, one file at a time, and only the object offsets stay in memory. Identical
small objects (the built-in font dictionaries every letter shares) are written once. For
two-sided printing a blank page follows each letter with an odd number of pages, so no two
people share a sheet.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

_REF = re.compile(rb"(\d+) 0 R\b")
_PAGE = re.compile(rb"/Type\s*/Page\b(?!s)")
_MEDIABOX = re.compile(rb"/MediaBox\s*\[[^\]]*\]")
_PAGES_OUT, _CATALOG_OUT = 1, 2


class CombineError(ValueError):
    """An input is not a PDF this concatenation understands (a plain xref table)."""


def _objects(data: bytes, path: Path) -> tuple[dict[int, bytes], int, int | None]:
    """Object bodies by number, the Root and the Info object numbers, from the xref table."""
    start = data.rfind(b"startxref")
    if start < 0:
        raise CombineError(f"{path}: no startxref")
    xref_at = int(data[start + 9 :].split()[0])
    if data[xref_at : xref_at + 4] != b"xref":
        raise CombineError(f"{path}: no plain xref table (compressed object streams?)")
    lines = data[xref_at:].split(b"\n", 2)
    first, count = (int(x) for x in lines[1].split())
    table = lines[2]
    offsets: dict[int, int] = {}
    for i in range(count):
        entry = table[i * 20 : i * 20 + 20]
        if entry[17:18] == b"n":
            offsets[first + i] = int(entry[:10])
    ends = sorted([*offsets.values(), xref_at])
    objects: dict[int, bytes] = {}
    for number, offset in offsets.items():
        end = ends[ends.index(offset) + 1]
        chunk = data[offset:end]
        body = chunk[chunk.index(b"obj") + 3 : chunk.rindex(b"endobj")].strip()
        objects[number] = body
    trailer = data[data.rindex(b"trailer") : start]
    root = re.search(rb"/Root (\d+) 0 R", trailer)
    info = re.search(rb"/Info (\d+) 0 R", trailer)
    if root is None:
        raise CombineError(f"{path}: no /Root in the trailer")
    return objects, int(root.group(1)), int(info.group(1)) if info else None


class _Writer:
    """Appends objects to the output, remembering only their offsets."""

    def __init__(self, handle: BinaryIO, *, duplex: bool) -> None:
        self.handle = handle
        self.duplex = duplex
        self.offsets: dict[int, int] = {}
        self.position = 0
        self.next_number = 3
        self.shared: dict[bytes, int] = {}
        self.kids: list[int] = []
        self.emit(b"%PDF-1.4\n%\x93\x8c\x8b\x9e breachflow print file\n")

    def emit(self, data: bytes) -> None:
        self.handle.write(data)
        self.position += len(data)

    def allocate(self) -> int:
        number = self.next_number
        self.next_number += 1
        return number

    def write_object(self, number: int, body: bytes) -> None:
        self.offsets[number] = self.position
        self.emit(b"%d 0 obj\n%s\nendobj\n" % (number, body))

    def append_file(self, path: Path) -> int:
        """Copy one letter's pages; returns how many pages it had."""
        data = path.read_bytes()
        objects, root, info = _objects(data, path)
        pages_match = re.search(rb"/Pages (\d+) 0 R", objects[root])
        if pages_match is None:
            raise CombineError(f"{path}: the catalog names no /Pages")
        pages_old = int(pages_match.group(1))
        kids_match = re.search(rb"/Kids\s*\[([^\]]*)\]", objects[pages_old])
        kids_old = [int(k) for k in _REF.findall(kids_match.group(1))] if kids_match else []
        mapping: dict[int, int] = {pages_old: _PAGES_OUT}
        skip = {root, pages_old} | ({info} if info is not None else set())

        def number_of(old: int) -> int:
            if old not in mapping:
                mapping[old] = self.allocate()
            return mapping[old]

        def renumber(body: bytes) -> bytes:
            head, sep, stream = body.partition(b"stream")
            head = _REF.sub(lambda m: b"%d 0 R" % number_of(int(m.group(1))), head)
            return head + sep + stream

        def shareable(body: bytes) -> bool:
            return b"stream" not in body and all(int(r) in mapping for r in _REF.findall(body))

        # Objects without references first (fonts), so the dictionaries that point to them
        # can be recognised as identical to an earlier letter's and shared.
        order = sorted(n for n in objects if n not in skip)
        order.sort(key=lambda n: bool(_REF.search(objects[n])))
        for old in order:
            body = objects[old]
            if old not in mapping and shareable(body):
                renumbered = renumber(body)
                if renumbered in self.shared:
                    mapping[old] = self.shared[renumbered]
                    continue
                number = number_of(old)
                self.shared[renumbered] = number
                self.write_object(number, renumbered)
            else:
                self.write_object(number_of(old), renumber(body))
        self.kids += [mapping[k] for k in kids_old]
        if kids_old and len(kids_old) % 2 and self.duplex:
            box = _MEDIABOX.search(objects[kids_old[-1]])
            blank = self.allocate()
            self.write_object(
                blank,
                b"<< /Type /Page /Parent %d 0 R %s /Resources << >> >>"
                % (_PAGES_OUT, box.group(0) if box else b""),
            )
            self.kids.append(blank)
        return len(kids_old)

    def close(self) -> None:
        kids = b" ".join(b"%d 0 R" % k for k in self.kids)
        self.write_object(
            _PAGES_OUT, b"<< /Type /Pages /Count %d /Kids [ %s ] >>" % (len(self.kids), kids)
        )
        self.write_object(_CATALOG_OUT, b"<< /Type /Catalog /Pages %d 0 R >>" % _PAGES_OUT)
        size = self.next_number
        xref_at = self.position
        rows = [b"0000000000 65535 f \n"]
        rows += [
            b"%010d 00000 n \n" % self.offsets[n] if n in self.offsets else b"0000000000 65535 f \n"
            for n in range(1, size)
        ]
        self.emit(b"xref\n0 %d\n%s" % (size, b"".join(rows)))
        self.emit(
            b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (size, _CATALOG_OUT, xref_at)
        )


def combine_pdfs(paths: Sequence[Path], target: Path, *, duplex: bool = True) -> Path:
    """Write the pages of `paths`, in order, to `target` (atomically: via a .part file)."""
    partial = target.with_name(target.name + ".part")
    with partial.open("wb") as handle:
        writer = _Writer(handle, duplex=duplex)
        for path in paths:
            writer.append_file(path)
        writer.close()
    partial.replace(target)
    return target

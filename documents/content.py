"""The structured content between the templates and the renderers: one block per line.

A template writes lines `kind: text`; a row of cells separates them with `<|>`, which cannot
occur in an escaped value (`<` is always escaped), and a value can never start a new line
because `finalize` turns newlines into `<br/>`. So untrusted text cannot forge structure.

Kinds: `title`, `h2`, `p`, `li`, `note` (small print), `kv` (label <|> value), `head` and
`row` (a table), `sender` and `addr` (letter head and window-envelope address),
`meta` (reference and date lines of a letter), `sign` (signature lines), `pagebreak`, and
`group` (no text: starts a new group of paragraphs laid out as one unit, see `documents.pdf`).
"""

from __future__ import annotations

from dataclasses import dataclass

SEPARATOR = "<|>"
KINDS = frozenset(
    {
        "title",
        "h2",
        "p",
        "li",
        "note",
        "kv",
        "head",
        "row",
        "sender",
        "addr",
        "meta",
        "sign",
        "pagebreak",
        "group",
    }
)


class ContentError(ValueError):
    """A template produced a line that is not in the line format (a template bug)."""


@dataclass(frozen=True, slots=True)
class Block:
    kind: str
    cells: tuple[str, ...]

    @property
    def text(self) -> str:
        return self.cells[0] if self.cells else ""


def parse(text: str) -> list[Block]:
    """Split rendered template output into blocks; blank lines are ignored."""
    blocks: list[Block] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        kind, sep, rest = line.partition(":")
        if not sep or kind not in KINDS:
            raise ContentError(f"line {number}: not a block line: {line[:80]!r}")
        blocks.append(Block(kind, tuple(cell.strip() for cell in rest.split(SEPARATOR))))
    return blocks

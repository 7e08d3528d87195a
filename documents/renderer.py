"""The interface the flows and the store use to render documents, and its two renderers.

`render(kind, view, language)` takes a `BreachView` (a `LetterView` for `subject_letter`, a
`BreachRegisterView` for `register`) and returns the bytes with their SHA-256, page count, a
suggested file name and the MIME type; the caller stores the hash with the document.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from documents.compose import LETTER_KINDS, LetterView, compose, reference_of
from documents.content import Block
from documents.formatting import format_day
from documents.i18n import t
from documents.pdf import Footer, build_pdf
from documents.viewmodels import BreachRegisterView
from models.types import utcnow
from rules.codes import Language

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class RenderedDocument:
    kind: str
    language: Language
    content: bytes
    sha256: str
    pages: int
    filename: str
    mime: str


class DocumentRenderer(Protocol):
    def render(self, kind: str, view: Any, language: Language) -> RenderedDocument: ...


def suggested_filename(kind: str, view: Any, language: Language, extension: str) -> str:
    reference, version = reference_of(view)
    stem = f"{reference}-v{version}-{kind}-{language}"
    if isinstance(view, LetterView):
        stem += "-" + view.recipient.name
    return _SAFE.sub("-", stem).strip("-")[:120] + "." + extension


def footer_text(view: Any, language: Language) -> str:
    if isinstance(view, BreachRegisterView):
        generated = format_day(view.generated_at, language) if view.generated_at else ""
        return f"{view.organisation} \u00b7 {t(language, 'register.generated_at')} {generated}"
    reference, version = reference_of(view)
    return f"{t(language, 'reference')} {reference} \u00b7 {t(language, 'version')} {version}"


class PdfRenderer:
    """Jinja2 template -> structured blocks -> ReportLab platypus PDF."""

    mime = "application/pdf"

    def __init__(self, *, draft: bool = False, clock: Callable[[], datetime] = utcnow) -> None:
        self.draft = draft
        self.clock = clock

    def footer(self, view: Any, language: Language) -> Footer:
        return Footer(
            left=footer_text(view, language),
            page_word=t(language, "page"),
            draft=t(language, "draft") if self.draft else None,
        )

    def render_blocks(
        self, kind: str, blocks: list[Block], view: Any, language: Language
    ) -> RenderedDocument:
        content, pages = build_pdf(
            blocks,
            letter=kind in LETTER_KINDS,
            footer=self.footer(view, language),
            title=html.unescape(blocks[0].text) if blocks else kind,
        )
        return RenderedDocument(
            kind=kind,
            language=language,
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            pages=pages,
            filename=suggested_filename(kind, view, language, "pdf"),
            mime=self.mime,
        )

    def render(self, kind: str, view: Any, language: Language) -> RenderedDocument:
        blocks = compose(kind, view, language, issued_at=self.clock())
        return self.render_blocks(kind, blocks, view, language)


_TAG = re.compile(r"<[^>]+>")


def plain(markup: str) -> str:
    """ReportLab markup back to plain text (line breaks kept, entities decoded)."""
    return html.unescape(_TAG.sub("", markup.replace("<br/>", "\n")))


def blocks_to_text(blocks: list[Block]) -> str:
    lines: list[str] = []
    for block in blocks:
        cells = [plain(c) for c in block.cells]
        if block.kind == "title":
            lines += ["", cells[0], "=" * min(len(cells[0]), 78)]
        elif block.kind == "h2":
            lines += ["", cells[0], "-" * min(len(cells[0]), 78)]
        elif block.kind == "li":
            lines.append(f"  - {cells[0]}")
        elif block.kind == "kv":
            lines.append(f"{cells[0]}: {cells[-1]}")
        elif block.kind in ("head", "row"):
            lines.append(" | ".join(cells))
        elif block.kind == "pagebreak":
            lines.append("")
        else:
            lines.append(cells[0])
    return "\n".join(lines).strip() + "\n"


class TextRenderer:
    """The same fields as plain UTF-8 text, for logs and e-mail bodies."""

    mime = "text/plain; charset=utf-8"

    def __init__(self, *, clock: Callable[[], datetime] = utcnow) -> None:
        self.clock = clock

    def render(self, kind: str, view: Any, language: Language) -> RenderedDocument:
        blocks = compose(kind, view, language, issued_at=self.clock())
        text = blocks_to_text(blocks) + "\n" + footer_text(view, language) + "\n"
        content = text.encode("utf-8")
        return RenderedDocument(
            kind=kind,
            language=language,
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            pages=1,
            filename=suggested_filename(kind, view, language, "txt"),
            mime=self.mime,
        )

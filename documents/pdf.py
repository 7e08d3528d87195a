"""ReportLab layout of structured content: fonts, styles, page templates, footer.

Two ideas keep mass letters fast and small (TECH-NOTES.md: layout is most of the cost, an
embedded TrueType font costs 47 KB a file):

- Paragraphs are cached by (style, text) and remember their line breaks for a width, so the
  fixed paragraphs of a letter are parsed and broken once per process, not once per person.
- A paragraph is set in built-in Helvetica when its text encodes in cp1252 (the encoding of
  the built-in fonts: é ë ç ß œ € Š Ž are in it) and in the embedded Source Sans Pro only
  otherwise (ł ő ş č ...). So only the paragraphs that need it (usually a name and an address)
  embed a small font subset, and the rest of the letter shares the Helvetica layout cache.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    FrameBreak,
    KeepInFrame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from documents.content import Block

# Binary (Flate only) streams: ASCII85 costs a fifth more bytes and much time per file.
rl_config.useA85 = 0

PAGE_WIDTH, PAGE_HEIGHT = A4
_BUILD_LOCK = threading.Lock()
MARGIN = 20 * mm
BODY_WIDTH = PAGE_WIDTH - 2 * MARGIN
LABEL_WIDTH = 58 * mm
# Window envelope (DL/C5-6, window on the right, as bpost and most Belgian printers use).
WINDOW_X, WINDOW_TOP, WINDOW_WIDTH, WINDOW_HEIGHT = 110 * mm, 45 * mm, 85 * mm, 35 * mm
SENDER_TOP, SENDER_HEIGHT = 15 * mm, 28 * mm
LETTER_BODY_TOP = 86 * mm
LETTER_BOTTOM = 16 * mm
FOOTER_Y = 10 * mm

BASE_FONT = "Helvetica"
BUILTIN_FONTS = ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique")
TTF_FONT = "BFSans"
_TTF_FILES = {
    TTF_FONT: "SourceSansPro-Regular.ttf",
    f"{TTF_FONT}-Bold": "SourceSansPro-Bold.ttf",
    f"{TTF_FONT}-Italic": "SourceSansPro-It.ttf",
    f"{TTF_FONT}-BoldItalic": "SourceSansPro-BoldIt.ttf",
}


def font_directory() -> Path:
    """Source Sans Pro, shipped by the `font-source-sans-pro` package (SIL OFL 1.1)."""
    import font_source_sans_pro

    return Path(font_source_sans_pro.font_directory)


@cache
def register_fonts() -> None:
    """Register the TrueType family once per process (ReportLab embeds only used glyphs)."""
    directory = font_directory()
    for name, filename in _TTF_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(directory / filename)))
    pdfmetrics.registerFontFamily(
        TTF_FONT,
        normal=TTF_FONT,
        bold=f"{TTF_FONT}-Bold",
        italic=f"{TTF_FONT}-Italic",
        boldItalic=f"{TTF_FONT}-BoldItalic",
    )


def needs_ttf(text: str) -> bool:
    """True when a built-in PDF font cannot show every character of `text`."""
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return True
    return False


_STYLE_SPECS: dict[str, dict[str, Any]] = {
    "title": {"fontSize": 14, "leading": 17, "spaceAfter": 8, "bold": True},
    "h2": {
        "fontSize": 10.5,
        "leading": 13,
        "spaceBefore": 6,
        "spaceAfter": 2,
        "bold": True,
        "keepWithNext": 1,
    },
    "p": {"fontSize": 9, "leading": 11.5, "spaceAfter": 3},
    "li": {
        "fontSize": 9,
        "leading": 11.5,
        "leftIndent": 5 * mm,
        "bulletIndent": 1 * mm,
        "spaceAfter": 1,
    },
    "note": {"fontSize": 8, "leading": 10, "spaceAfter": 6, "textColor": colors.HexColor("#444")},
    "cell": {"fontSize": 8.5, "leading": 10.5},
    "label": {"fontSize": 8.5, "leading": 10.5, "textColor": colors.HexColor("#333")},
    "sender": {"fontSize": 8.5, "leading": 10.5},
    "addr": {"fontSize": 10, "leading": 12.5},
    "meta": {"fontSize": 9, "leading": 12},
    "sign": {"fontSize": 9, "leading": 11.5},
}


@cache
def style(kind: str, ttf: bool) -> ParagraphStyle:
    spec = dict(_STYLE_SPECS[kind])
    bold = spec.pop("bold", False)
    if ttf:
        register_fonts()
        font = f"{TTF_FONT}-Bold" if bold else TTF_FONT
    else:
        font = f"{BASE_FONT}-Bold" if bold else BASE_FONT
    return ParagraphStyle(
        f"{kind}{'.ttf' if ttf else ''}", fontName=font, alignment=TA_LEFT, **spec
    )


class ReusableParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph laid out and drawn once, then reused by every document that shows it.

    It keeps its line breaks for the last width it was wrapped to, and, when set in a built-in
    font, the PDF operators its `draw` produced: platypus draws a flowable after translating
    to its position, so those operators do not depend on where the paragraph lands, and the
    built-in fonts get the same resource names in every document (`FooterCanvas` registers
    them first, in a fixed order). Embedded-font paragraphs are drawn normally, because their
    font subset is built per document.
    """

    _wrapped_for: float | None = None
    _wrapped_size: tuple[float, float] = (0.0, 0.0)
    _operators: list[str] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # A paragraph's height does not depend on the height available, only on the width.
        # `split` may drop the line breaks (`del self.blPara`): then break again.
        if self._wrapped_for != availWidth or not hasattr(self, "blPara"):
            self._wrapped_size = super().wrap(availWidth, availHeight)
            self._wrapped_for = availWidth
            self._operators = None
        return self._wrapped_size

    def draw(self) -> None:
        code: list[str] = self.canv._code
        if self._operators is not None:
            code.extend(self._operators)
            return
        start = len(code)
        super().draw()
        if getattr(self.canv, "fixed_font_names", False) and not self.style.name.endswith(".ttf"):
            self._operators = code[start:]

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        # The doc template marks a flowable moved to the next page and never clears the mark;
        # a shared paragraph must not carry it into the next document.
        super().drawOn(canvas, x, y, _sW=_sW)
        self.__dict__.pop("_postponed", None)


@lru_cache(maxsize=4096)
def paragraph(kind: str, text: str, slot: int = 0) -> Paragraph:
    """A laid-out paragraph, shared by every document that shows the same text in one slot.

    `slot` separates uses of the same text at different widths (table columns), so a cached
    paragraph is never drawn with the line breaks of another width.
    """
    ttf = needs_ttf(text)
    bullet = "\u2022" if kind == "li" else None
    return ReusableParagraph(text, style(kind, ttf), bulletText=bullet)


_TABLE_STYLE = TableStyle(
    [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#bbbbbb")),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
)
_GRID_STYLE = TableStyle(
    [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#999999")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
    ]
)


def _kv_table(rows: Sequence[Block]) -> Table:
    data = [
        [
            paragraph("label", r.cells[0], 1),
            paragraph("cell", r.cells[-1] if len(r.cells) > 1 else "", 2),
        ]
        for r in rows
    ]
    return Table(
        data,
        colWidths=[LABEL_WIDTH, BODY_WIDTH - LABEL_WIDTH],
        style=_TABLE_STYLE,
        hAlign="LEFT",
        spaceAfter=5,
    )


def _grid_table(rows: Sequence[Block]) -> Table:
    width = max(len(r.cells) for r in rows)
    data = [
        [paragraph("cell", r.cells[i] if i < len(r.cells) else "", 10 + i) for i in range(width)]
        for r in rows
    ]
    return Table(
        data,
        colWidths=[BODY_WIDTH / width] * width,
        style=_GRID_STYLE,
        repeatRows=1 if rows[0].kind == "head" else 0,
        hAlign="LEFT",
    )


def _block_in_frame(kind: str, run: Sequence[Block], width: float, height: float) -> Flowable:
    return KeepInFrame(width, height, [paragraph(kind, b.text) for b in run], mode="shrink")


class Stack(Flowable):  # type: ignore[misc]
    """Consecutive paragraphs laid out and drawn as one flowable.

    One flowable instead of forty saves most of platypus' per-flowable cost, and a stack of
    built-in-font paragraphs keeps the operators of its `draw`, like `ReusableParagraph`.
    It splits between paragraphs (never right after a keep-with-next heading), or inside its
    first paragraph when that alone is taller than the frame.
    """

    def __init__(self, items: Sequence[Paragraph]) -> None:
        super().__init__()
        self.items = list(items)
        self._wrapped_for: float | None = None
        self._tops: list[tuple[float, float]] = []
        self._operators: list[str] | None = None
        self._splits: dict[tuple[float, float], list[Flowable]] = {}
        self.cacheable = all(not p.style.name.endswith(".ttf") for p in self.items)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._wrapped_for != availWidth or any(not hasattr(p, "blPara") for p in self.items):
            tops: list[tuple[float, float]] = []
            y = 0.0
            for index, item in enumerate(self.items):
                if index:
                    y += self.items[index - 1].style.spaceAfter + item.style.spaceBefore
                _, height = item.wrap(availWidth, PAGE_HEIGHT)
                tops.append((y, height))
                y += height
            self._tops, self.height, self.width = tops, y, availWidth
            self._wrapped_for = availWidth
            self._operators = None
            self._splits = {}
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return float(self.items[0].style.spaceBefore) if self.items else 0.0

    def getSpaceAfter(self) -> float:
        return float(self.items[-1].style.spaceAfter) if self.items else 0.0

    def draw(self) -> None:
        code: list[str] = self.canv._code
        if self._operators is not None:
            code.extend(self._operators)
            return
        start = len(code)
        for item, (top, height) in zip(self.items, self._tops, strict=True):
            item.drawOn(self.canv, 0, self.height - top - height)
        if self.cacheable and getattr(self.canv, "fixed_font_names", False):
            self._operators = code[start:]

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        super().drawOn(canvas, x, y, _sW=_sW)
        self.__dict__.pop("_postponed", None)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        fits = sum(1 for top, height in self._tops if top + height <= availHeight)
        while fits and getattr(self.items[fits - 1].style, "keepWithNext", 0):
            fits -= 1
        if fits:
            return [Stack(self.items[:fits]), Stack(self.items[fits:])]
        first = self.items[0]
        if getattr(first.style, "keepWithNext", 0):
            return []
        parts = first.split(availWidth, availHeight)
        if len(parts) < 2:
            return []
        return [Stack(parts[:1]), Stack(list(parts[1:]) + self.items[1:])]


STACKED = frozenset({"title", "h2", "p", "li", "note", "meta", "sign"})
# The sender block is fixed per breach: a cached stack in its own frame.


@lru_cache(maxsize=512)
def stack(blocks: tuple[Block, ...]) -> Stack:
    """A cached stack: the fixed body of a letter is laid out and drawn once per process."""
    return Stack([paragraph(b.kind, b.text) for b in blocks])


def flowables(blocks: Sequence[Block], *, letter: bool) -> list[Flowable]:
    """The story of a document; for letters the sender and address go to their frames."""
    sender: list[Block] = []
    address: list[Block] = []
    body: list[Flowable] = []
    run: list[Block] = []

    def close_run() -> None:
        if run:
            body.append(stack(tuple(run)))
            run.clear()

    for block in blocks:
        if block.kind in STACKED:
            run.append(block)
            continue
        close_run()
        if block.kind == "sender":
            sender.append(block)
        elif block.kind == "addr":
            address.append(block)
        elif block.kind == "pagebreak":
            body.append(PageBreak())
        elif block.kind != "group":
            body.append(block)  # tables: grouped below
    close_run()
    story: list[Flowable] = []
    if letter:
        story.append(stack(tuple(sender)))
        story.append(FrameBreak())
        story.append(_block_in_frame("addr", address, WINDOW_WIDTH, WINDOW_HEIGHT))
        story.append(FrameBreak())
        story.append(NextPageTemplate("later"))
    return story + _tables(body)


def _tables(items: list[Any]) -> list[Flowable]:
    """Turn runs of kv / head / row blocks left in `items` into tables."""
    out: list[Flowable] = []
    run: list[Block] = []
    for item in [*items, None]:
        group = _TABLE_GROUP.get(item.kind) if isinstance(item, Block) else None
        if run and group != _TABLE_GROUP[run[0].kind]:
            out.append(_kv_table(run) if run[0].kind == "kv" else _grid_table(run))
            run = []
        if group:
            run.append(item)
        elif item is not None:
            out.append(item)
    return out


_TABLE_GROUP = {"kv": "kv", "head": "grid", "row": "grid"}


@dataclass(frozen=True)
class Footer:
    left: str
    page_word: str
    draft: str | None


class FooterCanvas(Canvas):  # type: ignore[misc]
    """Draws the footer with "page n/N" once the number of pages is known (at save)."""

    def __init__(self, *args: Any, footer: Footer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._pages: list[dict[str, Any]] = []
        # Same resource name for each built-in font in every document (see ReusableParagraph).
        for name in BUILTIN_FONTS:
            self._doc.getInternalFontName(name)
        self.fixed_font_names = True

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._draw_footer(number, total)
            super().showPage()
        super().save()

    def _draw_footer(self, number: int, total: int) -> None:
        footer = self._footer
        font = TTF_FONT if needs_ttf(footer.left) else BASE_FONT
        self.setFont(font, 7.5)
        self.setFillColor(colors.HexColor("#555555"))
        self.drawString(MARGIN, FOOTER_Y, footer.left)
        self.drawRightString(PAGE_WIDTH - MARGIN, FOOTER_Y, f"{footer.page_word} {number}/{total}")
        if footer.draft:
            self.saveState()
            self.setFont(f"{BASE_FONT}-Bold", 60)
            self.setFillColor(colors.Color(0.75, 0.75, 0.75, alpha=0.35))
            self.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
            self.rotate(45)
            self.drawCentredString(0, 0, footer.draft)
            self.restoreState()
            self.setFont(f"{BASE_FONT}-Bold", 9)
            self.setFillColor(colors.HexColor("#aa0000"))
            self.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 9 * mm, footer.draft)


def _page_templates(letter: bool) -> list[PageTemplate]:
    full = Frame(
        MARGIN,
        MARGIN,
        BODY_WIDTH,
        PAGE_HEIGHT - 2 * MARGIN,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    if not letter:
        return [PageTemplate(id="page", frames=[full])]

    def frame(x: float, top: float, width: float, height: float, name: str) -> Frame:
        return Frame(
            x,
            PAGE_HEIGHT - top - height,
            width,
            height,
            id=name,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )

    first = [
        frame(MARGIN, SENDER_TOP, BODY_WIDTH / 2, SENDER_HEIGHT, "sender"),
        frame(WINDOW_X, WINDOW_TOP, WINDOW_WIDTH, WINDOW_HEIGHT, "address"),
        frame(
            MARGIN,
            LETTER_BODY_TOP,
            BODY_WIDTH,
            PAGE_HEIGHT - LETTER_BODY_TOP - LETTER_BOTTOM,
            "body",
        ),
    ]
    return [PageTemplate(id="first", frames=first), PageTemplate(id="later", frames=[full])]


def build_pdf(
    blocks: Sequence[Block], *, letter: bool, footer: Footer, title: str
) -> tuple[bytes, int]:
    """Lay out the blocks; return the PDF bytes and the number of pages.

    One document at a time per process: the cached paragraphs and stacks are shared and
    mutable (line breaks, drawn operators), and threads would gain nothing under the GIL.
    """
    with _BUILD_LOCK:
        return _build_pdf(blocks, letter=letter, footer=footer, title=title)


def _build_pdf(
    blocks: Sequence[Block], *, letter: bool, footer: Footer, title: str
) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        pageTemplates=_page_templates(letter),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author="breachflow",
        invariant=1,
        initialFontName=BASE_FONT,
    )
    doc.build(flowables(blocks, letter=letter), canvasmaker=partial(FooterCanvas, footer=footer))
    return buffer.getvalue(), doc.page

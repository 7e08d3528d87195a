"""Real PDFs, read back with pypdf: what a reader of the document would see."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from documents.renderer import PdfRenderer

NOW = datetime(2026, 3, 27, 12, 0, tzinfo=UTC)


def pdf_text(content: bytes) -> str:
    """All the text of a PDF, pages joined."""
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def pdf_fonts(content: bytes) -> set[str]:
    """Base font names used on any page (embedded subsets carry a `XXXXXX+` prefix)."""
    names: set[str] = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        fonts = page["/Resources"].get("/Font", {})
        names |= {str(f.get_object()["/BaseFont"]) for f in fonts.values()}
    return names


@pytest.fixture
def renderer() -> PdfRenderer:
    return PdfRenderer(clock=lambda: NOW)

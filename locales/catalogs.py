"""Loading the compiled catalogs, compiling a `.mo` from its `.po` when it is missing or stale.

`scripts/setup-venv.sh` compiles every stale catalog (`compile_all`, Babel's compiler, as
`scripts/i18n.sh compile` does with `pybabel compile`); an install that skipped it (a wheel, a
fresh clone run straight from the source) still works: the first lookup in a language compiles
that `.po` with Babel, writes the `.mo` beside it when the folder is writable, and keeps it in
memory otherwise.
"""

from __future__ import annotations

import io
import os
import threading
from functools import cache
from gettext import GNUTranslations, NullTranslations
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES_DIR = Path(__file__).resolve().parent
LANGUAGES: tuple[str, ...] = ("nl", "fr", "de", "en")
# One domain per surface: the rules' reasons and assumptions, the documents, the web pages,
# the security team's Slack channel.
DOMAINS: tuple[str, ...] = ("rules", "documents", "intake", "slack")

_LOCK = threading.Lock()


def po_path(language: str, domain: str) -> Path:
    return LOCALES_DIR / language / "LC_MESSAGES" / f"{domain}.po"


def _compiled(po: Path) -> bytes:
    with po.open("rb") as handle:
        parsed = read_po(handle, locale=po.parts[-3], domain=po.stem)
    buffer = io.BytesIO()
    write_mo(buffer, parsed, use_fuzzy=False)  # a fuzzy entry is not a translation yet
    return buffer.getvalue()


def _mo_bytes(language: str, domain: str) -> bytes | None:
    po = po_path(language, domain)
    mo = po.with_suffix(".mo")
    if not po.exists():
        return mo.read_bytes() if mo.exists() else None
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        return mo.read_bytes()
    content = _compiled(po)
    try:
        tmp = mo.with_suffix(f".{os.getpid()}.tmp")  # letter workers may compile at once
        tmp.write_bytes(content)
        tmp.replace(mo)
    except OSError:
        pass  # a read-only install: the catalog lives in memory
    return content


def compile_all() -> list[Path]:
    """Compile every `.mo` that is missing or older than its `.po`; returns the ones written."""
    written = []
    for language in LANGUAGES:
        for domain in DOMAINS:
            mo = po_path(language, domain).with_suffix(".mo")
            before = mo.stat().st_mtime if mo.exists() else None
            _mo_bytes(language, domain)
            if mo.exists() and mo.stat().st_mtime != before:
                written.append(mo)
    return written


@cache
def _load(language: str, domain: str) -> NullTranslations:
    content = _mo_bytes(language, domain)
    if content is None:
        return NullTranslations()  # English source text
    return GNUTranslations(io.BytesIO(content))


def catalog(language: str, domain: str) -> NullTranslations:
    """The catalog of one language and domain (loaded once per process)."""
    with _LOCK:
        return _load(language, domain)

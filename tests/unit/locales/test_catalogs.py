"""The catalogs are complete: every message of every domain's English source has its nl, fr,
de and en translation, with the same fields, and none is marked fuzzy (a fuzzy entry is not
compiled, so its reader would get the English source)."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from locales import LANGUAGES, Messages, translator
from locales.catalogs import DOMAINS, po_path
from locales.extract import keyed_messages

ROOT = Path(__file__).resolve().parents[3]
# The English source of each domain (as babel.cfg and scripts/i18n.sh name them).
SOURCES = {
    "rules": ROOT / "rules" / "wording.py",
    "documents": ROOT / "documents" / "messages.py",
    "intake": ROOT / "intake" / "messages.py",
    "slack": ROOT / "notifiers" / "slack_texts.py",
}


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def source(domain: str) -> dict[str, str]:
    """(msgctxt -> msgid) as extraction finds them in the domain's source."""
    text = SOURCES[domain].read_text(encoding="utf-8")
    return {key: message for _, _, (key, message), _ in keyed_messages(text)}


def catalog(language: str, domain: str) -> Catalog:
    with po_path(language, domain).open("rb") as handle:
        return read_po(handle)


def test_every_domain_has_a_source() -> None:
    assert set(SOURCES) == set(DOMAINS)
    assert all(len(source(domain)) > 50 for domain in DOMAINS)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_message_has_its_translation(domain: str, language: str) -> None:
    """A message added to the source fails here until each language has it (run
    scripts/i18n.sh, then fill the empty msgstr)."""
    found = catalog(language, domain)
    missing, empty, fuzzy, wrong_fields = [], [], [], []
    for key, english in source(domain).items():
        message = found.get(english, context=key)
        if message is None:
            missing.append(key)
        elif not str(message.string).strip():
            empty.append(key)
        elif message.fuzzy:
            fuzzy.append(key)
        elif fields(str(message.string)) != fields(english):
            wrong_fields.append(key)
    assert (missing, empty, fuzzy, wrong_fields) == ([], [], [], [])


def test_a_code_reads_in_every_language_with_numbers_in_its_notation() -> None:
    """The lookup goes through gettext (msgctxt = the code) and Babel formats numbers."""
    messages = Messages("documents", {"count.approximate": "about {count}"})
    assert messages("nl", "count.approximate", count=1234.5) == "ongeveer 1.234,5"
    assert messages("de", "count.approximate", count=10000) == "etwa 10.000"
    assert translator("fr").join(["13", "14"]) == "13 et 14"


def test_a_missing_mo_is_compiled_from_its_po(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh install without compiled catalogs still reads them (locales.catalogs)."""
    from locales import catalogs

    folder = tmp_path / "nl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "rules.po").write_bytes(po_path("nl", "rules").read_bytes())
    monkeypatch.setattr(catalogs, "LOCALES_DIR", tmp_path)
    catalogs._load.cache_clear()
    try:
        loaded = catalogs.catalog("nl", "rules")
        assert loaded.pgettext("source.gdpr", "Art. {ref} GDPR") == "art. {ref} AVG"
        assert (folder / "rules.mo").exists()
    finally:
        catalogs._load.cache_clear()

"""The export's manifest check, pure: what each way of tampering is named as."""

from __future__ import annotations

import pytest

from breachflow.manifest import MANIFEST, faults, manifest_text, sha256_hex

pytestmark = pytest.mark.unit

FILES = {"index.html": b"<html>", "documents/a.pdf": b"%PDF-1.4 a", "breach.json": b"{}"}


def entries(files: dict[str, bytes]) -> list[tuple[str, str]]:
    return [(name, sha256_hex(content)) for name, content in files.items()]


def manifest(files: dict[str, bytes]) -> bytes:
    sums = {name: sha256_hex(content) for name, content in files.items()}
    return manifest_text(sums, title="test").encode()


def kinds(found: list[object]) -> list[tuple[str, str]]:
    return [(f.kind, f.path) for f in found]  # type: ignore[attr-defined]


def test_an_intact_export_has_no_fault() -> None:
    assert faults(entries(FILES), manifest(FILES)) == []


def test_each_way_of_tampering_is_named_with_its_file() -> None:
    """A changed file, a missing one, an added one and a duplicate each say what and where."""
    listed = manifest(FILES)
    changed = {**FILES, "documents/a.pdf": b"%PDF-1.4 b"}
    assert kinds(faults(entries(changed), listed)) == [("changed", "documents/a.pdf")]
    missing = {k: v for k, v in FILES.items() if k != "breach.json"}
    assert kinds(faults(entries(missing), listed)) == [("missing", "breach.json")]
    added = {**FILES, "documents/b.pdf": b"x"}
    assert kinds(faults(entries(added), listed)) == [("added", "documents/b.pdf")]
    twice = [*entries(FILES), ("index.html", sha256_hex(b"<html> other"))]
    assert kinds(faults(twice, listed)) == [("added", "index.html")]


def test_an_edited_manifest_is_named_as_such() -> None:
    """A sum rewritten to match a changed file still shows: the manifest's own sum breaks; a
    manifest cut short or garbled, or gone, is named too."""
    changed = {**FILES, "documents/a.pdf": b"%PDF-1.4 b"}
    forged = manifest(FILES).replace(
        sha256_hex(FILES["documents/a.pdf"]).encode(),
        sha256_hex(changed["documents/a.pdf"]).encode(),
    )
    found = faults(entries(changed), forged)
    assert kinds(found) == [("manifest", MANIFEST)]
    assert "its own sum does not match" in str(found[0])
    cut = b"".join(manifest(FILES).splitlines(keepends=True)[:-1])
    assert "closing line" in str(faults(entries(FILES), cut)[0])
    garbled = manifest(FILES).replace(b"  breach.json", b"breach.json")
    assert any("is not `SHA256  PATH`" in str(f) for f in faults(entries(FILES), garbled))
    assert kinds(faults(entries(FILES), None)) == [("manifest", MANIFEST)]


def test_the_check_imports_nothing_of_the_database() -> None:
    """`breachflow export verify` runs where the zip is, without breachflow's database."""
    import subprocess
    import sys

    code = (
        "import sys, breachflow.manifest, breachflow.commands.export; "
        "assert not {'sqlalchemy', 'sqlmodel', 'models.db'} & set(sys.modules), sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)

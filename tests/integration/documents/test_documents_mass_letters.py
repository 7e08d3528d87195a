"""The mass-letter engine: per-person PDFs, print files, manifest, rejected rows."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from documents.i18n import t
from documents.letters import HEADER, LettersError, write_letters
from documents.samples import demo_breach_view
from rules.codes import Language

from .conftest import pdf_text

ISSUED = datetime(2026, 3, 28, 9, 0, tzinfo=UTC)
GOOD = [
    ["Jan Peeters", "Kerkstraat 12", "", "2000", "Antwerpen", "BE", "nl", "", ""],
    ["Françoise Lefèvre", "Rue de la Gare 3", "Boîte 2", "4000", "Liège", "be", " FR ", "", ""],
    [
        "Jürgen Weiß",
        "Aachener Straße 5",
        "",
        "4700",
        "Eupen",
        "BE",
        "De",
        "",
        "basic_identity;financial",
    ],
    ["Łukasz Wiśniewski", "", "", "", "", "PL", "en", "lukasz@example.pl", ""],
]
BAD = [
    ["", "Kerkstraat 1", "", "2000", "Antwerpen", "BE", "nl", "", ""],
    ["Ana García", "Calle Mayor 1", "", "28013", "Madrid", "ES", "es", "", ""],
    ["Nobody Known", "", "", "", "Gent", "BE", "nl", "", ""],
]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_good_rows_are_written_and_bad_rows_rejected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bad rows go to rejected.csv and stderr; the others get their letter; exit 0."""
    rows = [GOOD[0], BAD[0], GOOD[1], BAD[1], GOOD[2], BAD[2], GOOD[3]]
    out = tmp_path / "out"
    result = write_letters(
        demo_breach_view(),
        write_csv(tmp_path / "s.csv", rows),
        out,
        draft=False,
        workers=1,
        issued_at=ISSUED,
    )
    assert result.exit_code == 0
    rejected = read_csv(out / "rejected.csv")
    assert [r["line"] for r in rejected] == ["2", "4", "6"]
    assert "no name" in rejected[0]["reason"]
    assert "unknown language 'es'" in rejected[1]["reason"]
    assert "neither a postal address" in rejected[2]["reason"]
    assert "record 4: rejected: unknown language" in capsys.readouterr().err

    with (out / "manifest.csv").open(encoding="utf-8") as handle:
        assert handle.readline().strip() == "line,name,language,file,pages,sha256"
    manifest = read_csv(out / "manifest.csv")
    assert [(m["line"], m["language"]) for m in manifest] == [
        ("1", "nl"),
        ("3", "fr"),
        ("5", "de"),
        ("7", "en"),
    ]
    for entry in manifest:
        content = (out / entry["file"]).read_bytes()
        assert len(PdfReader(io.BytesIO(content)).pages) == int(entry["pages"])
        assert entry["name"] in pdf_text(content)
    german = pdf_text((out / manifest[2]["file"]).read_bytes())
    assert "Nationalregisternummer" not in german.split("Was kann")[0]  # own data only
    assert "lukasz@example.pl" in pdf_text((out / manifest[3]["file"]).read_bytes())


def test_print_files_hold_every_letter_of_their_language(tmp_path: Path) -> None:
    """One combined file per language, letters in manifest order, pages unchanged."""
    rows = [GOOD[0], GOOD[1], GOOD[0], GOOD[2]]
    out = tmp_path / "out"
    result = write_letters(
        demo_breach_view(),
        write_csv(tmp_path / "s.csv", rows),
        out,
        draft=False,
        workers=1,
        issued_at=ISSUED,
    )
    assert sorted(p.name for p in result.combined.values()) == [
        "print-de.pdf",
        "print-fr.pdf",
        "print-nl.pdf",
    ]
    dutch = [m for m in read_csv(out / "manifest.csv") if m["language"] == "nl"]
    combined = PdfReader(out / "print-nl.pdf")
    # Two-sided printing: each letter starts on a new sheet.
    assert len(combined.pages) == sum(int(m["pages"]) + int(m["pages"]) % 2 for m in dutch)
    first = pdf_text((out / dutch[0]["file"]).read_bytes())
    assert (combined.pages[0].extract_text() or "") in first


def test_draft_run_marks_every_page(tmp_path: Path) -> None:
    """--draft: every page of every letter says it is a draft, in the letter's language."""
    out = tmp_path / "out"
    write_letters(
        demo_breach_view(),
        write_csv(tmp_path / "s.csv", GOOD[:2]),
        out,
        draft=True,
        workers=1,
        issued_at=ISSUED,
        combined=False,
    )
    for path in (out / "letters").rglob("*.pdf"):
        word = t(Language(path.parent.name), "draft")
        assert all(word in (p.extract_text() or "") for p in PdfReader(path).pages)


def test_nothing_valid_exits_non_zero(tmp_path: Path) -> None:
    """Every row rejected: non-zero exit, empty manifest."""
    out = tmp_path / "out"
    result = write_letters(
        demo_breach_view(),
        write_csv(tmp_path / "s.csv", BAD),
        out,
        draft=False,
        workers=1,
        rejected_stream=False,
    )
    assert result.exit_code != 0
    assert read_csv(out / "manifest.csv") == []


def test_a_wrong_header_is_refused(tmp_path: Path) -> None:
    """The header is the contract; a file without it is not guessed at."""
    path = tmp_path / "s.csv"
    path.write_text("naam,adres\nJan,Kerkstraat\n", encoding="utf-8")
    with pytest.raises(LettersError, match="header must be"):
        write_letters(demo_breach_view(), path, tmp_path / "out", draft=False, workers=1)


def test_both_cores_give_the_same_letters_as_one(tmp_path: Path) -> None:
    """The process pool writes the same bytes as the in-process path."""
    rows = [GOOD[i % 3] for i in range(240)]
    csv_path = write_csv(tmp_path / "s.csv", rows)
    one = write_letters(
        demo_breach_view(),
        csv_path,
        tmp_path / "one",
        draft=False,
        workers=1,
        issued_at=ISSUED,
        combined=False,
    )
    two = write_letters(
        demo_breach_view(),
        csv_path,
        tmp_path / "two",
        draft=False,
        workers=2,
        issued_at=ISSUED,
        combined=False,
        batch_size=60,
    )
    assert [r.sha256 for r in one.written] == [r.sha256 for r in two.written]
    assert len(two.written) == 240


def test_print_file_keeps_each_letters_own_embedded_font(tmp_path: Path) -> None:
    """Two letters with different font subsets in one print file: both names survive."""
    rows = [
        ["Łukasz Wiśniewski", "ul. Długa 1", "", "00-001", "Warszawa", "PL", "en", "", ""],
        ["Jan Peeters", "Kerkstraat 12", "", "2000", "Antwerpen", "BE", "en", "", ""],
        ["Petr Dvořák", "Žitná 5", "", "110 00", "Praha", "CZ", "en", "", ""],
    ]
    out = tmp_path / "out"
    result = write_letters(
        demo_breach_view(),
        write_csv(tmp_path / "s.csv", rows),
        out,
        draft=False,
        workers=1,
        issued_at=ISSUED,
    )
    combined = PdfReader(result.combined[Language.EN])
    text = "\n".join(page.extract_text() or "" for page in combined.pages)
    for name in ("Łukasz Wiśniewski", "ul. Długa 1", "Jan Peeters", "Petr Dvořák", "Žitná 5"):
        assert name in text
    for row in result.written:
        letter = PdfReader(out / row.file)
        assert letter.pages[0].extract_text() in text

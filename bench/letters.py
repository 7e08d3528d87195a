"""Benchmark of the mass letters: `python -m bench.letters [--sizes 10000 100000]`.

Prints, per size: letters per second for the per-person files, peak memory, average file size,
the extra time of the combined print files, and, in the same run, the practical ceiling: a
plain ReportLab platypus loop writing the same letter (same text, no templates, no caches, no
database) on the same number of processes. Names: 80% plain Latin-1, 20% with letters outside
it (ł ő ş č ...). Targets (issue 5): at least 75% of the ceiling, 100,000 letters in under
4 minutes on 2 cores, under 10 KB per letter on average.
"""

from __future__ import annotations

import argparse
import csv
import io
import multiprocessing
import os
import random
import resource
import shutil
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from documents.letters import HEADER, read_recipients, write_letters
from documents.samples import demo_breach_view

LATIN1 = [
    "Jan Peeters",
    "Marie Dubois",
    "Jürgen Weiß",
    "Françoise Lefèvre",
    "Anna Janssens",
    "Luc Claes",
    "Sofie Maes",
    "Noël Dupont",
    "Inès Lambert",
    "Günter Schäfer",
]
# Turkish dotless i is wanted here: a letter outside Latin-1.
OTHER = [
    "Łukasz Wiśniewski",
    "Zoltán Kővári",
    "Ayşe Y\u0131lmaz",
    "Petr Dvořák",
    "Małgorzata Kowalczyk",
    "Dragoș Ionescu",
]
LANGUAGES = ["nl", "fr", "de", "en"]


def make_csv(path: Path, count: int, seed: int = 5) -> None:
    """`count` people; every fifth name is outside Latin-1; a third with their own data."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(count):
            name = rng.choice(OTHER if i % 5 == 0 else LATIN1)
            writer.writerow(
                [
                    name,
                    f"Kerkstraat {i % 300 + 1}",
                    "",
                    str(1000 + i % 8999),
                    "Brussel",
                    "BE",
                    LANGUAGES[i % 4],
                    "",
                    "basic_identity;financial" if i % 3 == 0 else "",
                ]
            )


# --- the ceiling: plain ReportLab, the same letter, no templates, no caches -------------------


def _plain_letter(texts: list[tuple[str, str]]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from documents.pdf import needs_ttf, style

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, invariant=1)
    story = [
        Paragraph(text, style(kind if kind != "addr" else "p", needs_ttf(text)))
        for kind, text in texts
    ]
    doc.build(story)
    return buffer.getvalue()


def _ceiling_batch(args: tuple[list[list[tuple[str, str]]], str]) -> int:
    letters, out_dir = args
    for index, texts in enumerate(letters):
        Path(out_dir, f"{os.getpid()}-{index}.pdf").write_bytes(_plain_letter(texts))
    return len(letters)


def ceiling(csv_path: Path, workers: int, limit: int) -> float:
    """Letters per second of the plain loop over the first `limit` people."""
    from documents.compose import LetterView, compose

    view = demo_breach_view()
    people, _ = read_recipients(csv_path)
    now = datetime.now(UTC)
    letters = [
        [
            (b.kind, b.text)
            for b in compose(
                "subject_letter", LetterView(view, person), person.language, issued_at=now
            )
            if b.kind not in ("group",)
        ]
        for _, person in people[:limit]
    ]
    out = Path(tempfile.mkdtemp(prefix="ceiling-"))
    chunks = [(letters[i::workers], str(out)) for i in range(workers)]
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers) as pool:
        pool.map(_ceiling_batch, [([], str(out))] * workers)  # start the workers first
        started = time.perf_counter()
        done = sum(pool.map(_ceiling_batch, chunks))
        seconds = time.perf_counter() - started
    shutil.rmtree(out)
    return done / seconds


def run(count: int, workers: int, keep: Path | None) -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-letters-"))
    csv_path = work / "subjects.csv"
    make_csv(csv_path, count)
    out = keep or work / "out"
    started = time.perf_counter()
    result = write_letters(
        demo_breach_view(), csv_path, out, draft=False, workers=workers, rejected_stream=False
    )
    total = time.perf_counter() - started
    sizes = [(out / row.file).stat().st_size for row in result.written]
    pages = sum(row.pages for row in result.written)
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rate = len(result.written) / result.letters_seconds
    ceiling_rate = ceiling(csv_path, workers, min(count, 4000))
    print(f"--- {count} letters, {workers} processes ---")
    print(f"per-person files: {result.letters_seconds:.1f} s, {rate:.0f} letters/s, {pages} pages")
    print(
        f"plain ReportLab ceiling (same letter, {workers} processes): {ceiling_rate:.0f} "
        f"letters/s; ours = {100 * rate / ceiling_rate:.0f}% of it"
    )
    print(
        f"average file size: {sum(sizes) / len(sizes) / 1024:.1f} KB "
        f"(max {max(sizes) / 1024:.1f} KB)"
    )
    files = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.1f} MB" for p in result.combined.values())
    print(f"combined print files: +{result.combine_seconds:.1f} s ({files})")
    print(f"whole run incl. CSV, manifest and print files: {total:.1f} s")
    print(f"peak memory: main {peak_self:.0f} MB, largest worker {peak_children:.0f} MB")
    if keep is None:
        shutil.rmtree(work)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--keep", type=Path, default=None, help="write the output here")
    args = parser.parse_args()
    for count in args.sizes:
        run(count, args.workers, args.keep)


if __name__ == "__main__":
    main()

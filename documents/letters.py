"""Mass letters (Art. 34(2) GDPR): one PDF per person, a print file per language, a manifest.

The engine is independent of the database: it takes the breach as a `BreachView` and the
people as a UTF-8 CSV. Rendering runs in a process pool (both cores), in batches
(`render_batch`).
"""

from __future__ import annotations

import csv
import multiprocessing
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from documents.combine import combine_pdfs
from documents.compose import LetterView, compose
from documents.renderer import PdfRenderer
from documents.viewmodels import BreachView, LetterRecipient
from rules.codes import DataCode, Language

HEADER = (
    "name",
    "address_line1",
    "address_line2",
    "postcode",
    "city",
    "country",
    "language",
    "email",
    "data",
)
MANIFEST_HEADER = ("line", "name", "language", "file", "pages", "sha256")
REJECTED_HEADER = ("line", "reason")
BATCH_SIZE = 500
# Below this many people a pool costs more than it saves.
POOL_THRESHOLD = 200

Progress = Callable[[int, int], None]


class LettersError(ValueError):
    """The CSV cannot be read at all (wrong header, not UTF-8)."""


@dataclass(frozen=True)
class Rejection:
    line: int
    reason: str


@dataclass(frozen=True)
class ManifestRow:
    line: int
    name: str
    language: Language
    file: str
    pages: int
    sha256: str


@dataclass
class LettersResult:
    written: list[ManifestRow]
    rejected: list[Rejection]
    combined: dict[Language, Path] = field(default_factory=dict)
    manifest: Path | None = None
    letters_seconds: float = 0.0
    combine_seconds: float = 0.0
    # Valid rows whose letter could not be rendered (counted in `rejected` too).
    render_failures: int = 0

    @property
    def exit_code(self) -> int:
        """0 when every valid row was written; 1 when none could be, or some failed."""
        if self.render_failures or (self.rejected and not self.written):
            return 1
        return 0


def _language(value: str) -> Language | None:
    try:
        return Language("".join(value.split()).lower())
    except ValueError:
        return None


def parse_row(line: int, row: dict[str, str | None]) -> LetterRecipient | Rejection:
    """Validate one CSV record; a `Rejection` says what is wrong with it."""
    if None in row:
        return Rejection(line, "too many fields")
    get = {key: (row.get(key) or "").strip() for key in HEADER}
    if not get["name"]:
        return Rejection(line, "no name")
    language = _language(row.get("language") or "")
    if language is None:
        return Rejection(line, f"unknown language {get['language']!r} (nl, fr, de or en)")
    postal = bool(get["address_line1"] and get["postcode"] and get["city"])
    if not postal and not get["email"]:
        return Rejection(line, "neither a postal address (line 1, postcode, city) nor an e-mail")
    country = get["country"].upper() or "BE"
    if len(country) != 2 or not country.isalpha() or not country.isascii():
        return Rejection(line, f"country {get['country']!r} is not an ISO 3166 alpha-2 code")
    data: tuple[DataCode, ...] | None = None
    if get["data"]:
        codes = [c.strip() for c in get["data"].split(";") if c.strip()]
        unknown = [c for c in codes if c not in DataCode.__members__.values()]
        if unknown:
            return Rejection(line, f"unknown data code {unknown[0]!r}")
        data = tuple(DataCode(c) for c in codes)
    lines = tuple(x for x in (get["address_line1"], get["address_line2"]) if x) if postal else ()
    return LetterRecipient(
        name=get["name"],
        address_lines=lines,
        postcode=get["postcode"] if postal else None,
        city=get["city"] if postal else None,
        country=country,
        language=language,
        email=get["email"] or None,
        data=data,
    )


def read_recipients(path: Path) -> tuple[list[tuple[int, LetterRecipient]], list[Rejection]]:
    """Read the subjects CSV; `line` is the 1-based record number after the header."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = tuple((h or "").strip().lower() for h in reader.fieldnames or ())
            if header != HEADER:
                raise LettersError(f"{path}: header must be {','.join(HEADER)}")
            reader.fieldnames = list(HEADER)
            good: list[tuple[int, LetterRecipient]] = []
            bad: list[Rejection] = []
            for line, row in enumerate(reader, start=1):
                parsed = parse_row(line, row)
                if isinstance(parsed, Rejection):
                    bad.append(parsed)
                else:
                    good.append((line, parsed))
    except UnicodeDecodeError as exc:
        raise LettersError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    return good, bad


def letter_path(line: int, language: Language) -> str:
    """File name relative to the output folder; no personal data in file names."""
    return f"letters/{language}/{line:07d}.pdf"


# --- the work of one batch, in a worker process ------------------------------------------------

_worker: dict[str, object] = {}


def _init_worker(view: BreachView, out_dir: Path, draft: bool, issued_at: datetime) -> None:
    _worker.update(view=view, out_dir=out_dir, draft=draft, issued_at=issued_at)


def render_batch(
    view: BreachView,
    batch: Sequence[tuple[int, LetterRecipient]],
    out_dir: Path,
    *,
    draft: bool,
    issued_at: datetime,
) -> list[ManifestRow | Rejection]:
    """Write one PDF per person of the batch; the unit of work of the pool and of Prefect.

    A person whose letter cannot be rendered becomes a `Rejection`; the others proceed.
    """
    renderer = PdfRenderer(draft=draft, clock=lambda: issued_at)
    results: list[ManifestRow | Rejection] = []
    for line, recipient in batch:
        letter = LetterView(view, recipient)
        try:
            blocks = compose("subject_letter", letter, recipient.language, issued_at=issued_at)
            document = renderer.render_blocks("subject_letter", blocks, letter, recipient.language)
        except Exception as exc:  # one bad record must not stop the run
            results.append(Rejection(line, f"letter could not be rendered: {exc}"))
            continue
        relative = letter_path(line, recipient.language)
        (out_dir / relative).write_bytes(document.content)
        results.append(
            ManifestRow(
                line, recipient.name, recipient.language, relative, document.pages, document.sha256
            )
        )
    return results


def _render_batch_in_worker(
    batch: Sequence[tuple[int, LetterRecipient]],
) -> list[ManifestRow | Rejection]:
    return render_batch(
        _worker["view"],  # type: ignore[arg-type]
        batch,
        _worker["out_dir"],  # type: ignore[arg-type]
        draft=bool(_worker["draft"]),
        issued_at=_worker["issued_at"],  # type: ignore[arg-type]
    )


def batches(
    items: Sequence[tuple[int, LetterRecipient]], size: int
) -> Iterator[Sequence[tuple[int, LetterRecipient]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- the whole run ------------------------------------------------------------------------------


def _write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def stderr_progress(stream: TextIO = sys.stderr, every: float = 2.0) -> Progress:
    """A progress reporter for long runs: one line every `every` seconds."""
    started = time.monotonic()
    last = [0.0]

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if done != total and now - last[0] < every:
            return
        last[0] = now
        rate = done / max(now - started, 1e-9)
        stream.write(f"letters: {done}/{total} ({100 * done // max(total, 1)}%), {rate:.0f}/s\n")
        stream.flush()

    return report


def _mp_context() -> multiprocessing.context.BaseContext:
    """fork when this process runs a single thread (fast start, warm caches); else spawn.

    Forking a process with other threads (a Prefect flow, a web server) can copy a held lock
    and hang the child, so then the workers start fresh.
    """
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _render_all(
    view: BreachView,
    recipients: list[tuple[int, LetterRecipient]],
    out_dir: Path,
    *,
    draft: bool,
    workers: int,
    issued_at: datetime,
    progress: Progress | None,
    batch_size: int,
) -> list[ManifestRow | Rejection]:
    total = len(recipients)
    rows: list[ManifestRow | Rejection] = []
    if workers <= 1 or total < POOL_THRESHOLD:
        for batch in batches(recipients, batch_size):
            rows += render_batch(view, batch, out_dir, draft=draft, issued_at=issued_at)
            if progress:
                progress(len(rows), total)
        return rows
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_mp_context(),
        initializer=_init_worker,
        initargs=(view, out_dir, draft, issued_at),
    ) as pool:
        futures: list[Future[list[ManifestRow | Rejection]]] = [
            pool.submit(_render_batch_in_worker, batch) for batch in batches(recipients, batch_size)
        ]
        for future in futures:
            rows += future.result()
            if progress:
                progress(len(rows), total)
    return rows


def _stream(target: TextIO | bool) -> TextIO | None:
    """True: the current stderr (looked up at call time); False: silent; or a stream."""
    if target is True:
        return sys.stderr
    return None if target is False else target


def prepare(
    recipients_csv: Path, out_dir: Path, *, rejected_stream: TextIO | bool = True
) -> tuple[list[tuple[int, LetterRecipient]], list[Rejection]]:
    """Read the CSV, create the folders, report the rejected rows on `rejected_stream`."""
    stream = _stream(rejected_stream)
    recipients, rejected = read_recipients(recipients_csv)
    out_dir.mkdir(parents=True, exist_ok=True)
    for language in {r.language for _, r in recipients}:
        (out_dir / "letters" / language).mkdir(parents=True, exist_ok=True)
    if stream is not None:
        for r in rejected:
            stream.write(f"{recipients_csv}: record {r.line}: rejected: {r.reason}\n")
    return recipients, rejected


def finish(
    results: Sequence[ManifestRow | Rejection],
    rejected: Sequence[Rejection],
    out_dir: Path,
    *,
    combined: bool,
    workers: int,
    rejected_stream: TextIO | bool = True,
) -> LettersResult:
    """Write manifest.csv, rejected.csv and (optionally) the print files."""
    rows = sorted((r for r in results if isinstance(r, ManifestRow)), key=lambda r: r.line)
    failed = [r for r in results if isinstance(r, Rejection)]
    stream = _stream(rejected_stream)
    if stream is not None:
        for r in failed:
            stream.write(f"record {r.line}: rejected: {r.reason}\n")
    all_rejected = sorted([*rejected, *failed], key=lambda r: r.line)
    _write_csv(
        out_dir / "rejected.csv", REJECTED_HEADER, [(r.line, r.reason) for r in all_rejected]
    )
    manifest = out_dir / "manifest.csv"
    _write_csv(
        manifest,
        MANIFEST_HEADER,
        [(r.line, r.name, r.language, r.file, r.pages, r.sha256) for r in rows],
    )
    result = LettersResult(
        written=rows, rejected=all_rejected, manifest=manifest, render_failures=len(failed)
    )
    if combined and rows:
        started = time.perf_counter()
        result.combined = combine_by_language(rows, out_dir, workers=workers)
        result.combine_seconds = time.perf_counter() - started
    return result


def write_letters(
    view: BreachView,
    recipients_csv: Path,
    out_dir: Path,
    *,
    draft: bool,
    workers: int,
    combined: bool = True,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    issued_at: datetime | None = None,
    rejected_stream: TextIO | bool = True,
) -> LettersResult:
    """Write every valid person's letter, the print files and the manifest into `out_dir`."""
    recipients, rejected = prepare(recipients_csv, out_dir, rejected_stream=rejected_stream)
    started = time.perf_counter()
    results = _render_all(
        view,
        recipients,
        out_dir,
        draft=draft,
        workers=workers,
        issued_at=issued_at or datetime.now(UTC),
        progress=progress,
        batch_size=batch_size,
    )
    seconds = time.perf_counter() - started
    result = finish(
        results,
        rejected,
        out_dir,
        combined=combined,
        workers=workers,
        rejected_stream=rejected_stream,
    )
    result.letters_seconds = seconds
    return result


def combine_by_language(
    rows: Sequence[ManifestRow], out_dir: Path, *, workers: int
) -> dict[Language, Path]:
    """One print-ready file per language, letters in manifest order."""
    by_language: dict[Language, list[Path]] = {}
    for row in rows:
        by_language.setdefault(row.language, []).append(out_dir / row.file)
    targets = {lang: out_dir / f"print-{lang}.pdf" for lang in by_language}
    if workers <= 1 or len(by_language) == 1 or len(rows) < POOL_THRESHOLD:
        for lang, paths in by_language.items():
            combine_pdfs(paths, targets[lang])
        return targets
    with ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context()) as pool:
        futures = [
            pool.submit(combine_pdfs, paths, targets[lang]) for lang, paths in by_language.items()
        ]
        for future in futures:
            future.result()
    return targets

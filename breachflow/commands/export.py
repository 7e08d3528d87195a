"""`breachflow export REF --out FILE.zip` and `breachflow export verify FILE.zip`.

The export reads the database (`breachflow.services.accountability`); the check reads the zip
alone (`breachflow.manifest`) and imports nothing of the database, so it runs wherever the zip
is: an inspector's laptop, a lawyer's.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import typer


def _person() -> str:
    """Who runs the command, as the audit trail records the export."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown user"
    return f"{user} (command line)"


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def export(reference: str, out: Path | None) -> None:
    """Write the zip next to its final name and move it there once complete, so an export
    cut short never looks like a finished one; an existing file is never overwritten (it may
    be the copy handed to the inspector)."""
    from breachflow.services.accountability import UnknownBreach, write_export
    from breachflow.settings import get_settings
    from breachflow.store import open_store

    if out is None:
        _fail("--out: give the zip file to write, e.g. --out BR-2026-0001.zip")
        return
    if out.exists():
        _fail(f"--out: {out} exists already; an export is never overwritten, choose a new name")
    if not out.parent.is_dir():
        _fail(f"--out: the folder {out.parent} does not exist")
    settings = get_settings()
    engine = open_store(settings)
    partial = out.with_name(f".{out.name}.{os.getpid()}.partial")
    try:
        with partial.open("wb") as handle:
            summary = write_export(engine, settings, reference, handle, exported_by=_person())
        partial.replace(out)
    except UnknownBreach as unknown:
        _fail(f"REF: {unknown}")
        return
    finally:
        partial.unlink(missing_ok=True)
        engine.dispose()
    typer.echo(f"{out}: accountability export of {summary.reference}, {summary.files} files")
    for problem in summary.document_problems:
        typer.echo(f"warning: document {problem} (named in the export's index)", err=True)
    typer.echo(
        f"manifest SHA-256: {summary.manifest_sha256}\n"
        "Keep this line apart from the zip (a note, an e-mail to the DPO): "
        f"`breachflow export verify {out.name}` checks the zip without the database."
    )


def verify(file: Path | None) -> None:
    """Check an export against its manifest; exit 0 only when it is intact, else name each
    fault (exit 1)."""
    from breachflow.manifest import MANIFEST, check_zip

    if file is None:
        _fail("FILE.zip: give the export to check, e.g. breachflow export verify BR-2026-0001.zip")
        return
    if not file.is_file():
        _fail(f"FILE.zip: {file}: no such file")
    check = check_zip(file)
    if check.faults:
        typer.echo(f"{file}: export NOT intact:", err=True)
        for fault in check.faults:
            typer.echo(f"- {fault}", err=True)
        raise typer.Exit(1)
    typer.echo(
        f"{file}: intact: {check.files} files match {MANIFEST}, nothing missing or added; "
        f"manifest SHA-256 {check.manifest_sha256} (compare it with the one printed at export)"
    )

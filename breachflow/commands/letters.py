"""`breachflow letters --breach REF --subjects FILE.csv --out DIR [--draft]`.

The engine is `documents.letters`; this module only finds the breach in the store, checks that
its letter was approved, and builds the view.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import typer

from documents.letters import LettersError, stderr_progress, write_letters
from documents.viewmodels import BreachView, Measures


class LetterNotApproved(RuntimeError):
    """No approved `subject_letter` document exists for the breach."""


def load_breach_view(reference: str, *, draft: bool) -> BreachView:
    """The breach as a view-model, from the store, under the assessment in force (awareness as
    the DPO confirmed it, the DPO's override); refuses an unapproved letter unless draft."""
    from breachflow.services import assessment_in_force
    from breachflow.settings import get_settings
    from breachflow.store import engine_for
    from documents.build import breach_view
    from models.breaches import get_breach_by_reference
    from models.db import read_scope
    from models.documents import list_documents
    from rules.processing_register import load_processing_register

    settings = get_settings()
    register = load_processing_register(Path(settings.processing_register))
    engine = engine_for(settings)
    try:
        with read_scope(engine) as session:
            breach = get_breach_by_reference(session=session, reference=reference)
            documents = list_documents(session=session, breach_id=breach.id)
            approved = any(
                d.kind == "subject_letter" and d.approved_at is not None for d in documents
            )
            if not approved and not draft:
                raise LetterNotApproved(
                    f"the letter of {reference} has not been approved (use --draft for a "
                    "marked draft run)"
                )
            # The letters are ours to send: our own scope's assessment (Art. 34).
            in_force = assessment_in_force(session, settings, breach, datetime.now(UTC)).own
            return breach_view(
                in_force.facts,
                in_force,
                register,
                breach.affected_activity_ids,
                reference=breach.reference,
                # The reporter's free text is for the DPO, not the people concerned: it may name
                # other clients or staff. The letter says what happened from the coded facts.
                description=None,
                occurred_from=breach.occurred_from,
                occurred_to=breach.occurred_to,
                detected_at=breach.detected_at,
                measures_taken=Measures(codes=tuple(breach.measures_taken)),
                measures_planned=Measures(codes=tuple(breach.measures_planned)),
                created_at=breach.created_at,
            )
    finally:
        engine.dispose()


def letters(
    *, breach_ref: str, subjects_csv: Path, out_dir: Path, draft: bool, workers: int
) -> None:
    """One PDF per person, a print file per language, manifest.csv and rejected.csv."""
    if not subjects_csv.is_file():
        typer.echo(f"error: {subjects_csv}: no such file", err=True)
        raise typer.Exit(2)
    try:
        view = load_breach_view(breach_ref, draft=draft)
    except LetterNotApproved as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(3) from exc
    except LookupError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    try:
        result = write_letters(
            view,
            subjects_csv,
            out_dir,
            draft=draft,
            workers=workers or os.cpu_count() or 1,
            progress=stderr_progress(),
        )
    except LettersError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(
        f"{len(result.written)} letters written, {len(result.rejected)} rows rejected; "
        f"manifest: {result.manifest}"
    )
    raise typer.Exit(result.exit_code)

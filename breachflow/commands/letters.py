"""`breachflow letters --breach REF --subjects FILE.csv --out DIR [--draft]`.

The engine is `documents.letters`; this module finds the breach in the store, checks that its
letter was approved, and builds the letter's view with the function that built the approved
draft (`breachflow.services.drafts.document_view`), so every person's letter says what the DPO
approved. When there is nothing to send yet, it says what waits and what to approve.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from documents.letters import LettersError, stderr_progress, write_letters
from documents.viewmodels import BreachView

if TYPE_CHECKING:
    from sqlmodel import Session

    from models.tables import Breach, Document


class LetterNotApproved(RuntimeError):
    """No approved letter to the people concerned: the message says what to do."""


def _newest_letter(documents: list[Document]) -> Document | None:
    letters = [d for d in documents if d.kind == "subject_letter"]
    return max(letters, key=lambda d: (d.created_at, d.version), default=None)


def _what_waits(session: Session, breach: Breach, letter: Document | None) -> str:
    """Why there is no approved letter, and what the DPO approves next (or that none is due)."""
    from breachflow.services.drafting import current_documents
    from breachflow.services.steps import draft_round
    from models.obligations import list_obligations
    from rules.lifecycle import State

    reference = breach.reference
    needed = [
        o
        for o in list_obligations(session=session, breach_id=breach.id)
        if o.kind == "subject_communication" and o.state != "cancelled"
    ]
    if not needed and letter is None:
        if breach.state in (State.RECEIVED, State.ASSESSED, State.AWAITING_REVIEW):
            return (
                f"{reference} waits for the DPO's review: the letters, if the outcome needs "
                "them, are drafted after it"
            )
        return (
            f"{reference} needs no letter to the people concerned: the outcome in force does "
            "not require one (Art. 34(1) GDPR), or a public communication replaces it "
            "(Art. 34(3)(c))"
        )
    if letter is None:
        return (
            f"{reference}: the letter to the people concerned is not drafted yet ({breach.state})"
        )
    round_ = draft_round(session, breach.id)
    drafts = "\n".join(
        f"  - {d.kind} for {d.party or '-'} ({d.language}, version {d.version}): {d.path}"
        for d in current_documents(session, breach.id)
    )
    return (
        f"{reference}: the letter to the people concerned has not been approved. Approve the "
        f"drafts of round {round_} in the Prefect UI (the suspended approval-decision run of "
        f"{reference}, Resume, drafting round {round_}):\n{drafts}\n"
        "Or use --draft for a run whose every page is marked DRAFT."
    )


def load_breach_view(reference: str, *, draft: bool) -> BreachView:
    """The approved letter's view, from the store, under the assessment in force; refuses when
    the letter is not approved unless `draft` (then the newest draft's view, or the breach's)."""
    from breachflow.services import assessment_in_force
    from breachflow.services.drafts import document_view, draft_inputs
    from breachflow.settings import get_settings
    from breachflow.store import engine_for
    from models.breaches import get_breach_by_reference
    from models.db import read_scope
    from models.documents import list_documents
    from models.obligations import list_obligations
    from models.tables import Obligation
    from rules.processing_register import load_processing_register

    settings = get_settings()
    register = load_processing_register(Path(settings.processing_register))
    engine = engine_for(settings)
    now = datetime.now(UTC)
    try:
        with read_scope(engine) as session:
            breach = get_breach_by_reference(session=session, reference=reference)
            letter = _newest_letter(list_documents(session=session, breach_id=breach.id))
            if (letter is None or letter.approved_at is None) and not draft:
                raise LetterNotApproved(_what_waits(session, breach, letter))
            obligations = list_obligations(session=session, breach_id=breach.id)
            obligation = next(
                (o for o in obligations if letter is not None and o.id == letter.obligation_id),
                None,
            ) or Obligation(
                breach_id=breach.id,
                kind="subject_communication",
                party="data_subjects",
                activity_id=",".join(breach.affected_activity_ids),
                created_at=breach.created_at,
            )
            in_force = assessment_in_force(session, settings, breach, now)
            inputs = draft_inputs(session, breach, in_force.scoped.breach.facts.subjects.count)
            return document_view(
                register,
                breach,
                obligation,
                "subject_letter",
                letter.version if letter else 1,
                letter.filing if letter else "new",
                letter.completeness if letter else "complete",
                # The letters are ours to send: our own scope's assessment (Art. 34).
                in_force.for_obligation(
                    obligation.kind, obligation.party, str(obligation.terms.get("entity", ""))
                ),
                inputs=inputs,
                now=now,
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

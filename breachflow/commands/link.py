"""`breachflow link REF --into REF --by NAME`: a report of an incident already being handled
joins that breach (see `breachflow.services.linking`)."""

from __future__ import annotations

import typer

from breachflow.services.linking import link_report
from breachflow.settings import get_settings
from breachflow.store import open_store
from models.breaches import NotFoundError, get_breach_by_reference
from models.db import read_scope
from models.types import utcnow
from rules.decisions import DecisionRefused
from rules.lifecycle import WrongState


def link(reference: str, *, into: str, decided_by: str) -> None:
    settings = get_settings()
    engine = open_store(settings)
    try:
        with read_scope(engine) as session:
            try:
                report = get_breach_by_reference(session=session, reference=reference)
                target = get_breach_by_reference(session=session, reference=into)
            except NotFoundError as missing:
                typer.echo(f"error: {missing}", err=True)
                raise typer.Exit(2) from None
        try:
            link_report(
                engine=engine,
                settings=settings,
                report_id=report.id,
                into_id=target.id,
                decided_by=decided_by,
                now=utcnow(),
            )
        except WrongState as wrong:
            typer.echo(f"error: {wrong.explain(reference)}", err=True)
            raise typer.Exit(2) from None
        except DecisionRefused as refused:
            typer.echo(f"error: {refused}", err=True)
            raise typer.Exit(2) from None
    finally:
        engine.dispose()
    typer.echo(f"{reference} is linked to {into}: its facts and its client's activities joined it")

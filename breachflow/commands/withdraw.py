"""`breachflow withdraw REF`: open the withdrawal decision for a filed notification."""

from __future__ import annotations

import typer

from breachflow import services
from breachflow.settings import get_settings
from breachflow.store import open_store
from models.breaches import NotFoundError, get_breach_by_reference
from models.db import read_scope
from models.types import utcnow
from rules.lifecycle import Step, WrongState


def withdraw(reference: str) -> None:
    """Queue the withdrawal decision; the DPO confirms it, with the reason, in the Prefect UI
    (a notification that proved not to concern personal data, say)."""
    settings = get_settings()
    engine = open_store(settings)
    try:
        with read_scope(engine) as session:
            breach = get_breach_by_reference(session=session, reference=reference)
        services.request_withdrawal(engine=engine, breach_id=breach.id, now=utcnow())
    except NotFoundError:
        typer.echo(f"error: reference: no breach {reference!r}", err=True)
        raise typer.Exit(2) from None
    except WrongState as wrong:
        typer.echo(f"error: {wrong.explain(reference)}", err=True)
        raise typer.Exit(2) from None
    finally:
        engine.dispose()
    typer.echo(
        f"{reference}: the {Step.WITHDRAWAL.value} run is queued; "
        "the running service starts it: resume it in the Prefect UI with the reason."
    )

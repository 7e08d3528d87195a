"""`breachflow audit ...`: checks on the hash-chained audit trail."""

from __future__ import annotations

import typer

from breachflow.settings import get_settings
from models.audit import verify_chain
from models.db import read_scope
from models.migrate import open_database


def verify() -> None:
    """Walk the audit chain; exit 0 only when it is intact, else name the first bad event."""
    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = open_database(settings.database_url)
    try:
        with read_scope(engine) as session:
            result = verify_chain(session)
    finally:
        engine.dispose()
    if result.ok:
        typer.echo(result.message)
        return
    typer.echo(f"audit chain BROKEN: {result.message}", err=True)
    raise typer.Exit(code=1)

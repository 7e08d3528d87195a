"""`breachflow demo`: submit the sample breach (optionally take every decision as "demo")."""

from __future__ import annotations

import typer

from breachflow.demo import run_demo
from breachflow.settings import get_settings


def demo(*, auto_approve: bool, scenario: str) -> None:
    """Report a sample breach (see `breachflow.demo.SCENARIOS`). Prints BR-YYYY-NNNN, where
    the documents are and, once letters are approved, the `breachflow letters` command."""
    try:
        run_demo(get_settings(), auto_approve=auto_approve, scenario=scenario, echo=typer.echo)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc

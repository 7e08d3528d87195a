"""`breachflow demo`: submit the sample breach (optionally take every decision as "demo")."""

from __future__ import annotations

import typer

from breachflow.demo import DemoStalled, run_demo
from breachflow.settings import get_settings


def demo(*, auto_approve: bool, scenario: str) -> None:
    """Report a sample breach (see `breachflow.demo.SCENARIOS`). Prints the reference, where the
    documents are and, once letters are approved, the `breachflow letters` command; a busy
    service that does not keep up is said in words."""
    try:
        run_demo(get_settings(), auto_approve=auto_approve, scenario=scenario, echo=typer.echo)
    except DemoStalled as stalled:
        typer.echo(f"error: {stalled}", err=True)
        raise typer.Exit(1) from None
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc

"""`breachflow demo`: submit the sample breach (optionally take every decision as "demo")."""

from __future__ import annotations

import typer

from breachflow.demo import DemoStalled, run_demo
from breachflow.settings import get_settings


def demo(*, auto_approve: bool) -> None:
    """Bakkerij Peeters' payslips and our staff's leave records sent to Transports Dubois: a
    processor notice to Bakkerij Peeters, a GBA notification for our staff. Prints the reference
    and where the documents are; a busy service that does not keep up is said in words."""
    try:
        run_demo(get_settings(), auto_approve=auto_approve, echo=typer.echo)
    except DemoStalled as stalled:
        typer.echo(f"error: {stalled}", err=True)
        raise typer.Exit(1) from None

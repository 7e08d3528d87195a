"""`breachflow demo`: submit the sample breach (optionally take every decision as "demo")."""

from __future__ import annotations

import typer

from breachflow.demo import run_demo
from breachflow.settings import get_settings


def demo(*, auto_approve: bool) -> None:
    """Client A's payslips and our staff's leave records sent to client B: processor notice to
    A, GBA notification for our staff. Prints BR-YYYY-NNNN and where the documents are."""
    run_demo(get_settings(), auto_approve=auto_approve, echo=typer.echo)

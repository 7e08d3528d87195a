"""`breachflow watchdog [--once]`: alarm when the clock or the service stops (see
`breachflow.watchdog`)."""

from __future__ import annotations

import logging

import typer

from breachflow.settings import get_settings


def watchdog(*, once: bool) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    from breachflow.watchdog import Watchdog

    settings = get_settings()
    dog = Watchdog(settings)
    if once:
        outcome = dog.run_once()
        typer.echo(outcome)
        raise typer.Exit(0 if outcome in ("ok", "over") else 1)
    dog.run_forever(settings.watchdog_seconds)

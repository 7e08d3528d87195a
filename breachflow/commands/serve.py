"""`breachflow serve`: the whole service in the foreground."""

from __future__ import annotations

import logging

import typer

from breachflow.settings import get_settings
from breachflow.supervisor import Service, run


def serve(
    *, port: int, prefect_port: int, workers: int, limit: int, reconcile_seconds: float
) -> None:
    """Start Prefect, the workers, the watchdog and the web app; exit non-zero when a part
    cannot be kept running."""
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")
    # Migrations, the clock and HTTP probes would each print a line per step otherwise.
    for noisy in ("alembic", "apscheduler", "httpx"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    settings = get_settings()
    service = Service(
        settings=settings,
        port=port,
        prefect_port=prefect_port,
        workers=workers,
        runner_limit=limit,
        reconcile_seconds=reconcile_seconds,
        echo=typer.echo,
    )
    code = run(service)
    if code:
        raise typer.Exit(code)

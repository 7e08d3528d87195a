"""`breachflow serve`: the whole service in the foreground."""

from __future__ import annotations

import logging

import typer

from breachflow.settings import get_settings
from breachflow.store import install_audit_key
from breachflow.supervisor import Service, run


def serve(
    *, port: int, prefect_port: int, limit: int, reconcile_seconds: float, poll_seconds: int
) -> None:
    """Start Prefect, the deployments, the dispatcher, the reconciler and the web app."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    # The clock sweeps every 15 s: its per-run INFO lines would drown the useful ones.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per health probe otherwise
    settings = get_settings()
    # The supervisor opens its engine from the URL alone: the audit key must be registered
    # for it first (and the store migrated, keyed and anchored once).
    install_audit_key(settings)
    service = Service(
        settings=settings,
        port=port,
        prefect_port=prefect_port,
        runner_limit=limit,
        reconcile_seconds=reconcile_seconds,
        runner_poll_seconds=poll_seconds,
    )
    run(service, echo=typer.echo)

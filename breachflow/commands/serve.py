"""`breachflow serve`: the whole service in the foreground."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from breachflow.service import Service, run
from breachflow.settings import get_settings

app = typer.Typer(help="Run the service.", invoke_without_command=True)


@app.callback()
def serve(
    port: Annotated[int, typer.Option(help="Port of breachflow's web app.")] = 8000,
    prefect_port: Annotated[int, typer.Option(help="Port of the local Prefect server/UI.")] = 4200,
    limit: Annotated[int, typer.Option(help="Flow runs at once (2 cores: 4).")] = 4,
    reconcile_seconds: Annotated[
        float, typer.Option(help="Seconds between reconciler passes.")
    ] = 180.0,
    poll_seconds: Annotated[int, typer.Option(help="How often the runner polls for runs.")] = 5,
) -> None:
    """Start Prefect, the deployments, the dispatcher, the reconciler and the web app."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    # The clock sweeps every 15 s: its per-run INFO lines would drown the useful ones.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per health probe otherwise
    service = Service(
        settings=get_settings(),
        port=port,
        prefect_port=prefect_port,
        runner_limit=limit,
        reconcile_seconds=reconcile_seconds,
        runner_poll_seconds=poll_seconds,
    )
    run(service, echo=typer.echo)


if __name__ == "__main__":  # `python -m breachflow.commands.serve` (tests, before cli mounts it)
    app()

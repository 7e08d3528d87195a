"""`breachflow worker`: carry breaches from step to step (see `flows.worker`)."""

from __future__ import annotations

import logging
import os

from breachflow.settings import get_settings


def worker(*, name: str | None, runner: bool, runner_limit: int, reconcile_seconds: float) -> None:
    # A resumed decision run is picked up within a second; the phases' task runs, which have
    # no flow run, keep their log lines here instead of warning about it.
    os.environ.setdefault("PREFECT_RUNNER_POLL_FREQUENCY", "1")
    os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    for noisy in ("alembic", "apscheduler", "httpx"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    from breachflow.store import open_store
    from flows.worker import Worker

    settings = get_settings()
    open_store(settings).dispose()  # migrated, keyed; each part then opens its own engine
    Worker(
        settings,
        name=name,
        runner=runner,
        runner_limit=runner_limit,
        reconcile_seconds=reconcile_seconds,
    ).run()

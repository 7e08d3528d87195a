"""The phase steps as Prefect task runs, run in the long-lived worker process.

A phase (`assess-breach`, `draft-documents`, `record-filing`) is short and idempotent: the
worker runs it in its own process, as a Prefect task run (visible in the Prefect UI under the
breach's reference), instead of starting a flow run in a new process for each (3 to 4 s on two
cores). The service checks the breach's state, so a re-run adds nothing. When Prefect's API is
down the step still runs, without its task run: the breach must not wait for the UI.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from prefect import task
from sqlalchemy import Engine

from breachflow import services
from breachflow.settings import Settings
from models.tables import Breach
from rules.lifecycle import Step

log = logging.getLogger("breachflow.worker")

PhaseService = Callable[..., Breach]
PHASES: dict[Step, PhaseService] = {
    Step.ASSESS: services.run_assessment,
    Step.DRAFT: services.draft_documents,
    Step.RECORD_FILING: services.record_filing,
}


def _phase_task(step: Step) -> Any:
    service = PHASES[step]

    @task(name=step.value, task_run_name=f"{step.value} {{reference}}", persist_result=False)
    def run(breach_id: str, reference: str) -> str:
        from flows import runtime

        breach = service(
            engine=runtime.engine(),
            settings=runtime.settings(),
            breach_id=uuid.UUID(breach_id),
            now=runtime.now(),
        )
        return breach.state

    return run


PHASE_TASKS = {step: _phase_task(step) for step in PHASES}


def run_phase(
    step: Step,
    breach_id: uuid.UUID,
    reference: str,
    *,
    engine: Engine,
    settings: Settings,
    now: Callable[[], datetime],
    prefect_up: Callable[[], bool],
) -> str:
    """Run one phase of a breach; its resulting state. One log line per step."""
    started = time.monotonic()
    if prefect_up():
        state = str(PHASE_TASKS[step](breach_id=str(breach_id), reference=reference))
        how = "task run"
    else:
        service = PHASES[step]
        state = service(engine=engine, settings=settings, breach_id=breach_id, now=now()).state
        how = "without a task run: Prefect's API is down"
    log.info(
        "%s %s -> %s in %.2f s (%s)",
        step.value,
        reference,
        state,
        time.monotonic() - started,
        how,
    )
    return state

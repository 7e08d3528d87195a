"""Starting steps without Prefect: the in-process starter and the `flow.start` handler.

No service starts a step directly: it queues a `flow.start` effect in the transaction that
needs it (`breachflow.services.steps.start_step`), and a dispatcher carries it out. In the
service the worker does (`flows.worker`: phases as Prefect task runs, decisions as suspended
Prefect runs); `InProcessStarter` runs a step here and now, with the same services, for
`breachflow demo` without a running service and for the integration tests. The effect's key is
the start's idempotency key.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Engine

from breachflow.services.assessment import run_assessment
from breachflow.services.drafting import draft_documents
from breachflow.services.filing import record_filing
from breachflow.services.review import open_review
from breachflow.settings import Settings
from models.outbox import Effect, Handler, PermanentError
from models.types import utcnow
from rules.lifecycle import Step


class FlowStarter(Protocol):
    """Starts a step's deployment without waiting for it; returns the run's id."""

    def start(
        self, *, deployment: str, parameters: Mapping[str, Any], idempotency_key: str
    ) -> str: ...


# The phase steps, run through; of the decisions, the review is opened (its briefing is what a
# person decides on) and every decision then waits for the caller to take it.
PhaseService = Callable[..., Any]
PHASES: Mapping[Step, PhaseService] = {
    Step.ASSESS: run_assessment,
    Step.DRAFT: draft_documents,
    Step.RECORD_FILING: record_filing,
    Step.REVIEW: open_review,
}


@dataclass
class InProcessStarter:
    """Runs each step in this process, once per idempotency key, with the services the flows
    call; decision steps other than opening the review are left to the caller."""

    engine: Engine
    settings: Settings
    clock: Callable[[], datetime] = utcnow
    runs: dict[str, str] = field(default_factory=dict)
    started: list[tuple[Step, uuid.UUID]] = field(default_factory=list)

    def start(self, *, deployment: str, parameters: Mapping[str, Any], idempotency_key: str) -> str:
        if idempotency_key in self.runs:
            return self.runs[idempotency_key]
        step = Step(deployment.split("/", 1)[0])
        breach_id = uuid.UUID(str(parameters["breach_id"]))
        service = PHASES.get(step)
        if service is not None:
            service(
                engine=self.engine, settings=self.settings, breach_id=breach_id, now=self.clock()
            )
        self.started.append((step, breach_id))
        run_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"breachflow:{idempotency_key}"))
        self.runs[idempotency_key] = run_id
        return run_id


def flow_start_handler(starter: FlowStarter) -> Handler:
    """The dispatcher's handler for `flow.start` effects."""

    def handle(effect: Effect) -> Mapping[str, Any]:
        deployment = effect.payload.get("deployment")
        if not isinstance(deployment, str) or not deployment:
            raise PermanentError(f"flow.start {effect.key}: payload has no deployment")
        run_id = starter.start(
            deployment=deployment,
            parameters=effect.payload.get("parameters") or {},
            idempotency_key=effect.key,
        )
        return {"flow_run_id": run_id, "deployment": deployment}

    return handle

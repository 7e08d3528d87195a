"""Starting steps: the outbox handler for `flow.start`, and the two starters behind it.

No service starts a step directly: it queues a `flow.start` effect in the transaction that
needs it (`breachflow.services.steps.start_step`), and the dispatcher hands it to
`flow_start_handler`, whose starter runs it. `PrefectStarter` starts the step's deployment in
Prefect (the service); `InProcessStarter` runs it here and now (`breachflow demo` without a
running service, and the integration tests). The effect's key is the start's idempotency key.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import Engine

from breachflow.services.assessment import run_assessment
from breachflow.services.drafting import draft_documents
from breachflow.services.filing import record_filing
from breachflow.services.review import open_review
from breachflow.settings import Settings
from models.outbox import Effect, Handler, PermanentError
from models.types import utcnow
from rules.lifecycle import Step

if TYPE_CHECKING:
    from prefect.client.schemas.objects import FlowRun


class FlowStarter(Protocol):
    """Starts a step's deployment without waiting for it; returns the run's id."""

    def start(
        self, *, deployment: str, parameters: Mapping[str, Any], idempotency_key: str
    ) -> str: ...


class PrefectStarter:
    """`run_deployment(name, parameters=..., timeout=0)`: returns at once with the flow run.

    Prefect dedupes by `idempotency_key` per deployment: a second call returns the first
    call's flow run.
    """

    def start(self, *, deployment: str, parameters: Mapping[str, Any], idempotency_key: str) -> str:
        # Imported here: Prefect is heavy to import and only this call needs it.
        from prefect.deployments import run_deployment

        # Called from sync code, so run_deployment returns the FlowRun, not a coroutine.
        flow_run: FlowRun = run_deployment(  # type: ignore[assignment]
            deployment,
            parameters=dict(parameters),
            timeout=0,
            idempotency_key=idempotency_key,
            as_subflow=False,
        )
        return str(flow_run.id)


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

"""Starting flows: the only place that calls Prefect's `run_deployment`.

Callers never start a flow directly: they enqueue a `flow.start` outbox effect in the same
transaction as the change that needs the flow (`enqueue_flow_start`), and the dispatcher's
`flow_start_handler` starts it through a `FlowStarter`. The effect's key doubles as Prefect's
flow-run idempotency key, so an attempt repeated after a crash returns the same flow run.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from sqlmodel import Session

from breachflow.dispatcher import Effect, Handler, PermanentError
from models.outbox import enqueue
from models.tables import OutboxEffect

if TYPE_CHECKING:
    from prefect.client.schemas.objects import FlowRun

FLOW_START = "flow.start"


class FlowStarter(Protocol):
    """Starts a deployed flow without waiting for it; returns the flow run's id."""

    def start(
        self, *, deployment: str, parameters: Mapping[str, Any], idempotency_key: str
    ) -> str: ...


class PrefectFlowStarter:
    """The real starter: `run_deployment(name, parameters=..., timeout=0)` returns at once.

    `deployment` is Prefect's "flow-name/deployment-name". Prefect itself dedupes by
    `idempotency_key` per deployment: a second call returns the first call's flow run.
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


@dataclass
class InProcessFlowStarter:
    """Test stand-in: runs a plain Python callable synchronously, once per idempotency key."""

    flows: Mapping[str, Callable[..., Any]]
    runs: dict[str, str] = field(default_factory=dict)
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def start(self, *, deployment: str, parameters: Mapping[str, Any], idempotency_key: str) -> str:
        if idempotency_key in self.runs:
            return self.runs[idempotency_key]
        if deployment not in self.flows:
            raise KeyError(f"no flow registered as {deployment!r}")
        run_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"breachflow:{idempotency_key}"))
        self.flows[deployment](**parameters)
        self.calls.append((deployment, dict(parameters)))
        self.runs[idempotency_key] = run_id
        return run_id


def enqueue_flow_start(
    *,
    session: Session,
    key: str,
    deployment: str,
    parameters: Mapping[str, Any],
    now: datetime,
    breach_id: uuid.UUID | None = None,
) -> OutboxEffect:
    """Record "start this flow" in the caller's transaction (idempotent on `key`)."""
    return enqueue(
        session=session,
        key=key,
        kind=FLOW_START,
        payload={"deployment": deployment, "parameters": dict(parameters)},
        now=now,
        breach_id=breach_id,
    )


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

"""A waiting decision as a suspended Prefect flow run, opened without starting a process.

The worker opens a decision run through Prefect's API: it creates the run from the decision's
deployment (named `<title> <reference>`, with the step's start key as idempotency key), marks
it running, publishes what the DPO decides on as artifacts and suspends it under the pause key
the decision flow itself uses first (`flows.decisions`), with the form and its description.
Opening costs a few API calls and no process; a wave of reports opens its reviews in seconds.
When the DPO presses *Resume* in the Prefect UI, a runner executes the flow from the top: its
first suspension, under that same key, returns the input at once, and the service records it.
A decision taken on breachflow's own pages closes the waiting run instead (`close_decision_run`).
"""

from __future__ import annotations

import contextlib
import uuid
from datetime import UTC, datetime
from functools import lru_cache
from typing import TypeVar

import orjson
from prefect import get_client
from prefect._internal.pydantic.v2_schema import create_v2_schema
from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.actions import ArtifactCreate
from prefect.client.schemas.objects import State
from prefect.exceptions import ObjectAlreadyExists
from prefect.input import RunInput
from prefect.input.run_input import Keyset, keyset_from_paused_state
from prefect.states import Completed, Running, Suspended
from prefect.utilities.engine import propose_state_sync
from sqlalchemy import Engine

from breachflow.services.steps import deployment_of
from flows.briefing import Briefing, briefing
from flows.forms import DECISION_FORMS, prefilled
from models.breaches import get_breach
from models.db import read_scope
from rules.lifecycle import DECIDED_IN, Decision, Step

F = TypeVar("F", bound=RunInput)

WAIT_SECONDS = 30 * 24 * 3600  # a human wait: Prefect fails a suspended run after its timeout

# The decision each decision step asks for.
DECISION_OF: dict[Step, Decision] = {
    Step.REVIEW: Decision.REVIEW,
    Step.APPROVAL: Decision.APPROVAL,
    Step.FILING: Decision.FILING,
    Step.PART2: Decision.PART2,
    Step.CLOSING: Decision.CLOSING,
    Step.WITHDRAWAL: Decision.WITHDRAWAL,
}


def pause_key(decision: Decision, breach_id: uuid.UUID | str, attempt: int) -> str:
    """The key of a decision run's `attempt`-th suspension (the flow uses the same keys)."""
    return f"{decision.value}-{breach_id}-{attempt}"


def run_name(decision: Decision, reference: str) -> str:
    """What the Prefect UI lists: the breach and what is decided, e.g. `review BR-2026-0001`."""
    return f"{decision.value} {reference}"


@lru_cache(maxsize=32)
def _deployment_id(deployment: str) -> uuid.UUID:
    with get_client(sync_client=True) as client:
        return client.read_deployment_by_name(deployment).id


def artifacts(decision: Decision, brief: Briefing) -> list[ArtifactCreate]:
    """The briefing as markdown artifacts, each with a title heading, the links to breachflow's
    decision pages and overview, and a description (the Artifacts tab lists it); keyed per
    breach and part, so the latest one is current."""
    title = DECISION_FORMS[decision].title
    slug = f"{decision.value}-{brief.reference.lower()}"
    parts = (
        ("summary", f"{title}: {brief.reference}", brief.summary, f"{title}: what is decided"),
        (
            "deadlines",
            f"Deadlines of {brief.reference}",
            brief.deadlines,
            "Each duty's deadline in Brussels time, with the hours left",
        ),
        (
            "facts",
            f"Facts of {brief.reference}",
            brief.facts,
            "The facts as reported and corrected, in words",
        ),
        (
            "documents",
            f"Drafts of {brief.reference}",
            brief.documents,
            "The drafts being decided on, each linked to its PDF in breachflow",
        ),
    )
    return [
        ArtifactCreate(
            key=f"{slug}-{name}",
            type="markdown",
            data=f"# {heading}\n\n{brief.links}\n\n{markdown}",
            description=description,
        )
        for name, heading, markdown, description in parts
    ]


def publish_artifacts(
    client: SyncPrefectClient, flow_run_id: uuid.UUID, decision: Decision, brief: Briefing
) -> None:
    """The briefing as the run's artifacts (`artifacts`), through the caller's open client."""
    for artifact in artifacts(decision, brief):
        client.create_artifact(artifact.model_copy(update={"flow_run_id": flow_run_id}))


def form_for(decision: Decision, brief: Briefing) -> type[RunInput]:
    """The decision's form with what is recorded filled in (`with_recorded`)."""
    return with_recorded(DECISION_FORMS[decision].form, decision, brief)


def with_recorded(form: type[F], decision: Decision, brief: Briefing) -> type[F]:
    """`form` with what is recorded filled in: the review's awareness time (in
    UTC: Prefect's picker takes a value's zone from its offset and names the first time zone
    it finds with that offset, e.g. Africa/Algiers for +01:00, so a Brussels offset would read
    wrongly), the approval's drafting round."""
    if decision is Decision.REVIEW:
        return prefilled(form, aware_at=brief.aware_at.astimezone(UTC))
    if decision is Decision.APPROVAL:
        return prefilled(form, version=brief.round)
    return form


def open_decision_run(
    engine: Engine,
    step: Step,
    breach_id: uuid.UUID,
    idempotency_key: str,
    now: datetime,
    *,
    public_url: str,
) -> dict[str, str]:
    """Open the breach's waiting `step` run; a repeat returns the run already opened. Returns
    the outbox result: the flow run id, or why nothing was opened."""
    decision = DECISION_OF[step]
    brief = briefing(engine, breach_id, now, public_url=public_url, decision=decision)
    if brief.state not in DECIDED_IN[decision]:
        return {"skipped": f"the breach is {brief.state}: no {decision.value} waits"}
    with get_client(sync_client=True) as client:
        run = client.create_flow_run_from_deployment(
            _deployment_id(deployment_of(step)),
            parameters={"breach_id": str(breach_id)},
            name=run_name(decision, brief.reference),
            idempotency_key=idempotency_key,
            state=Running(message="opened by breachflow: waits for the DPO"),
        )
        first = pause_key(decision, breach_id, 0)
        suspended: State[None] = Suspended(timeout_seconds=WAIT_SECONDS, pause_key=first)
        keyset = keyset_from_paused_state(suspended)
        if first not in (run.empirical_policy.pause_keys or set()):
            if run.state is None or not run.state.is_running():
                # Resumed and run by a runner meanwhile, or ended: the run is the flow's now.
                return {"flow_run_id": str(run.id), "deployment": deployment_of(step)}
            publish_artifacts(client, run.id, decision, brief)
            suspended.state_details.run_input_keyset = {str(k): v for k, v in keyset.items()}
            state = propose_state_sync(client=client, state=suspended, flow_run_id=run.id)
            if not state.is_paused():
                return {"flow_run_id": str(run.id), "deployment": deployment_of(step)}
        # The form the Resume button opens (saved again after a crash between the two calls).
        _save_form(client, run.id, decision, brief, keyset)
    if _state(engine, breach_id) not in DECIDED_IN[decision]:
        # Decided on breachflow's pages while the run was being opened: close it at once.
        close_decision_run(run.id, "breachflow")
    return {"flow_run_id": str(run.id), "deployment": deployment_of(step)}


def _state(engine: Engine, breach_id: uuid.UUID) -> str:
    with read_scope(engine) as session:
        return get_breach(session=session, breach_id=breach_id).state


def _save_form(
    client: SyncPrefectClient,
    flow_run_id: uuid.UUID,
    decision: Decision,
    brief: Briefing,
    keyset: Keyset,
) -> None:
    """The run input's schema (with what is recorded filled in) and the markdown description
    the Prefect UI shows above it."""
    form = form_for(decision, brief)
    description = brief.description(DECISION_FORMS[decision].title, None)
    values = {
        keyset["schema"]: create_v2_schema(form.__name__, model_base=form),
        keyset["description"]: description,
    }
    for key, value in values.items():
        with contextlib.suppress(ObjectAlreadyExists):
            client.create_flow_run_input(
                flow_run_id=flow_run_id, key=key, value=orjson.dumps(value).decode()
            )


def close_decision_run(flow_run_id: uuid.UUID, decided_by: str) -> dict[str, str]:
    """Mark a waiting decision run completed: the decision was taken on breachflow's pages. A
    run already resumed, running or ended is left as it is (its flow finds the decision taken)."""
    with get_client(sync_client=True) as client:
        run = client.read_flow_run(flow_run_id)
        if run.state is None or not run.state.is_paused():
            return {"left": run.state.type.value if run.state else "no state"}
        client.set_flow_run_state(
            flow_run_id,
            Completed(message=f"decided in breachflow by {decided_by}"),
            force=True,
        )
    return {"closed": str(flow_run_id)}

"""Decisions through the served deployments (one `breachflow serve`): a suspended run resumed
from its form, refused input re-suspending the run, and a decision loop starting a new run.
What is drafted for which facts is tested in-process (tests/integration/flows)."""

from __future__ import annotations

import pytest
from prefect.exceptions import PrefectHTTPStatusError

from breachflow import prefect_runs
from models.access import audit_events_for
from models.db import read_scope
from models.decisions import list_decisions
from rules.lifecycle import State, Step
from tests.e2e.service.conftest import Served
from tests.e2e.service.served_support import (
    decide,
    documents,
    measures,
    report,
    review_input,
    state,
    wait_pause_key,
    wait_state,
)

DPO = "Dana DPO"


def test_invalid_review_inputs_are_refused_and_the_run_keeps_waiting(served: Served) -> None:
    """A payload the form's schema rejects (an unknown outcome or measure code) raises; an
    override without a reason is refused by the flow, which suspends again under its next key;
    then a valid review goes through, and the measures chosen in the form reach the breach;
    taken in the Prefect UI's form, the decision is recorded as not authenticated."""
    breach_id = report(served)
    run_id = prefect_runs.wait_suspended(served.engine, breach_id, Step.REVIEW, seconds=300)
    with pytest.raises((PrefectHTTPStatusError, RuntimeError, ValueError)):
        prefect_runs.answer(run_id, review_input(served, breach_id, outcome="maybe"))
    with pytest.raises((PrefectHTTPStatusError, RuntimeError, ValueError)):
        prefect_runs.answer(run_id, review_input(served, breach_id, measures_taken=["prayer"]))
    seen = prefect_runs.run_state(run_id)
    assert seen is not None
    assert seen.type == "PAUSED"
    prefect_runs.answer(run_id, review_input(served, breach_id, outcome="override_to_high"))
    wait_pause_key(run_id, "-1")
    assert state(served, breach_id) == State.AWAITING_REVIEW
    chosen = {"measures_taken": ["passwords_reset", "contained"], "measures_planned": ["mfa"]}
    prefect_runs.answer(
        run_id,
        review_input(
            served,
            breach_id,
            outcome="override_to_high",
            override_reason="Recipient unreachable",
            **chosen,
        ),
    )
    wait_state(served, breach_id, State.AWAITING_APPROVAL)
    assert measures(served, breach_id) == {"taken": chosen["measures_taken"], "planned": ["mfa"]}
    with read_scope(served.engine) as session:
        reviewed = list_decisions(session=session, breach_id=breach_id)
        actors = {e.actor for e in audit_events_for(session=session, entity_ids=[breach_id])}
    assert [(d.kind, d.decided_by, d.decided_by_email) for d in reviewed] == [("review", DPO, None)]
    assert f"unauthenticated:{DPO}" in actors


def test_send_back_starts_a_new_drafting_round_and_a_new_approval_run(served: Served) -> None:
    """Sending the drafts back re-drafts them (round and version 2) in a new approval run,
    which is then approved, naming round 2 as the form asks."""
    breach_id = report(served)
    decide(served, breach_id, Step.REVIEW, review_input(served, breach_id))
    first = decide(
        served,
        breach_id,
        Step.APPROVAL,
        {"decided_by": DPO, "action": "send_back", "remarks": "Add the measures", "version": 1},
    )
    second = decide(
        served, breach_id, Step.APPROVAL, {"decided_by": DPO, "action": "approve", "version": 2}
    )
    assert second != first
    wait_state(served, breach_id, State.APPROVED)
    assert {version for _, _, version in documents(served, breach_id)} == {1, 2}

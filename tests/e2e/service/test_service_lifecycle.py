"""Phase flows and decisions through the served deployments (one `breachflow serve`)."""

from __future__ import annotations

import pytest

from flows import names
from tests.e2e.service.conftest import Served
from tests.e2e.service.served_support import (
    decide,
    documents,
    facts,
    report,
    review_input,
    state,
    wait_pause_key,
    wait_state,
)

HIGH_RISK_STAFF = {
    "activities": ["staff-administration"],
    "breach_confidentiality": "unknown_recipients",
    "breach_malicious": True,
    "breach_incident_type": "hacking_malware",
}


def test_processor_breach_for_two_clients_drafts_two_notices_and_no_gba_draft(
    served: Served,
) -> None:
    """Processor for two clients: a notice to each controller, nothing for the GBA."""
    breach_id = report(served, activities=["payroll-bakkerij-peeters", "payroll-transports-dubois"])
    decide(served, breach_id, names.REVIEW_DECISION, review_input(served, breach_id))
    wait_state(served, breach_id, "awaiting_approval")
    assert documents(served, breach_id) == [
        ("processor_notice", "bakkerij-peeters", 1),
        ("processor_notice", "transports-dubois", 1),
    ]


def test_high_risk_controller_breach_drafts_gba_notification_and_letters(
    served: Served,
) -> None:
    """Our own staff's data taken by an attacker: GBA draft and the letter to the people; the
    measures chosen in the review form reach the breach through the resumed run."""
    breach_id = report(served, **HIGH_RISK_STAFF)
    measures = {"measures_taken": ["passwords_reset", "contained"], "measures_planned": ["mfa"]}
    decide(served, breach_id, names.REVIEW_DECISION, review_input(served, breach_id, **measures))
    wait_state(served, breach_id, "awaiting_approval")
    kinds = {kind for kind, _, _ in documents(served, breach_id)}
    assert {"gba_notification", "subject_letter"} <= kinds
    assert "processor_notice" not in kinds
    assert facts(served, breach_id)["_measures"] == {
        "taken": ["passwords_reset", "contained"],
        "planned": ["mfa"],
    }


def test_invalid_review_inputs_are_refused_and_the_run_keeps_waiting(served: Served) -> None:
    """A payload the form's schema rejects (an unknown outcome or measure code) raises; an
    override without a reason is refused by the flow, which suspends again; then a valid review
    goes through."""
    breach_id = report(served)
    values = review_input(served, breach_id, outcome="maybe")
    from prefect.exceptions import PrefectHTTPStatusError

    from flows import resume

    run_id = resume.wait_suspended(served.engine, breach_id, names.REVIEW_DECISION, seconds=300)
    with pytest.raises((PrefectHTTPStatusError, RuntimeError, ValueError)):
        resume.answer(run_id, values)
    with pytest.raises((PrefectHTTPStatusError, RuntimeError, ValueError)):
        resume.answer(run_id, review_input(served, breach_id, measures_taken=["prayer"]))
    assert resume.run_state(run_id)[0] == "PAUSED"
    resume.answer(run_id, review_input(served, breach_id, outcome="override_to_high"))
    wait_pause_key(run_id, "-1")
    assert state(served, breach_id) == "awaiting_review"
    resume.answer(
        run_id,
        review_input(
            served, breach_id, outcome="override_to_high", override_reason="Recipient unreachable"
        ),
    )
    wait_state(served, breach_id, "awaiting_approval")


def test_send_back_loops_to_drafting_and_drafts_a_second_version(served: Served) -> None:
    """Sending the drafts back re-drafts them (version 2) and asks for approval again."""
    breach_id = report(served)
    decide(served, breach_id, names.REVIEW_DECISION, review_input(served, breach_id))
    decide(
        served,
        breach_id,
        names.APPROVAL_DECISION,
        {"decided_by": "Dana DPO", "action": "send_back", "remarks": "Add the measures"},
    )
    wait_state(served, breach_id, "drafting", seconds=60) if state(
        served, breach_id
    ) == "awaiting_approval" else None
    decide(
        served, breach_id, names.APPROVAL_DECISION, {"decided_by": "Dana DPO", "action": "approve"}
    )
    wait_state(served, breach_id, "approved")
    versions = {version for _, _, version in documents(served, breach_id)}
    assert versions == {1, 2}

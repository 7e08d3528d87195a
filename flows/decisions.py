"""Decision flows: each human decision is a flow run that shows what is decided and suspends.

The worker opens each run already suspended under the first key (`flows.decision_runs`), so a
waiting decision holds no process. When the DPO resumes it, Prefect runs the flow from the top:
everything before `suspend_flow_run` is idempotent (state checks, keyed artifacts) and each
suspension has a deterministic key, so the same key returns the input already given. An input
the service refuses (an override without a reason, a missing DBN reference) is not recorded;
the run suspends again under the next key with the reason at the top of the form, and keeps
waiting. A decision taken meanwhile on breachflow's pages makes the run end "already decided".
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from prefect import flow, get_client, get_run_logger, task
from prefect.flow_runs import suspend_flow_run
from prefect.input import RunInput
from prefect.runtime import flow_run

from breachflow import services
from breachflow.decision_choices import ACTIONS, COMPLETENESS, MEASURES, OUTCOMES, code_of
from flows import runtime
from flows.briefing import briefing
from flows.decision_runs import WAIT_SECONDS, pause_key, publish_artifacts, with_recorded
from flows.forms import (
    DECISION_FORMS,
    ApprovalInput,
    ClosingInput,
    FilingInput,
    Part2Input,
    ReviewInput,
    WithdrawalInput,
)
from rules.decisions import (
    Approval,
    Closing,
    DecisionRefused,
    Filing,
    Part2,
    Review,
    Withdrawal,
)
from rules.lifecycle import DECIDED_IN, Decision, WrongState

MAX_ATTEMPTS = 50

F = TypeVar("F", bound=RunInput)


@task(name="publish-briefing", retries=2, retry_delay_seconds=2)
def publish_briefing(breach_id: str, decision: Decision) -> str | None:
    """The run's artifacts, brought up to date (keyed: a re-run replaces them); None when the
    breach no longer waits for this decision."""
    engine = runtime.engine()
    if decision is Decision.REVIEW:  # a breach assessed by an older version waits in `assessed`
        services.open_review(
            engine=engine,
            settings=runtime.settings(),
            breach_id=uuid.UUID(breach_id),
            now=runtime.now(),
        )
    brief = briefing(
        engine,
        uuid.UUID(breach_id),
        runtime.now(),
        public_url=runtime.settings().public_url,
        decision=decision,
    )
    if brief.state not in DECIDED_IN[decision]:
        return None
    with get_client(sync_client=True) as client:
        publish_artifacts(client, uuid.UUID(str(flow_run.id)), decision, brief)
    return brief.reference


def _decide(
    breach_id: str,
    *,
    decision: Decision,
    form: type[F],
    apply: Callable[[F], Any],
) -> str:
    reference = publish_briefing(breach_id, decision)
    if reference is None:
        return "not waiting"  # the breach moved on: a stale or repeated run
    problem: str | None = None
    for attempt in range(MAX_ATTEMPTS):
        brief = briefing(
            runtime.engine(),
            uuid.UUID(breach_id),
            runtime.now(),
            public_url=runtime.settings().public_url,
            decision=decision,
        )
        description = brief.description(DECISION_FORMS[decision].title, problem)
        answer = suspend_flow_run(
            wait_for_input=with_recorded(form, decision, brief).with_initial_data(
                description=description
            ),
            timeout=WAIT_SECONDS,
            key=pause_key(decision, breach_id, attempt),
        )
        try:
            apply(answer)
        except DecisionRefused as refused:
            problem = str(refused)
            get_run_logger().warning("%s: %s input refused: %s", reference, decision, problem)
            continue
        except WrongState:
            return "already decided"
        return "decided"
    raise RuntimeError(f"{reference}: {MAX_ATTEMPTS} refused inputs")


def _service_args(breach_id: str) -> dict[str, Any]:
    """What every decision service is called with besides the decision."""
    return {
        "engine": runtime.engine(),
        "settings": runtime.settings(),
        "breach_id": uuid.UUID(breach_id),
        "now": runtime.now(),
    }


def facts_corrections(text: str) -> dict[str, Any]:
    """The review form's corrected facts (a JSON object; empty: no corrections)."""
    if not text.strip():
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DecisionRefused("facts_corrections", f"not valid JSON ({exc.msg})") from exc
    if not isinstance(value, dict):
        raise DecisionRefused("facts_corrections", "must be a JSON object")
    return value


def codes(measures: list[str]) -> tuple[str, ...]:
    """The measure codes of the measures chosen in words."""
    return tuple(code_of(MEASURES, m) for m in measures)


def activity_ids(text: str) -> tuple[str, ...]:
    """The review form's affected activities: ids separated by commas or spaces."""
    return tuple(part for part in text.replace(",", " ").split() if part)


@flow(name="review-decision", log_prints=True)
def review_decision(breach_id: str) -> str:
    """The DPO reviews the assessment: awareness, facts, outcome, complete or part 1, measures."""

    def apply(answer: ReviewInput) -> None:
        review = Review(
            decided_by=answer.decided_by,
            aware_at=answer.aware_at,
            aware_gap_reason=answer.aware_gap_reason or None,
            outcome=code_of(OUTCOMES, answer.outcome),
            override_reason=answer.override_reason or None,
            completeness=code_of(COMPLETENESS, answer.completeness),
            facts_update=facts_corrections(answer.facts_corrections),
            measures_taken=codes(answer.measures_taken),
            measures_planned=codes(answer.measures_planned),
            activities=activity_ids(answer.activities),
            client_description=answer.client_description or None,
            late_reason=answer.late_reason or None,
            confirm_before_gdpr=answer.confirm_before_gdpr,
        )
        services.record_review(**_service_args(breach_id), review=review)

    return _decide(
        breach_id,
        decision=Decision.REVIEW,
        form=ReviewInput,
        apply=apply,
    )


@flow(name="approval-decision", log_prints=True)
def approval_decision(breach_id: str) -> str:
    """The DPO approves the drafts or sends them back with remarks."""

    def apply(answer: ApprovalInput) -> None:
        approval = Approval(
            decided_by=answer.decided_by,
            action=code_of(ACTIONS, answer.action),
            remarks=answer.remarks or None,
            version=answer.version,
        )
        services.record_approval(**_service_args(breach_id), approval=approval)

    return _decide(
        breach_id,
        decision=Decision.APPROVAL,
        form=ApprovalInput,
        apply=apply,
    )


@flow(name="filing-decision", log_prints=True)
def filing_decision(breach_id: str) -> str:
    """The DPO files in the GBA portal and sends the notices, then records it here."""

    def apply(answer: FilingInput) -> None:
        filing = Filing(
            decided_by=answer.decided_by,
            gba_reference=answer.gba_reference or None,
            filed_at=answer.filed_at,
            processor_notices_sent=answer.processor_notices_sent,
            late_reason=answer.late_reason or None,
        )
        services.record_filing_decision(**_service_args(breach_id), filing=filing)

    return _decide(
        breach_id,
        decision=Decision.FILING,
        form=FilingInput,
        apply=apply,
    )


@flow(name="part2-decision", log_prints=True)
def part2_decision(breach_id: str) -> str:
    """The DPO prepares Part 2 (due 21 days after Part 1): measures brought up to date; the
    complete notification is then drafted, approved and filed like Part 1."""

    def apply(answer: Part2Input) -> None:
        part2 = Part2(
            decided_by=answer.decided_by,
            late_reason=answer.late_reason or None,
            measures_taken=codes(answer.measures_taken),
            measures_planned=codes(answer.measures_planned),
        )
        services.record_part2(**_service_args(breach_id), part2=part2)

    return _decide(breach_id, decision=Decision.PART2, form=Part2Input, apply=apply)


@flow(name="closing-decision", log_prints=True)
def closing_decision(breach_id: str) -> str:
    """The DPO closes the case with its root cause and lessons learned."""

    def apply(answer: ClosingInput) -> None:
        closing = Closing(
            decided_by=answer.decided_by,
            root_cause=answer.root_cause,
            lessons_learned=answer.lessons_learned,
        )
        services.record_closing(**_service_args(breach_id), closing=closing)

    return _decide(
        breach_id,
        decision=Decision.CLOSING,
        form=ClosingInput,
        apply=apply,
    )


@flow(name="withdrawal-decision", log_prints=True)
def withdrawal_decision(breach_id: str) -> str:
    """The DPO withdraws a filed notification."""

    def apply(answer: WithdrawalInput) -> None:
        withdrawal = Withdrawal(
            decided_by=answer.decided_by,
            reason=answer.reason,
            gba_reference=answer.gba_reference or None,
        )
        services.record_withdrawal(**_service_args(breach_id), withdrawal=withdrawal)

    return _decide(
        breach_id,
        decision=Decision.WITHDRAWAL,
        form=WithdrawalInput,
        apply=apply,
    )

"""The lifecycle through the application services, flows started in-process by the outbox."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine

from breachflow import services
from breachflow.dispatcher import Dispatcher
from breachflow.services.anchoring import anchor_file, read_anchors
from breachflow.services.drafting import DOCUMENT_FOR
from breachflow.services.steps import start_key
from breachflow.settings import Settings
from breachflow.step_starts import flow_start_handler
from models.assessments import list_assessments
from models.audit import audit_key, verify_chain
from models.db import read_scope
from models.decisions import list_decisions
from models.documents import list_documents
from models.obligations import list_obligations
from models.outbox import FLOW_START, list_effects
from rules.decisions import DecisionRefused
from rules.lifecycle import State, Step
from tests.integration.flows.flow_support import (
    approve,
    demo_report,
    file,
    file_report,
    now,
    review,
    rig,
    state,
)


class PrefectStandIn:
    """Records each start under its idempotency key and runs nothing, as Prefect would hold
    a run that has not started yet."""

    def __init__(self) -> None:
        self.runs: dict[str, str] = {}

    def start(self, *, deployment: str, parameters: Mapping[str, Any], idempotency_key: str) -> str:
        return self.runs.setdefault(idempotency_key, str(uuid.uuid4()))


def test_demo_breach_runs_from_report_to_filed_without_duplicates(
    engine: Engine, settings: Settings
) -> None:
    """Processor for client A and controller for staff: a notice to A, a GBA draft, and re-running
    every phase afterwards adds no obligation, document or outbox effect."""
    dispatcher, _ = rig(engine, settings)
    breach = file_report(engine, settings)
    dispatcher.run_until_idle()
    assert state(engine, breach.id) == "awaiting_review"
    review(engine, settings, breach.id)
    dispatcher.run_until_idle()
    assert state(engine, breach.id) == "awaiting_approval"
    with read_scope(engine) as session:
        kinds = {(d.kind, d.party) for d in list_documents(session=session, breach_id=breach.id)}
    assert ("processor_notice", "bakkerij-peeters") in kinds
    assert ("gba_notification", "gba") in kinds
    approve(engine, settings, breach.id)
    dispatcher.run_until_idle()
    file(engine, settings, breach.id)
    dispatcher.run_until_idle()
    assert state(engine, breach.id) == "filed"

    def counts() -> tuple[int, int, int]:
        with read_scope(engine) as session:
            return (
                len(list_obligations(session=session, breach_id=breach.id)),
                len(list_documents(session=session, breach_id=breach.id)),
                len(list_effects(session=session, breach_id=breach.id)),
            )

    before = counts()
    for phase in (services.run_assessment, services.draft_documents, services.record_filing):
        phase(engine=engine, settings=settings, breach_id=breach.id, now=now())
    assert counts() == before
    with read_scope(engine) as session:
        copy = read_anchors(anchor_file(settings), audit_key(session))
        assert [a.reason for a in copy.anchors] == ["keyed", "filing"]  # the filing anchored
        assert verify_chain(session, anchors=copy.anchors).ok
        obligations = list_obligations(session=session, breach_id=breach.id)
        anchor_copies = [e for e in list_effects(session=session) if "audit-anchor" in e.key]
    assert all(o.state == "done" for o in obligations if o.kind in DOCUMENT_FOR)
    # The filing's anchor also went out as a reply in the breach's Slack thread and by e-mail.
    assert sorted(e.kind for e in anchor_copies) == ["email.send", "slack.post"]
    slack = next(e for e in anchor_copies if e.kind == "slack.post")
    assert slack.payload["thread"] == {"breach_id": str(breach.id), "role": "reply"}
    assert f"filing of {breach.reference}" in slack.payload["text"]


def test_an_occurrence_before_the_gdpr_waits_for_the_dpos_confirmation(
    engine: Engine, settings: Settings
) -> None:
    """The intake keeps an occurrence before 25 May 2018 (data exposed since 2016); the review
    is refused, recording nothing, until the DPO confirms it (Art. 99(2) GDPR)."""
    dispatcher, _ = rig(engine, settings)
    breach = file_report(engine, settings, demo_report(occurred_from="2016-01-04T09:00:00+01:00"))
    dispatcher.run_until_idle()
    with pytest.raises(DecisionRefused, match="confirm_before_gdpr: occurred_from"):
        review(engine, settings, breach.id)
    assert state(engine, breach.id) == "awaiting_review"
    review(engine, settings, breach.id, confirm_before_gdpr=True)
    assert state(engine, breach.id) == "drafting"


def test_override_without_reason_is_refused_and_send_back_loops_to_drafting(
    engine: Engine, settings: Settings
) -> None:
    """An override needs a written reason; sending drafts back drafts a second version."""
    dispatcher, _ = rig(engine, settings)
    breach = file_report(engine, settings)
    dispatcher.run_until_idle()
    with pytest.raises(DecisionRefused, match="override_reason"):
        review(engine, settings, breach.id, outcome="override_to_risk", override_reason=" ")
    assert state(engine, breach.id) == "awaiting_review"
    review(
        engine,
        settings,
        breach.id,
        outcome="override_to_risk",
        override_reason="Recipient is a trusted client bound by contract",
    )
    dispatcher.run_until_idle()
    approve(engine, settings, breach.id, action="send_back", remarks="Add the measures taken")
    assert state(engine, breach.id) == "drafting"
    dispatcher.run_until_idle()
    assert state(engine, breach.id) == "awaiting_approval"
    with read_scope(engine) as session:
        versions = {d.version for d in list_documents(session=session, breach_id=breach.id)}
        kinds = [d.kind for d in list_decisions(session=session, breach_id=breach.id)]
    assert versions == {1, 2}
    assert kinds == ["review", "approval"]


def test_new_facts_after_filing_start_a_follow_up_round(engine: Engine, settings: Settings) -> None:
    """Facts added after filing re-assess and draft `follow_up` documents (version 2)."""
    dispatcher, _ = rig(engine, settings)
    breach = file_report(engine, settings)
    dispatcher.run_until_idle()
    review(engine, settings, breach.id)
    dispatcher.run_until_idle()
    approve(engine, settings, breach.id)
    file(engine, settings, breach.id, gba_reference="DBN-1")
    dispatcher.run_until_idle()
    services.add_facts(
        engine=engine,
        settings=settings,
        breach_id=breach.id,
        facts_update={"subjects": {"count": 120}},
        actor="Dana DPO",
        now=now(),
    )
    dispatcher.run_until_idle()
    assert state(engine, breach.id) == "awaiting_approval"
    with read_scope(engine) as session:
        follow_ups = {
            d.kind
            for d in list_documents(session=session, breach_id=breach.id)
            if d.filing == "follow_up" and d.version == 2
        }
    assert "gba_notification" in follow_ups


def test_reconciler_restarts_a_phase_that_ran_without_moving_the_breach_on(
    engine: Engine, settings: Settings
) -> None:
    """A phase whose start is done while the breach still waits for it runs again; one still
    queued is left to the dispatcher; a second pass adds nothing (the restart is queued)."""
    lost = file_report(engine, settings)
    queued = file_report(engine, settings)
    starter = PrefectStandIn()  # records the start, runs nothing
    dispatcher = Dispatcher(engine, {FLOW_START: flow_start_handler(starter)})
    dispatcher.run_once()  # only the first report's start is carried out
    restarts = services.reconcile(engine=engine, run_states=lambda _: {}, now=now())
    assert [(r.reference, r.step) for r in restarts] == [(lost.reference, Step.ASSESS)]
    assert restarts[0].reason == "the phase ran without moving the breach on"
    assert queued.reference not in [r.reference for r in restarts]
    assert services.reconcile(engine=engine, run_states=lambda _: {}, now=now()) == []


def test_reconciler_opens_again_a_decision_prefect_lost_or_left_running(
    engine: Engine, settings: Settings
) -> None:
    """Waiting for review: a suspended run or one queued for a runner is alive, one running
    only briefly too; one Prefect does not know, one that ended and one left running by a dead
    process are opened again."""
    dispatcher, _ = rig(engine, settings)
    breaches = [file_report(engine, settings) for _ in range(6)]
    dispatcher.run_until_idle()  # each waits for its review, the review start recorded
    seen = {
        0: ("PAUSED", None),
        1: ("SCHEDULED", None),
        2: ("RUNNING", now()),
        3: None,
        4: ("COMPLETED", now()),
        5: ("RUNNING", now() - timedelta(minutes=10)),
    }
    runs: dict[str, tuple[str, datetime | None] | None] = {}
    with read_scope(engine) as session:
        for index, breach in enumerate(breaches):
            effects = [
                e
                for e in list_effects(session=session, breach_id=breach.id)
                if e.key == start_key(breach.id, Step.REVIEW, "1")
            ]
            runs[str((effects[0].result or {})["flow_run_id"])] = seen[index]
    asked: list[list[str]] = []

    def run_states(ids: Sequence[str]) -> dict[str, tuple[str, datetime | None]]:
        asked.append(list(ids))
        return {i: run for i in ids if (run := runs[i]) is not None}

    restarts = services.reconcile(engine=engine, run_states=run_states, now=now())
    assert [sorted(ids) for ids in asked] == [sorted(runs)]  # one question to Prefect a pass
    assert sorted(r.reference for r in restarts) == [b.reference for b in breaches[3:]]
    assert {r.step for r in restarts} == {Step.REVIEW}
    reasons = {r.reference: r.reason for r in restarts}
    assert "left running by a process that died" in reasons[breaches[5].reference]


def test_the_in_process_starter_runs_a_step_once_per_key(
    engine: Engine, settings: Settings
) -> None:
    """Run again under the same key, a step is not run again: the same run id comes back and
    the assessment is stored once."""
    breach = file_report(engine, settings)
    _, starter = rig(engine, settings)
    parameters = {"breach_id": str(breach.id)}
    key = start_key(breach.id, Step.ASSESS, "1")
    first = starter.start(
        deployment="assess-breach/breachflow", parameters=parameters, idempotency_key=key
    )
    again = starter.start(
        deployment="assess-breach/breachflow", parameters=parameters, idempotency_key=key
    )
    assert first == again
    assert starter.started == [(Step.ASSESS, breach.id)]
    with read_scope(engine) as session:
        assert len(list_assessments(session=session, breach_id=breach.id)) == 1
    assert state(engine, breach.id) == State.AWAITING_REVIEW

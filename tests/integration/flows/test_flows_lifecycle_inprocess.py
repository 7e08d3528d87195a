"""The lifecycle through the application services, flows started in-process by the outbox."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import Engine

from breachflow import services
from breachflow.dispatcher import Dispatcher
from breachflow.settings import Settings
from flows import names
from flows.starter import FLOW_START, InProcessFlowStarter, flow_start_handler
from models.audit import verify_chain
from models.db import read_scope
from models.decisions import list_decisions
from models.documents import list_documents
from models.obligations import list_obligations
from models.outbox import list_effects
from tests.integration.flows.flow_support import demo_report, now, review, rig, state


def test_demo_breach_runs_from_report_to_filed_without_duplicates(
    engine: Engine, settings: Settings
) -> None:
    """Processor for client A and controller for staff: a notice to A, a GBA draft, and re-running
    every phase afterwards adds no obligation, document or outbox effect."""
    dispatcher, _ = rig(engine, settings)
    breach = services.report_breach(
        engine=engine, settings=settings, report=demo_report(), now=now()
    )
    dispatcher.run_until_idle()
    assert state(engine, breach.id) == "awaiting_review"
    review(engine, settings, breach.id)
    dispatcher.run_until_idle()
    assert state(engine, breach.id) == "awaiting_approval"
    with read_scope(engine) as session:
        kinds = {(d.kind, d.party) for d in list_documents(session=session, breach_id=breach.id)}
    assert ("processor_notice", "bakkerij-peeters") in kinds
    assert ("gba_notification", "gba") in kinds
    services.record_approval(
        engine=engine,
        settings=settings,
        breach_id=breach.id,
        decided_by="Dana DPO",
        action="approve",
        remarks=None,
        now=now(),
    )
    dispatcher.run_until_idle()
    services.record_filing_decision(
        engine=engine,
        settings=settings,
        breach_id=breach.id,
        decided_by="Dana DPO",
        gba_reference="DBN-2026-000123",
        filed_at=now(),
        processor_notices_sent=True,
        late_reason="test: the sample breach lies in the past",
        now=now(),
    )
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
        assert verify_chain(session).ok
        obligations = list_obligations(session=session, breach_id=breach.id)
    assert all(o.state == "done" for o in obligations if o.kind in services.DOCUMENT_FOR)


def test_override_without_reason_is_refused_and_send_back_loops_to_drafting(
    engine: Engine, settings: Settings
) -> None:
    """An override needs a written reason; sending drafts back drafts a second version."""
    dispatcher, _ = rig(engine, settings)
    breach = services.report_breach(
        engine=engine, settings=settings, report=demo_report(), now=now()
    )
    dispatcher.run_until_idle()
    with pytest.raises(services.DecisionRefused, match="override_reason"):
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
    services.record_approval(
        engine=engine,
        settings=settings,
        breach_id=breach.id,
        decided_by="Dana DPO",
        action="send_back",
        remarks="Add the measures taken",
        now=now(),
    )
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
    breach = services.report_breach(
        engine=engine, settings=settings, report=demo_report(), now=now()
    )
    dispatcher.run_until_idle()
    review(engine, settings, breach.id)
    dispatcher.run_until_idle()
    services.record_approval(
        engine=engine,
        settings=settings,
        breach_id=breach.id,
        decided_by="Dana DPO",
        action="approve",
        remarks=None,
        now=now(),
    )
    services.record_filing_decision(
        engine=engine,
        settings=settings,
        breach_id=breach.id,
        decided_by="Dana DPO",
        gba_reference="DBN-1",
        filed_at=now(),
        processor_notices_sent=True,
        late_reason="test: the sample breach lies in the past",
        now=now(),
    )
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


def test_reconciler_restarts_a_phase_prefect_lost_and_leaves_waiting_runs_alone(
    engine: Engine, settings: Settings
) -> None:
    """A breach whose run Prefect does not know gets a new start; a suspended one does not."""
    lost = services.report_breach(engine=engine, settings=settings, report=demo_report(), now=now())
    waiting = services.report_breach(
        engine=engine, settings=settings, report=demo_report(), now=now()
    )
    starter = InProcessFlowStarter({names.ASSESS_BREACH: lambda breach_id: None})
    Dispatcher(engine, {FLOW_START: flow_start_handler(starter)}).run_until_idle()
    waiting_run = starter.runs[f"flow:{names.ASSESS_BREACH}:{waiting.id}:1"]

    def run_state(run_id: str) -> tuple[str, datetime | None] | None:
        return ("PAUSED", None) if run_id == waiting_run else None

    restarts = services.reconcile(engine=engine, run_state=run_state, now=now())
    assert [(r.reference, r.deployment) for r in restarts] == [
        (lost.reference, names.ASSESS_BREACH)
    ]
    # The restart is pending in the outbox: a second pass adds nothing.
    assert services.reconcile(engine=engine, run_state=run_state, now=now()) == []

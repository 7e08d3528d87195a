"""The lifecycle through the application services, flows started in-process by the outbox."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine

from breachflow import services
from breachflow.dispatcher import Dispatcher
from breachflow.settings import Settings
from flows import names
from flows.starter import FLOW_START, InProcessFlowStarter, flow_start_handler
from models.audit import verify_chain
from models.breaches import get_breach
from models.db import read_scope
from models.decisions import list_decisions
from models.documents import list_documents
from models.obligations import list_obligations
from models.outbox import list_effects
from tests.integration.flows.flow_support import demo_report


def _now() -> datetime:
    return datetime.now(UTC)


def _rig(engine: Engine, settings: Settings) -> tuple[Dispatcher, InProcessFlowStarter]:
    def phase(fn: Callable[..., Any]) -> Callable[..., Any]:
        return lambda breach_id: fn(
            engine=engine, settings=settings, breach_id=uuid.UUID(breach_id), now=_now()
        )

    def waits(breach_id: str) -> None:
        services.mark_waiting(
            engine=engine,
            settings=settings,
            breach_id=uuid.UUID(breach_id),
            state="awaiting_review",
            now=_now(),
        )

    flows = {
        names.ASSESS_BREACH: phase(services.run_assessment),
        names.DRAFT_DOCUMENTS: phase(services.draft_documents),
        names.RECORD_FILING: phase(services.record_filing),
        names.REVIEW_DECISION: waits,
        names.APPROVAL_DECISION: lambda breach_id: None,
        names.FILING_DECISION: lambda breach_id: None,
        names.PART2_DECISION: lambda breach_id: None,
        names.CLOSING_DECISION: lambda breach_id: None,
    }
    starter = InProcessFlowStarter(flows)
    return Dispatcher(engine, {FLOW_START: flow_start_handler(starter)}), starter


def _state(engine: Engine, breach_id: uuid.UUID) -> str:
    with read_scope(engine) as session:
        return get_breach(session=session, breach_id=breach_id).state


def _review(engine: Engine, settings: Settings, breach_id: uuid.UUID, **kw: Any) -> None:
    with read_scope(engine) as session:
        aware_at = get_breach(session=session, breach_id=breach_id).aware_at
    args: dict[str, Any] = {
        "decided_by": "Dana DPO",
        "aware_at": aware_at,
        "aware_gap_reason": None,
        "outcome": "accept",
        "override_reason": None,
        "completeness": "complete",
    }
    args.update(kw)
    services.record_review(
        engine=engine, settings=settings, breach_id=breach_id, now=_now(), **args
    )


def test_demo_breach_runs_from_report_to_filed_without_duplicates(
    engine: Engine, settings: Settings
) -> None:
    """Processor for client A and controller for staff: a notice to A, a GBA draft, and re-running
    every phase afterwards adds no obligation, document or outbox effect."""
    dispatcher, _ = _rig(engine, settings)
    breach = services.report_breach(
        engine=engine, settings=settings, report=demo_report(), now=_now()
    )
    dispatcher.run_until_idle()
    assert _state(engine, breach.id) == "awaiting_review"
    _review(engine, settings, breach.id)
    dispatcher.run_until_idle()
    assert _state(engine, breach.id) == "awaiting_approval"
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
        now=_now(),
    )
    dispatcher.run_until_idle()
    services.record_filing_decision(
        engine=engine,
        settings=settings,
        breach_id=breach.id,
        decided_by="Dana DPO",
        gba_reference="DBN-2026-000123",
        filed_at=_now(),
        processor_notices_sent=True,
        late_reason="test: the sample breach lies in the past",
        now=_now(),
    )
    dispatcher.run_until_idle()
    assert _state(engine, breach.id) == "filed"

    def counts() -> tuple[int, int, int]:
        with read_scope(engine) as session:
            return (
                len(list_obligations(session=session, breach_id=breach.id)),
                len(list_documents(session=session, breach_id=breach.id)),
                len(list_effects(session=session, breach_id=breach.id)),
            )

    before = counts()
    for phase in (services.run_assessment, services.draft_documents, services.record_filing):
        phase(engine=engine, settings=settings, breach_id=breach.id, now=_now())
    assert counts() == before
    with read_scope(engine) as session:
        assert verify_chain(session).ok
        obligations = list_obligations(session=session, breach_id=breach.id)
    assert all(o.state == "done" for o in obligations if o.kind in services.DOCUMENT_FOR)


def test_override_without_reason_is_refused_and_send_back_loops_to_drafting(
    engine: Engine, settings: Settings
) -> None:
    """An override needs a written reason; sending drafts back drafts a second version."""
    dispatcher, _ = _rig(engine, settings)
    breach = services.report_breach(
        engine=engine, settings=settings, report=demo_report(), now=_now()
    )
    dispatcher.run_until_idle()
    with pytest.raises(services.DecisionRefused, match="override_reason"):
        _review(engine, settings, breach.id, outcome="override_to_risk", override_reason=" ")
    assert _state(engine, breach.id) == "awaiting_review"
    _review(
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
        now=_now(),
    )
    assert _state(engine, breach.id) == "drafting"
    dispatcher.run_until_idle()
    assert _state(engine, breach.id) == "awaiting_approval"
    with read_scope(engine) as session:
        versions = {d.version for d in list_documents(session=session, breach_id=breach.id)}
        kinds = [d.kind for d in list_decisions(session=session, breach_id=breach.id)]
    assert versions == {1, 2}
    assert kinds == ["review", "approval"]


def test_new_facts_after_filing_start_a_follow_up_round(engine: Engine, settings: Settings) -> None:
    """Facts added after filing re-assess and draft `follow_up` documents (version 2)."""
    dispatcher, _ = _rig(engine, settings)
    breach = services.report_breach(
        engine=engine, settings=settings, report=demo_report(), now=_now()
    )
    dispatcher.run_until_idle()
    _review(engine, settings, breach.id)
    dispatcher.run_until_idle()
    services.record_approval(
        engine=engine,
        settings=settings,
        breach_id=breach.id,
        decided_by="Dana DPO",
        action="approve",
        remarks=None,
        now=_now(),
    )
    services.record_filing_decision(
        engine=engine,
        settings=settings,
        breach_id=breach.id,
        decided_by="Dana DPO",
        gba_reference="DBN-1",
        filed_at=_now(),
        processor_notices_sent=True,
        late_reason="test: the sample breach lies in the past",
        now=_now(),
    )
    dispatcher.run_until_idle()
    services.add_facts(
        engine=engine,
        settings=settings,
        breach_id=breach.id,
        facts_update={"subjects": {"count": 120}},
        actor="Dana DPO",
        now=_now(),
    )
    dispatcher.run_until_idle()
    assert _state(engine, breach.id) == "awaiting_approval"
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
    lost = services.report_breach(
        engine=engine, settings=settings, report=demo_report(), now=_now()
    )
    waiting = services.report_breach(
        engine=engine, settings=settings, report=demo_report(), now=_now()
    )
    starter = InProcessFlowStarter({names.ASSESS_BREACH: lambda breach_id: None})
    Dispatcher(engine, {FLOW_START: flow_start_handler(starter)}).run_until_idle()
    waiting_run = starter.runs[f"flow:{names.ASSESS_BREACH}:{waiting.id}:1"]

    def run_state(run_id: str) -> tuple[str, datetime | None] | None:
        return ("PAUSED", None) if run_id == waiting_run else None

    restarts = services.reconcile(engine=engine, run_state=run_state, now=_now())
    assert [(r.reference, r.deployment) for r in restarts] == [
        (lost.reference, names.ASSESS_BREACH)
    ]
    # The restart is pending in the outbox: a second pass adds nothing.
    assert services.reconcile(engine=engine, run_state=run_state, now=_now()) == []

"""Reports of one incident: suggested as likely duplicates, linked into one breach that then
owes a notice to each client."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import Engine

from breachflow import services
from breachflow.services.linking import likely_duplicates, link_report
from breachflow.settings import Settings
from models.breaches import get_breach
from models.db import read_scope, session_scope
from models.obligations import list_obligations
from models.processing_register import get_client_by_code, sync_processing_register
from rules.decisions import DecisionRefused
from rules.lifecycle import State, WrongState
from tests.integration.flows.flow_support import DPO, demo_report, file_report, now, review, rig

PAYROLL_LEAK = {"breach_nature": ["confidentiality"], "breach_scopes": []}


def _client(engine: Engine, settings: Settings, code: str) -> services.Reporter:
    with session_scope(engine) as session:
        sync_processing_register(
            session=session,
            register=services.processing_register_of(settings),
            source="test",
            now=now(),
        )
        client = get_client_by_code(session=session, code=code)
        assert client is not None
        return services.Reporter(
            actor=f"token:{code}", client_id=client.id, client_code=code, client_name=client.name
        )


def _report(engine: Engine, settings: Settings, code: str) -> uuid.UUID:
    case = demo_report(activities=[f"payroll-{code}"], **PAYROLL_LEAK)
    return file_report(engine, settings, case, reporter=_client(engine, settings, code)).id


def _state(engine: Engine, breach_id: uuid.UUID) -> str:
    with read_scope(engine) as session:
        return get_breach(session=session, breach_id=breach_id).state


def test_a_second_clients_report_is_suggested_and_linked_into_the_first(
    engine: Engine, settings: Settings
) -> None:
    """Two clients report the same payroll leak: each is suggested as the other's likely
    duplicate (same system, same window); linked, the second ends merged with its duties
    cancelled, and the first owes Transports Dubois a notice (Art. 33(2))."""
    dispatcher, _ = rig(engine, settings)
    first = _report(engine, settings, "bakkerij-peeters")
    second = _report(engine, settings, "transports-dubois")
    dispatcher.run_until_idle()
    with read_scope(engine) as session:
        suggested = likely_duplicates(
            session, settings, get_breach(session=session, breach_id=second)
        )
        first_ref = get_breach(session=session, breach_id=first).reference
    assert [d.reference for d in suggested] == [first_ref]
    assert "payroll engine" in suggested[0].systems

    link_report(
        engine=engine, settings=settings, report_id=second, into_id=first, decided_by=DPO, now=now()
    )
    dispatcher.run_until_idle()
    assert _state(engine, second) == State.MERGED
    with read_scope(engine) as session:
        merged = get_breach(session=session, breach_id=first)
        second_duties = list_obligations(session=session, breach_id=second)
    assert "payroll-transports-dubois" in merged.affected_activity_ids
    assert {o.state for o in second_duties} == {"cancelled"}
    review(engine, settings, first)
    dispatcher.run_until_idle()
    with read_scope(engine) as session:
        owed = {(o.kind, o.party) for o in list_obligations(session=session, breach_id=first)}
    assert ("processor_notice", "transports-dubois") in owed


def test_a_link_is_refused_to_itself_after_review_or_into_an_ended_breach(
    engine: Engine, settings: Settings
) -> None:
    dispatcher, _ = rig(engine, settings)
    first = _report(engine, settings, "bakkerij-peeters")
    second = _report(engine, settings, "transports-dubois")
    third = _report(engine, settings, "brightdesk")
    dispatcher.run_until_idle()
    args = {"engine": engine, "settings": settings, "decided_by": DPO, "now": now()}
    with pytest.raises(DecisionRefused, match=r"^into: "):
        link_report(report_id=first, into_id=first, **args)
    link_report(report_id=second, into_id=first, **args)
    with pytest.raises(DecisionRefused, match="has ended"):
        link_report(report_id=third, into_id=second, **args)
    review(engine, settings, third)
    with pytest.raises(WrongState):
        link_report(report_id=third, into_id=first, **args)

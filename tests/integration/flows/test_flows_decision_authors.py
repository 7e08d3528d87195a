"""Who decided: a signed-in person is recorded with name and e-mail, a typed name as not
authenticated, in the decision row and in every audit event the decision causes."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import col, select

from breachflow.settings import Settings
from models.db import read_scope
from models.decisions import list_decisions
from models.documents import list_documents
from models.tables import AuditEvent
from tests.integration.flows.flow_support import DPO, approve, file, file_report, review, rig

EMAIL = "dana.dpo@example.be"


def _actors_since(engine: Engine, seq: int) -> set[str]:
    """The actors of the audit events written after `seq`."""
    with read_scope(engine) as session:
        events = session.exec(select(AuditEvent).where(col(AuditEvent.seq) > seq))
        return {e.actor for e in events}


def _last_seq(engine: Engine) -> int:
    with read_scope(engine) as session:
        events = list(session.exec(select(AuditEvent).order_by(col(AuditEvent.seq).desc())))
        return events[0].seq if events else 0


def test_signed_in_and_typed_deciders_are_told_apart(engine: Engine, settings: Settings) -> None:
    """A review by a signed-in DPO is audited as `Name <email>`; an approval and a filing with
    a typed name (the Prefect UI's case) as `unauthenticated:Name`; the rows keep the name
    alone, so documents can print it."""
    dispatcher, _ = rig(engine, settings)
    breach = file_report(engine, settings)
    dispatcher.run_until_idle()

    before_review = _last_seq(engine)
    review(engine, settings, breach.id, decided_by_email=EMAIL)
    review_actors = _actors_since(engine, before_review)
    dispatcher.run_until_idle()
    before_approval = _last_seq(engine)
    approve(engine, settings, breach.id)
    approval_actors = _actors_since(engine, before_approval)
    dispatcher.run_until_idle()
    file(engine, settings, breach.id)
    dispatcher.run_until_idle()

    assert f"{DPO} <{EMAIL}>" in review_actors
    assert not any(a.startswith("unauthenticated:") for a in review_actors)
    assert f"unauthenticated:{DPO}" in approval_actors
    assert DPO not in approval_actors  # never the bare typed name as an actor
    with read_scope(engine) as session:
        decisions = {d.kind: d for d in list_decisions(session=session, breach_id=breach.id)}
        documents = list_documents(session=session, breach_id=breach.id)
    approved_by = {d.approved_by for d in documents if d.approved_at is not None}
    assert (decisions["review"].decided_by, decisions["review"].decided_by_email) == (DPO, EMAIL)
    assert (decisions["approval"].decided_by, decisions["approval"].decided_by_email) == (
        DPO,
        None,
    )
    assert decisions["filing"].decided_by_email is None
    assert approved_by == {DPO}
    # The filing step applies the decision in the typed name, marked.
    assert f"unauthenticated:{DPO}" in _actors_since(engine, before_approval)

"""What a token may see of a breach, and the view of it that the API and the pages show.

A client token sees the reports it filed (`reporter`) and the breaches in which it is the
controller of affected data (`controller`: one of its activities is affected or an obligation
names it); anything else is answered 404, as if it did not exist. A controller that did not
report the breach sees only its own activities and what we sent it, never the description,
the reporter or other clients' activities.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session

from intake.auth import Viewer
from models.access import breaches_of_client, get_client, list_attachments
from models.documents import list_documents
from models.obligations import list_obligations
from models.tables import Breach
from rules.processing_register import ProcessingRegister

REPORTER = "reporter"
CONTROLLER = "controller"
SECURITY = "security"


def own_activity_ids(register: ProcessingRegister, viewer: Viewer) -> set[str]:
    """The register activities in which the viewer's client is the controller (or partner)."""
    if viewer.client_code is None:
        return set()
    return {a.id for a in register.activities_for_client(viewer.client_code)}


def relation_to(
    session: Session, viewer: Viewer, breach: Breach, register: ProcessingRegister
) -> str | None:
    """How the viewer stands to the breach, or None when it may not see it."""
    if viewer.is_security:
        return SECURITY
    if viewer.client_id is None:
        return None
    if breach.client_id == viewer.client_id:
        return REPORTER
    if own_activity_ids(register, viewer) & set(breach.affected_activity_ids):
        return CONTROLLER
    parties = {o.party for o in list_obligations(session=session, breach_id=breach.id)}
    return CONTROLLER if viewer.client_code in parties else None


def client_breaches(
    session: Session, viewer: Viewer, register: ProcessingRegister
) -> list[tuple[Breach, bool]]:
    """What a client token may see, newest first, with True for the ones it reported."""
    if viewer.client_id is None:
        return []
    client = get_client(session=session, client_id=viewer.client_id)
    if client is None:
        return []
    own = own_activity_ids(register, viewer)
    return breaches_of_client(session=session, client=client, activity_ids=own)


@dataclass(frozen=True)
class SentDocument:
    kind: str
    language: str
    version: int
    filing: str
    sent_at: datetime


@dataclass(frozen=True)
class BreachView:
    """One breach as the viewer may see it; `None` fields are hidden from this viewer."""

    reference: str
    state: str
    relation: str
    channel: str
    received_at: datetime
    detected_at: datetime | None
    occurred_from: datetime | None
    occurred_to: datetime | None
    activities: list[str]
    sent: list[SentDocument]
    description: str | None = None
    reporter: str | None = None
    reporter_contact: str | None = None
    facts: dict[str, Any] | None = None
    attachments: list[str] = field(default_factory=list)


def breach_view(
    session: Session, viewer: Viewer, breach: Breach, register: ProcessingRegister, relation: str
) -> BreachView:
    """The view for this viewer; call only after `relation_to` allowed it."""
    documents = list_documents(session=session, breach_id=breach.id)
    if relation == SECURITY:
        sent_docs = [d for d in documents if d.filed_or_sent_at is not None]
    else:
        sent_docs = [
            d for d in documents if d.party == viewer.client_code and d.filed_or_sent_at is not None
        ]
    sent = [
        SentDocument(d.kind, d.language, d.version, d.filing, d.filed_or_sent_at)
        for d in sent_docs
        if d.filed_or_sent_at is not None
    ]
    activities = list(breach.affected_activity_ids)
    if relation == CONTROLLER:
        own = own_activity_ids(register, viewer)
        return BreachView(
            reference=breach.reference,
            state=breach.state,
            relation=relation,
            channel=breach.channel,
            received_at=breach.created_at,
            detected_at=None,
            occurred_from=breach.occurred_from,
            occurred_to=breach.occurred_to,
            activities=[a for a in activities if a in own],
            sent=sent,
        )
    return BreachView(
        reference=breach.reference,
        state=breach.state,
        relation=relation,
        channel=breach.channel,
        received_at=breach.created_at,
        detected_at=breach.detected_at,
        occurred_from=breach.occurred_from,
        occurred_to=breach.occurred_to,
        activities=activities,
        sent=sent,
        description=breach.description,
        reporter=breach.reporter,
        reporter_contact=breach.reporter_contact,
        facts=dict(breach.facts),
        attachments=[a.filename for a in list_attachments(session=session, breach_id=breach.id)],
    )


def view_json(view: BreachView) -> dict[str, Any]:
    """The API's JSON for a breach (hidden fields left out, instants in ISO 8601)."""
    data: dict[str, Any] = {
        "reference": view.reference,
        "state": view.state,
        "relation": view.relation,
        "channel": view.channel,
        "received_at": view.received_at.isoformat(),
        "occurred_from": view.occurred_from.isoformat() if view.occurred_from else None,
        "occurred_to": view.occurred_to.isoformat() if view.occurred_to else None,
        "activities": view.activities,
        "sent": [
            {
                "kind": d.kind,
                "language": d.language,
                "version": d.version,
                "filing": d.filing,
                "sent_at": d.sent_at.isoformat(),
            }
            for d in view.sent
        ],
    }
    if view.relation != CONTROLLER:
        data.update(
            {
                "detected_at": view.detected_at.isoformat() if view.detected_at else None,
                "description": view.description,
                "reporter": view.reporter,
                "reporter_contact": view.reporter_contact,
                "facts": view.facts,
                "attachments": view.attachments,
            }
        )
    return data

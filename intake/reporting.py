"""Filing a report: the breach, how it came in, its attachments, the flow start and the
acknowledgement e-mail, all in one transaction.

`breachflow.services.report_breach` opens its own transaction, so the intake row, attachments and
the acknowledgement could not commit with it; this module does the same steps inside one
session, with the same conventions: the `assess-breach` start key
`flow:{deployment}:{breach_id}:1` (so either path dedupes the other) and `_reported_by_client`
in the facts for a client's own report (the rules then plan assistance, not a processor notice).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from breachflow.alerts import enqueue_alert
from breachflow.settings import Settings
from flows import names
from flows.starter import enqueue_flow_start
from intake.auth import Viewer
from models.access import add_attachment, record_intake
from models.breaches import create_breach
from models.db import is_sqlite, session_scope
from models.outbox import enqueue
from models.tables import Breach, BreachAttachment, BreachCreate
from notifiers.base import MailMessage
from notifiers.outbox_handlers import EMAIL_SEND
from rules.codes import DataCode
from rules.facts import facts_to_dict, parse_facts
from rules.register import Register, Role

SYSTEM = "intake"


@dataclass(frozen=True)
class ReportIn:
    """A validated report, from the form or the API."""

    reporter_name: str
    reporter_email: str
    reporter_phone: str | None
    description: str
    detected_at: datetime
    occurred_from: datetime | None
    occurred_to: datetime | None
    activities: tuple[str, ...] | None  # None: the reporter does not know
    facts: dict[str, Any]  # the `breach` object, validated by rules.facts.parse_facts
    language: str
    channel: str  # form | api | security
    answers: dict[str, Any] = field(default_factory=dict)  # answers without a facts field


@dataclass(frozen=True)
class StoredUpload:
    """An attachment already written under data_dir/attachments."""

    filename: str
    mime_type: str
    size_bytes: int
    sha256: str
    stored_name: str


AckBuilder = Callable[[Breach, ReportIn], MailMessage]


def derive_activities(
    register: Register, viewer: Viewer, named: Sequence[str] | None, data: Sequence[str] | None
) -> list[str]:
    """The affected activities: as named, or for a client's report derived from the register:
    its activities whose data types meet the reported ones, else all its processor activities
    (the client reported it to us, so our processing for it is the first suspect)."""
    if named is not None:
        return list(dict.fromkeys(named))
    if viewer.client_code is None:
        return []  # the security team's report: the DPO names the activities at review
    own = register.activities_for_client(viewer.client_code)
    if data:
        reported = {DataCode(code) for code in data}
        meeting = [a.id for a in own if reported & set(a.data)]
        if meeting:
            return meeting
    return [a.id for a in own if a.role is Role.PROCESSOR] or [a.id for a in own]


def facts_for_store(report: ReportIn, viewer: Viewer, aware_at: datetime) -> dict[str, Any]:
    """Every fact spelt out (`unknown` where not given), plus who reported it."""
    facts = facts_to_dict(parse_facts({**report.facts, "aware_at": aware_at.isoformat()}))
    if viewer.client_code is not None:
        facts["_reported_by_client"] = viewer.client_code
    return facts


def file_report(
    *,
    engine: Engine,
    settings: Settings,
    register: Register,
    viewer: Viewer,
    report: ReportIn,
    uploads: Sequence[StoredUpload],
    ack: AckBuilder | None,
    now: datetime,
) -> Breach:
    """Store the report and queue `assess-breach` (and the acknowledgement) in one transaction.

    The reporter never waits for Prefect: the outbox dispatcher starts the flow afterwards.
    """
    raw_data = report.facts.get("data")
    data = raw_data if isinstance(raw_data, list) else None
    activities = derive_activities(register, viewer, report.activities, data)
    # Awareness: until the DPO confirms it, the time the report was received (cases/README.md).
    aware_at = parse_facts(report.facts).aware_at or now
    breach_in = BreachCreate(
        reporter=report.reporter_name,
        reporter_contact=_contact(report),
        channel=report.channel,
        client_id=viewer.client_id,
        occurred_from=report.occurred_from,
        occurred_to=report.occurred_to,
        detected_at=report.detected_at,
        aware_at=aware_at,
        aware_set_by=SYSTEM,
        description=report.description,
        facts=facts_for_store(report, viewer, aware_at),
        affected_activity_ids=activities,
        language=report.language,
    )
    actor = f"token:{viewer.token_id}"
    with _writer(engine), session_scope(engine) as session:
        breach = create_breach(session=session, breach_in=breach_in, actor=actor, now=now)
        _record(session, breach, viewer, report, uploads, now)
        enqueue_flow_start(
            session=session,
            key=f"flow:{names.ASSESS_BREACH}:{breach.id}:1",
            deployment=names.ASSESS_BREACH,
            parameters={"breach_id": str(breach.id)},
            now=now,
            breach_id=breach.id,
        )
        if ack is not None and settings.smtp_url is not None:
            message = ack(breach, report)
            enqueue(
                session=session,
                key=message.key,
                kind=EMAIL_SEND,
                payload=message.to_payload(),
                now=now,
                breach_id=breach.id,
            )
        _alert(session, settings, breach, now)
    return breach


_SQLITE_WRITER = threading.Lock()


def _writer(engine: Engine) -> AbstractContextManager[object]:
    """On SQLite, the web app's writers queue on a lock in the process: SQLite's busy handler
    makes a waiting writer sleep in growing steps (the database idles while waiters sleep, and
    the unlucky wait for seconds), a lock hands over at once. PostgreSQL needs no such thing."""
    return _SQLITE_WRITER if is_sqlite(engine) else nullcontext()


def _contact(report: ReportIn) -> str:
    if report.reporter_phone:
        return f"{report.reporter_email}, {report.reporter_phone}"
    return report.reporter_email


def _record(
    session: Session,
    breach: Breach,
    viewer: Viewer,
    report: ReportIn,
    uploads: Sequence[StoredUpload],
    now: datetime,
) -> None:
    answers = {
        **report.answers,
        "reporter": {
            "name": report.reporter_name,
            "email": report.reporter_email,
            "phone": report.reporter_phone,
        },
        "activities_named": list(report.activities) if report.activities is not None else None,
    }
    record_intake(
        session=session,
        breach_id=breach.id,
        token_id=viewer.token_id,
        language=report.language,
        answers=answers,
        now=now,
    )
    for upload in uploads:
        add_attachment(
            session=session,
            attachment=BreachAttachment(
                id=uuid.uuid4(),
                breach_id=breach.id,
                filename=upload.filename,
                mime_type=upload.mime_type,
                size_bytes=upload.size_bytes,
                sha256=upload.sha256,
                stored_name=upload.stored_name,
                created_at=now,
            ),
        )


def _alert(session: Session, settings: Settings, breach: Breach, now: datetime) -> None:
    """Queue the security team's alert in the report's transaction."""
    enqueue_alert(
        session=session,
        settings=settings,
        breach=breach,
        event="breach_reported",
        now=now,
        details={},
    )

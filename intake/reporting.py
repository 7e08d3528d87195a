"""Filing a report: the breach, how it came in, its attachments, the flow start, the
acknowledgement e-mail and the security team's alert, all in one transaction.

Reports are written by a `ReportFiler`: one writer thread per app files every report waiting
at that moment in one transaction (models.group_commit), so fifty reporters at once cost one
reference update, one audit-head update and one insert per table, not fifty of each.
`breachflow.services.report_breach` (CLI, demo) writes one breach its own way; both use the
`assess-breach` start key `flow:{deployment}:{breach_id}:1` (so either path dedupes the other)
and `_reported_by_client` in the facts for a client's own report (the rules then plan
assistance, not a processor notice).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from breachflow.alerts import snapshot_of, top_key, top_message
from breachflow.settings import Settings
from flows import names
from flows.starter import FLOW_START
from intake.auth import Viewer
from models.breaches import create_breaches
from models.group_commit import GroupCommit
from models.outbox import EffectIn, enqueue_many
from models.reminders import add_threads
from models.sql import insert_rows, row_values
from models.tables import Breach, BreachAttachment, BreachCreate, IntakeReport
from notifiers.base import MailMessage
from notifiers.outbox_handlers import EMAIL_SEND, SLACK_POST
from rules.codes import DataCode
from rules.facts import BreachFacts, facts_to_dict, parse_facts
from rules.processing_register import ProcessingRegister, Role

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
    register: ProcessingRegister,
    viewer: Viewer,
    named: Sequence[str] | None,
    data: Sequence[str] | None,
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


def facts_for_store(parsed: BreachFacts, viewer: Viewer, aware_at: datetime) -> dict[str, Any]:
    """Every fact spelt out (`unknown` where not given), with the awareness in force and who
    reported it."""
    facts = facts_to_dict(replace(parsed, aware_at=aware_at))
    if viewer.client_code is not None:
        facts["_reported_by_client"] = viewer.client_code
    return facts


@dataclass(frozen=True)
class PreparedReport:
    """Everything about one report but its reference, which the writer allocates."""

    breach_in: BreachCreate
    actor: str
    token_id: uuid.UUID | None
    client_name: str | None
    report: ReportIn
    uploads: Sequence[StoredUpload]
    ack: AckBuilder | None
    received_at: datetime


class ReportFiler:
    """Files prepared reports through the app's writer thread (see the module docstring)."""

    def __init__(self, engine: Engine, settings: Settings, *, max_batch: int = 64) -> None:
        self.settings = settings
        self._writer: GroupCommit[PreparedReport, Breach] = GroupCommit(
            engine, self._store, max_batch=max_batch, name="intake-writer"
        )

    def file(self, prepared: PreparedReport) -> Breach:
        """Store the report; returns once it is committed."""
        return self._writer.submit(prepared)

    async def file_async(self, prepared: PreparedReport) -> Breach:
        """`file` for the async routes: no worker thread waits for the commit."""
        return await self._writer.submit_async(prepared)

    def close(self) -> None:
        self._writer.close()

    def _store(self, session: Session, batch: Sequence[PreparedReport]) -> list[Breach]:
        breaches = create_breaches(
            session=session,
            items=[(p.breach_in, p.actor, p.received_at) for p in batch],
        )
        pairs = list(zip(batch, breaches, strict=True))
        insert_rows(session=session, table=IntakeReport, rows=[_intake(p, b) for p, b in pairs])
        insert_rows(
            session=session,
            table=BreachAttachment,
            rows=[row_values(a) for p, b in pairs for a in _attachments(p, b)],
        )
        effects = [effect for p, b in pairs for effect in _effects(p, b, self.settings)]
        enqueue_many(session=session, effects=effects, now=batch[-1].received_at)
        add_threads(
            session=session, threads=[(b.id, top_key(b.reference), b.created_at) for b in breaches]
        )
        return breaches


def prepare_report(
    register: ProcessingRegister,
    viewer: Viewer,
    report: ReportIn,
    uploads: Sequence[StoredUpload],
    ack: AckBuilder | None,
    now: datetime,
) -> PreparedReport:
    """The report as the writer stores it (everything but the reference): `ReportFiler.file`
    then stores it and queues `assess-breach`, the acknowledgement (with SMTP) and the security
    team's alert in one transaction. The reporter never waits for Prefect: the outbox
    dispatcher starts the flow afterwards."""
    raw_data = report.facts.get("data")
    data = raw_data if isinstance(raw_data, list) else None
    activities = derive_activities(register, viewer, report.activities, data)
    # Awareness: until the DPO confirms it, the time the report was received (cases/README.md).
    parsed = parse_facts(report.facts)
    aware_at = parsed.aware_at or now
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
        facts=facts_for_store(parsed, viewer, aware_at),
        affected_activity_ids=activities,
        language=report.language,
    )
    return PreparedReport(
        breach_in=breach_in,
        actor=f"token:{viewer.token_id}",
        token_id=viewer.token_id,
        client_name=viewer.client_name,
        report=report,
        uploads=tuple(uploads),
        ack=ack,
        received_at=now,
    )


def _contact(report: ReportIn) -> str:
    if report.reporter_phone:
        return f"{report.reporter_email}, {report.reporter_phone}"
    return report.reporter_email


def _intake(prepared: PreparedReport, breach: Breach) -> dict[str, Any]:
    """How the report came in (an `IntakeReport` row): the answers as given."""
    report = prepared.report
    answers = {
        **report.answers,
        "reporter": {
            "name": report.reporter_name,
            "email": report.reporter_email,
            "phone": report.reporter_phone,
        },
        "activities_named": list(report.activities) if report.activities is not None else None,
    }
    return {
        "breach_id": breach.id,
        "token_id": prepared.token_id,
        "language": report.language,
        "answers": answers,
        "created_at": prepared.received_at,
    }


def _attachments(prepared: PreparedReport, breach: Breach) -> list[BreachAttachment]:
    return [
        BreachAttachment(
            id=uuid.uuid4(),
            breach_id=breach.id,
            filename=upload.filename,
            mime_type=upload.mime_type,
            size_bytes=upload.size_bytes,
            sha256=upload.sha256,
            stored_name=upload.stored_name,
            created_at=prepared.received_at,
        )
        for upload in prepared.uploads
    ]


def _effects(prepared: PreparedReport, breach: Breach, settings: Settings) -> list[EffectIn]:
    """The flow start, the acknowledgement and the alert's top message, in sending order.

    The alert is the breach's thread-opening Slack message (what `enqueue_alert` queues for
    `breach_reported`); a breach just reported has no assessment or obligations to show yet.
    Each is due a microsecond after the one before, as `breachflow.alerts` orders a breach's
    messages."""
    now = prepared.received_at
    effects = [
        EffectIn(
            key=f"flow:{names.ASSESS_BREACH}:{breach.id}:1",
            kind=FLOW_START,
            payload={
                "deployment": names.ASSESS_BREACH,
                "parameters": {"breach_id": str(breach.id)},
            },
            breach_id=breach.id,
            created_at=now,
        )
    ]
    if prepared.ack is not None and settings.smtp_url is not None:
        message = prepared.ack(breach, prepared.report)
        effects.append(
            EffectIn(message.key, EMAIL_SEND, message.to_payload(), breach.id, created_at=now)
        )
    snapshot = snapshot_of(settings, breach, client_name=prepared.client_name)
    effects.append(
        EffectIn(
            key=top_key(breach.reference),
            kind=SLACK_POST,
            payload=top_message(snapshot, breach.id, status="new", now=now),
            breach_id=breach.id,
            not_before=now + timedelta(microseconds=len(effects)),
            created_at=now,
        )
    )
    return effects

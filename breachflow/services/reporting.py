"""Filing a report: the one way a breach enters breachflow (the form, the API, the demo).

`ReportFiler.file` stores the breach, how it came in, its attachments, the start of
`assess-breach`, the reporter's acknowledgement and the security team's alert in one
transaction. Behind it one writer thread files every report waiting at that moment in one
transaction (`models.group_commit`), so fifty reporters at once cost one reference update, one
audit-head update and one insert per table, not fifty of each.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from types import TracebackType
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from breachflow.alerts import reported_alert, top_key
from breachflow.services.processing_register import processing_register_of
from breachflow.services.steps import start_effect
from breachflow.settings import Settings
from models.access import TokenHolder
from models.breaches import create_breaches
from models.group_commit import GroupCommit
from models.outbox import EMAIL_SEND, EffectIn, enqueue_many
from models.reminders import add_threads
from models.sql import insert_rows, row_values
from models.tables import Breach, BreachAttachment, BreachCreate, IntakeReport
from notifiers.base import MailMessage
from rules.facts import facts_to_dict, parse_facts
from rules.lifecycle import Step
from rules.processing_register import ProcessingRegister
from rules.roles import Parties
from rules.scopes import parties_affected

# Who sets awareness until the DPO confirms it.
INTAKE = "intake"


@dataclass(frozen=True)
class ReportIn:
    """A validated report: from the form, the API or the demo."""

    reporter_name: str
    reporter_email: str | None
    reporter_phone: str | None
    description: str
    detected_at: datetime
    occurred_from: datetime | None
    occurred_to: datetime | None
    activities: tuple[str, ...] | None  # None: the reporter does not know
    facts: Mapping[str, Any]  # the `breach` object of the cases format
    language: str | None
    channel: str  # form | api | security | demo
    answers: Mapping[str, Any] = field(default_factory=dict)  # answers without a facts field


@dataclass(frozen=True)
class Reporter:
    """Who files: a client or the security team through a token, or breachflow itself (demo)."""

    actor: str
    token_id: uuid.UUID | None = None
    client_id: uuid.UUID | None = None
    client_code: str | None = None
    client_name: str | None = None

    @classmethod
    def holding(cls, holder: TokenHolder) -> Reporter:
        return cls(
            actor=f"token:{holder.token_id}",
            token_id=holder.token_id,
            client_id=holder.client_id,
            client_code=holder.client_code,
            client_name=holder.client_name,
        )


@dataclass(frozen=True)
class StoredUpload:
    """An attachment written under data_dir/attachments: staged under a temporary name until
    the report commits, then moved to `stored_name` (`intake.attachments.StagedUploads`)."""

    filename: str
    mime_type: str
    size_bytes: int
    sha256: str
    stored_name: str


AckBuilder = Callable[[Breach, ReportIn], MailMessage]


def derive_activities(named: Sequence[str] | None) -> list[str]:
    """The affected activities the report names. None named (the reporter did not know):
    none are tied to the breach; the assessment takes the reporting client's activities as the
    worst case, and says so, until the DPO names the affected ones at review
    (`rules.scopes.affected_activities`)."""
    return list(dict.fromkeys(named or ()))


@dataclass(frozen=True)
class _Prepared:
    """Everything about one report but its reference, which the writer allocates."""

    breach_in: BreachCreate
    reporter: Reporter
    report: ReportIn
    uploads: Sequence[StoredUpload]
    ack: AckBuilder | None
    received_at: datetime
    parties: Parties  # whose data, for the security team's first message


def _prepare(
    register: ProcessingRegister,
    reporter: Reporter,
    report: ReportIn,
    uploads: Sequence[StoredUpload],
    ack: AckBuilder | None,
    now: datetime,
) -> _Prepared:
    parsed = parse_facts(report.facts)  # FactsError names the field
    activities = derive_activities(report.activities)
    # Awareness: until the DPO confirms it, the time the report was received
    # (examples/cases/README.md).
    aware_at = parsed.aware_at or now
    contact = ", ".join(v for v in (report.reporter_email, report.reporter_phone) if v) or None
    breach_in = BreachCreate(
        reporter=report.reporter_name,
        reporter_contact=contact,
        channel=report.channel,
        client_id=reporter.client_id,
        occurred_from=report.occurred_from,
        occurred_to=report.occurred_to,
        detected_at=report.detected_at,
        aware_at=aware_at,
        aware_set_by=INTAKE,
        description=report.description,
        facts=facts_to_dict(replace(parsed, aware_at=aware_at)),
        affected_activity_ids=activities,
        language=report.language,
    )
    parties = parties_affected(parsed, register, activities, reporter.client_code)
    return _Prepared(breach_in, reporter, report, tuple(uploads), ack, now, parties)


class ReportFiler:
    """Files reports through one writer thread per filer (see the module docstring). Use one
    per process for as long as it takes reports; `close` writes what is queued first."""

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        *,
        register: Callable[[], ProcessingRegister] | None = None,
        max_batch: int = 64,
    ) -> None:
        self.settings = settings
        self._register = register or (lambda: processing_register_of(settings))
        self._writer: GroupCommit[_Prepared, Breach] = GroupCommit(
            engine, self._store, max_batch=max_batch, name="report-writer"
        )

    def file(
        self,
        report: ReportIn,
        *,
        reporter: Reporter,
        now: datetime,
        uploads: Sequence[StoredUpload] = (),
        ack: AckBuilder | None = None,
    ) -> Breach:
        """Store the report; returns the breach once it is committed."""
        prepared = _prepare(self._register(), reporter, report, uploads, ack, now)
        return self._writer.submit(prepared)

    async def file_async(
        self,
        report: ReportIn,
        *,
        reporter: Reporter,
        now: datetime,
        uploads: Sequence[StoredUpload] = (),
        ack: AckBuilder | None = None,
    ) -> Breach:
        """`file` for a coroutine: no worker thread waits for the commit."""
        prepared = _prepare(self._register(), reporter, report, uploads, ack, now)
        return await self._writer.submit_async(prepared)

    def close(self) -> None:
        self._writer.close()

    def __enter__(self) -> ReportFiler:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _store(self, session: Session, batch: Sequence[_Prepared]) -> list[Breach]:
        breaches = create_breaches(
            session=session,
            items=[(p.breach_in, p.reporter.actor, p.received_at) for p in batch],
        )
        pairs = list(zip(batch, breaches, strict=True))
        insert_rows(session=session, table=IntakeReport, rows=[_intake(p, b) for p, b in pairs])
        insert_rows(
            session=session,
            table=BreachAttachment,
            rows=[row_values(a) for p, b in pairs for a in _attachments(p, b)],
        )
        effects = [effect for p, b in pairs for effect in self._effects(p, b)]
        enqueue_many(session=session, effects=effects, now=batch[-1].received_at)
        add_threads(
            session=session, threads=[(b.id, top_key(b.reference), b.created_at) for b in breaches]
        )
        return breaches

    def _effects(self, prepared: _Prepared, breach: Breach) -> list[EffectIn]:
        """The start of `assess-breach`, the acknowledgement (with SMTP) and the alert."""
        now = prepared.received_at
        effects = [start_effect(breach.id, Step.ASSESS, "1", now)]
        if prepared.ack is not None and self.settings.smtp_url is not None:
            message = prepared.ack(breach, prepared.report)
            effects.append(
                EffectIn(message.key, EMAIL_SEND, message.to_payload(), breach.id, created_at=now)
            )
        effects.append(
            reported_alert(
                self.settings,
                breach,
                parties=prepared.parties,
                now=now,
                queued_before=len(effects),
            )
        )
        return effects


def _intake(prepared: _Prepared, breach: Breach) -> dict[str, Any]:
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
        "token_id": prepared.reporter.token_id,
        "language": report.language or "en",
        "answers": answers,
        "created_at": prepared.received_at,
    }


def _attachments(prepared: _Prepared, breach: Breach) -> list[BreachAttachment]:
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

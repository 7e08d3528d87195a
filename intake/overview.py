"""The DPO's overview (security-team token only): open breaches by nearest deadline, each with
its obligations, documents, audit timeline and a link to its waiting Prefect decision; and the
register of breaches (Art. 33(5) GDPR) as CSV."""

from __future__ import annotations

import csv
import io
import math
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlmodel import Session

from flows.starter import FLOW_START
from intake.context import context_of
from intake.i18n import BRUSSELS
from intake.web import render, viewer_or_refusal
from models.access import audit_events_for, open_breaches
from models.assessments import latest_assessment
from models.breaches import list_breaches
from models.db import read_scope
from models.decisions import list_decisions
from models.documents import list_documents
from models.obligations import list_obligations
from models.outbox import list_effects
from models.tables import AuditEvent, Breach, Client, Document, Obligation

router = APIRouter(include_in_schema=False)
CLOSED_STATES = ("closed", "withdrawn")
URGENT_HOURS = 24
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class OpenBreach:
    breach: Breach
    client_name: str | None
    nearest_due: datetime | None
    hours_left: int | None
    obligations: list[Obligation]
    documents: list[Document]
    timeline: list[AuditEvent]
    prefect_url: str | None

    @property
    def urgent(self) -> bool:
        return self.hours_left is not None and self.hours_left < URGENT_HOURS


def prefect_ui(settings_api_url: str | None) -> str:
    """The Prefect UI's base URL (the service's convention: the API URL without `/api`)."""
    return (settings_api_url or "http://127.0.0.1:4200/api").rstrip("/").removesuffix("/api")


def _waiting_run(session: Session, breach_id: uuid.UUID) -> str | None:
    """The flow run id of the latest started decision (else of the latest started flow)."""
    started = [
        e
        for e in list_effects(session=session, breach_id=breach_id)
        if e.kind == FLOW_START and (e.result or {}).get("flow_run_id")
    ]
    decisions = [e for e in started if "-decision/" in str(e.payload.get("deployment", ""))]
    chosen = decisions or started
    if not chosen or not chosen[-1].result:
        return None
    return str(chosen[-1].result["flow_run_id"])


def _hours_left(due: datetime | None, now: datetime) -> int | None:
    if due is None:
        return None
    return math.floor((due - now).total_seconds() / 3600)


def open_breach_rows(session: Session, now: datetime, prefect_base: str) -> list[OpenBreach]:
    """Every open breach with what the overview shows, nearest deadline first."""
    rows: list[OpenBreach] = []
    for breach in open_breaches(session=session, closed_states=CLOSED_STATES):
        obligations = list_obligations(session=session, breach_id=breach.id)
        documents = list_documents(session=session, breach_id=breach.id)
        decisions = list_decisions(session=session, breach_id=breach.id)
        due = [o.due_at for o in obligations if o.state == "open" and o.due_at is not None]
        nearest = min(due) if due else None
        entity_ids = [breach.id, *(o.id for o in obligations), *(d.id for d in documents)]
        entity_ids += [d.id for d in decisions]
        client = session.get(Client, breach.client_id) if breach.client_id else None
        run_id = _waiting_run(session, breach.id)
        rows.append(
            OpenBreach(
                breach=breach,
                client_name=client.name if client else None,
                nearest_due=nearest,
                hours_left=_hours_left(nearest, now),
                obligations=obligations,
                documents=documents,
                timeline=audit_events_for(session=session, entity_ids=entity_ids),
                prefect_url=f"{prefect_base}/runs/flow-run/{run_id}" if run_id else None,
            )
        )
    # Nearest deadline first; breaches without one after, newest first among them.
    rows.sort(
        key=lambda r: (
            r.nearest_due is None,
            r.nearest_due or datetime.max.replace(tzinfo=BRUSSELS),
            -r.breach.created_at.timestamp(),
        )
    )
    return rows


@router.get("/overview")
def overview(request: Request) -> Response:
    """The DPO's overview of every open breach."""
    viewer = viewer_or_refusal(request)
    if isinstance(viewer, Response):
        return viewer
    if not viewer.is_security:
        return render(request, "not_found.html", viewer=viewer, status_code=404)
    ctx = context_of(request)
    now = ctx.clock()
    with read_scope(ctx.engine) as session:
        rows = open_breach_rows(session, now, prefect_ui(ctx.settings.prefect_api_url))
    return render(request, "overview.html", viewer=viewer, rows=rows, now=now)


def _cell(value: Any) -> str:
    """One CSV cell; text that a spreadsheet would run as a formula is quoted with `'`."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(BRUSSELS).isoformat()
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    text = str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


REGISTER_COLUMNS = (
    "reference",
    "state",
    "channel",
    "client",
    "reporter",
    "received_at",
    "detected_at",
    "aware_at",
    "aware_gap_reason",
    "occurred_from",
    "occurred_to",
    "description",
    "incident_type",
    "data",
    "subjects_count",
    "subject_categories",
    "activities",
    "risk",
    "override_reason",
    "notify_supervisory_authority",
    "notify_data_subjects",
    "reasons",
    "gba_reference",
    "gba_notified_at",
    "subjects_informed_at",
    "obligations",
    "late_reasons",
)


def register_row(session: Session, breach: Breach) -> list[str]:
    """One breach as a line of the register of breaches (Art. 33(5))."""
    assessment = latest_assessment(session=session, breach_id=breach.id)
    outcome = assessment.outcome if assessment else {}
    documents = list_documents(session=session, breach_id=breach.id)
    obligations = list_obligations(session=session, breach_id=breach.id)
    gba = [d for d in documents if d.kind == "gba_notification" and d.filed_or_sent_at]
    letters = [d for d in documents if d.kind == "subject_letter" and d.filed_or_sent_at]
    client = session.get(Client, breach.client_id) if breach.client_id else None
    facts = breach.facts
    raw_subjects = facts.get("subjects")
    subjects: dict[str, Any] = raw_subjects if isinstance(raw_subjects, dict) else {}
    values: dict[str, Any] = {
        "reference": breach.reference,
        "state": breach.state,
        "channel": breach.channel,
        "client": client.code if client else None,
        "reporter": breach.reporter,
        "received_at": breach.created_at,
        "detected_at": breach.detected_at,
        "aware_at": breach.aware_at,
        "aware_gap_reason": breach.aware_gap_reason,
        "occurred_from": breach.occurred_from,
        "occurred_to": breach.occurred_to,
        "description": breach.description,
        "incident_type": facts.get("incident_type"),
        "data": facts.get("data"),
        "subjects_count": subjects.get("count"),
        "subject_categories": subjects.get("categories"),
        "activities": breach.affected_activity_ids,
        "risk": (assessment.override_outcome or outcome.get("risk")) if assessment else None,
        "override_reason": assessment.override_reason if assessment else None,
        "notify_supervisory_authority": outcome.get("notify_supervisory_authority"),
        "notify_data_subjects": outcome.get("notify_data_subjects"),
        "reasons": [r.get("text", "") for r in outcome.get("reasons", []) if isinstance(r, dict)],
        "gba_reference": gba[-1].external_reference if gba else None,
        "gba_notified_at": gba[0].filed_or_sent_at if gba else None,
        "subjects_informed_at": letters[0].filed_or_sent_at if letters else None,
        "obligations": [f"{o.kind}:{o.party}:{o.state}" for o in obligations],
        "late_reasons": [o.late_reason for o in obligations if o.late_reason],
    }
    return [_cell(values[column]) for column in REGISTER_COLUMNS]


@router.get("/overview/breaches.csv")
def register_csv(request: Request) -> Response:
    """The register of breaches, every breach including closed ones, by reference."""
    viewer = viewer_or_refusal(request)
    if isinstance(viewer, Response):
        return viewer
    if not viewer.is_security:
        return render(request, "not_found.html", viewer=viewer, status_code=404)
    ctx = context_of(request)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(REGISTER_COLUMNS)
    with read_scope(ctx.engine) as session:
        for breach in sorted(
            list_breaches(session=session), key=lambda b: (b.created_at, b.reference)
        ):
            writer.writerow(register_row(session, breach))
    stamp = ctx.clock().astimezone(BRUSSELS).strftime("%Y%m%d-%H%M")
    return Response(
        "\ufeff" + buffer.getvalue(),  # a BOM so spreadsheets read the UTF-8 names right
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="breach-register-{stamp}.csv"'},
    )

"""The DPO's overview (security-team token only): open breaches by nearest deadline, each with
its outcome in force, obligations, documents (linked to `/documents/{id}`), the decisions and
who took them, the audit timeline with every actor by name, and a link to its waiting Prefect
decision; and the register of breaches (Art. 33(5) GDPR) as CSV."""

from __future__ import annotations

import contextlib
import math
import uuid
from dataclasses import dataclass
from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from breachflow.services.breach_register import breach_register
from breachflow.services.linking import LikelyDuplicate, likely_duplicates, link_report
from breachflow.settings import Settings
from documents.breach_register import breach_register_csv
from intake.actors import Named, People
from intake.auth import csrf_ok
from intake.context import context_of
from intake.desk_words import activity_labels, label_of, party_label, system_labels
from intake.export_route import EXPORTERS
from intake.i18n import Translator
from intake.web import page_language, render, viewer_or_refusal
from models.access import audit_events_for, open_breaches
from models.assessments import latest_assessment
from models.breaches import NotFoundError, get_breach_by_reference
from models.db import read_scope
from models.decisions import list_decisions
from models.documents import list_documents
from models.obligations import list_obligations
from models.outbox import FLOW_START, list_effects
from models.tables import AuditEvent, Breach, Client, Document, Obligation
from models.tables import Decision as DecisionRow
from rules.codes import Language
from rules.deadlines import BRUSSELS
from rules.decisions import DecisionRefused
from rules.lifecycle import DECIDED_IN, FINAL, Decision, State, WrongState
from rules.processing_register import ProcessingRegister

router = APIRouter(include_in_schema=False)
URGENT_HOURS = 24


@dataclass(frozen=True)
class Outcome:
    """The outcome in force (`risk`: a `rules.codes.Risk` value) and, overridden, by whom."""

    risk: str
    overridden_by: Named | None


@dataclass(frozen=True)
class OpenBreach:
    breach: Breach
    client_name: str | None
    nearest_due: datetime | None
    hours_left: int | None
    outcome: Outcome | None
    obligations: list[Obligation]
    documents: list[Document]
    decisions: list[tuple[DecisionRow, Named]]
    timeline: list[tuple[AuditEvent, Named]]
    prefect_url: str | None
    duplicates: list[LikelyDuplicate]

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


def _outcome(
    session: Session, breach_id: uuid.UUID, decisions: list[DecisionRow], people: People
) -> Outcome | None:
    """The latest assessment's outcome, the DPO's override first (it stays in force), with
    the author of the review that set it (signed in or as typed)."""
    assessment = latest_assessment(session=session, breach_id=breach_id)
    if assessment is None:
        return None
    if assessment.override_outcome:
        overriding = [
            d
            for d in decisions
            if d.kind == Decision.REVIEW
            and str(d.payload.get("outcome", "")).startswith("override")
        ]
        by = (
            people.of_decision(overriding[-1].decided_by, overriding[-1].decided_by_email)
            if overriding
            else people.of_decision(assessment.decided_by or "", None)
        )
        return Outcome(assessment.override_outcome, by)
    risk = assessment.outcome.get("risk")
    return Outcome(str(risk), None) if risk else None


def _obligation_order(obligation: Obligation) -> tuple[int, float, str, str]:
    """Open duties first by due date, then done, then cancelled."""
    rank = {"open": 0, "done": 1}.get(obligation.state, 2)
    due = obligation.due_at.timestamp() if obligation.due_at else float("inf")
    return rank, due, obligation.kind, obligation.party


def open_breach_rows(
    session: Session, settings: Settings, now: datetime, prefect_base: str
) -> list[OpenBreach]:
    """Every open breach with what the overview shows, nearest deadline first; a report not yet
    reviewed comes with the breaches that may be the same incident."""
    rows: list[OpenBreach] = []
    for breach in open_breaches(session=session, closed_states=[s.value for s in FINAL]):
        obligations = list_obligations(session=session, breach_id=breach.id)
        documents = list_documents(session=session, breach_id=breach.id)
        decisions = list_decisions(session=session, breach_id=breach.id)
        due = [o.due_at for o in obligations if o.state == "open" and o.due_at is not None]
        nearest = min(due) if due else None
        entity_ids = [breach.id, *(o.id for o in obligations), *(d.id for d in documents)]
        entity_ids += [d.id for d in decisions]
        client = session.get(Client, breach.client_id) if breach.client_id else None
        run_id = _waiting_run(session, breach.id)
        events = audit_events_for(session=session, entity_ids=entity_ids)
        people = People(session, [e.actor for e in events])
        rows.append(
            OpenBreach(
                breach=breach,
                client_name=client.name if client else None,
                nearest_due=nearest,
                hours_left=_hours_left(nearest, now),
                outcome=_outcome(session, breach.id, decisions, people),
                obligations=sorted(obligations, key=_obligation_order),
                documents=documents,
                decisions=[
                    (d, people.of_decision(d.decided_by, d.decided_by_email)) for d in decisions
                ],
                timeline=[(e, people.of_actor(e.actor)) for e in events],
                prefect_url=f"{prefect_base}/runs/flow-run/{run_id}" if run_id else None,
                duplicates=(
                    likely_duplicates(session, settings, breach)
                    if State(breach.state) in DECIDED_IN[Decision.LINK]
                    else []
                ),
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
        rows = open_breach_rows(
            session, ctx.settings, now, prefect_ui(ctx.settings.prefect_api_url)
        )
    language = page_language(request, viewer)
    return render(
        request,
        "overview.html",
        viewer=viewer,
        rows=rows,
        now=now,
        may_export=viewer.person is not None and viewer.person.role in EXPORTERS,
        party=lambda code: party_label(ctx.register, code, language),
        doc_label=lambda family, code: label_of(language, family, code),
        activity=lambda code, names=activity_labels(ctx.register, language): names.get(code, code),
        why=lambda duplicate: _why(duplicate, ctx.register, language),
        event_words=lambda event: event_words(event, Translator(language)),
    )


def event_words(event: AuditEvent, t: Translator) -> str:
    """What an audit event did, in words (`event.ENTITY.ACTION`; a change of state by the
    state's own words); an event without words of its own reads as its entity and action."""
    action, _, state = event.action.partition(":")
    if action == "state" and f"state.{state}" in t.messages:
        return t("event.breach.state", state=t(f"state.{state}"))
    key = f"event.{event.entity_type}.{action}"
    if key in t.messages:
        return t(key)
    return f"{event.entity_type} · {event.action}".replace("_", " ")


def _why(duplicate: LikelyDuplicate, register: ProcessingRegister, language: str) -> str:
    """Why a breach may be the same incident, in the page's language, by name."""
    t = Translator(language)
    if duplicate.activities:
        names = activity_labels(register, language)
        listed = "; ".join(names.get(a, a) for a in duplicate.activities)
        return t("overview.same_activities", names=listed)
    systems = system_labels(register, language)
    return t("overview.same_systems", names="; ".join(systems.get(s, s) for s in duplicate.systems))


@router.get("/overview/breaches.csv")
def breach_register_download(request: Request) -> Response:
    """The register of breaches (Art. 33(5)), every breach including closed ones, in the
    page's language."""
    viewer = viewer_or_refusal(request)
    if isinstance(viewer, Response):
        return viewer
    if not viewer.is_security:
        return render(request, "not_found.html", viewer=viewer, status_code=404)
    ctx = context_of(request)
    now = ctx.clock()
    with read_scope(ctx.engine) as session:
        register = breach_register(session, ctx.settings, now)
    content, _ = breach_register_csv(register, Language(page_language(request, viewer)))
    stamp = now.astimezone(BRUSSELS).strftime("%Y%m%d-%H%M")
    return Response(
        content,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="breach-register-{stamp}.csv"'},
    )


@router.post("/overview/link")
async def link(request: Request) -> Response:
    """Link a report into the breach of the same incident (the security team's session)."""
    viewer = viewer_or_refusal(request)
    if isinstance(viewer, Response):
        return viewer
    if not viewer.is_security:
        return render(request, "not_found.html", viewer=viewer, status_code=404)
    if viewer.person is not None and viewer.person.role != "dpo":
        return render(request, "not_found.html", viewer=viewer, status_code=403)
    form = await request.form()
    if not csrf_ok(viewer, str(form.get("csrf_token") or "")):
        return render(request, "not_found.html", viewer=viewer, status_code=403)
    ctx = context_of(request)
    with read_scope(ctx.engine) as session:
        try:
            report = get_breach_by_reference(session=session, reference=str(form.get("report")))
            into = get_breach_by_reference(session=session, reference=str(form.get("into")))
        except NotFoundError:
            return render(request, "not_found.html", viewer=viewer, status_code=404)
    # Linked meanwhile, or reviewed: the overview shows where it stands.
    with contextlib.suppress(DecisionRefused, WrongState):
        await run_in_threadpool(
            link_report,
            engine=ctx.engine,
            settings=ctx.settings,
            report_id=report.id,
            into_id=into.id,
            decided_by=(
                viewer.person.name if viewer.person else f"security team (token {viewer.token_id})"
            ),
            decided_by_email=viewer.person.email if viewer.person else None,
            now=ctx.clock(),
        )
    return RedirectResponse(f"/overview#breach-{into.reference}", status_code=303)

"""The decisions as JSON, for people with a personal API token (`breachflow user token`):
`GET /api/decisions`, `GET /api/decisions/{id}` (the briefing, the form's fields with labels
and choices in the person's language, and `defaults`: a valid submission taking the
recommended course) and `POST /api/decisions/{id}` (201, or 422 with every problem at once).
A client's token gets 404 here, as for anything that does not exist."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, Path, status
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from breachflow.services.people import Person
from intake.api import ERRORS, Problems
from intake.context import IntakeContext, request_context
from intake.deciding import decide, defaults
from intake.decision_forms import FORMS, read_instant
from intake.desk import Waiting, briefing_of, find_waiting, waiting_decisions
from intake.desk_words import activity_labels, measure_labels
from intake.i18n import Translator
from intake.people import current_user
from models.db import read_scope
from rules.deadlines import BRUSSELS
from rules.processing_register import ProcessingRegister

router = APIRouter(prefix="/api", tags=["decisions"])
Context = Annotated[IntakeContext, Depends(request_context)]
User = Annotated[Person, Depends(current_user)]
DecisionId = Annotated[
    str,
    Path(
        pattern=r"^BR-\d{4}-\d{4,}\.(review|approval|filing|part2|closing)\.\d{1,4}$", max_length=40
    ),
]
DECISION_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    403: {"description": "Your role may read this decision, not take it"},
    404: {"description": "No such waiting decision (taken meanwhile), or a client's token"},
}


class DecisionRow(BaseModel):
    id: str
    reference: str
    kind: str
    state: str
    deadline: str | None
    waiting_since: str
    may_decide: bool
    url: str


class DecisionList(BaseModel):
    data: list[DecisionRow]
    count: int


class Recorded(BaseModel):
    id: str
    reference: str
    kind: str
    recorded: bool
    decided_by: str


def _row(w: Waiting, public_url: str) -> DecisionRow:
    return DecisionRow(
        id=w.id,
        reference=w.reference,
        kind=w.kind.value,
        state=w.state,
        deadline=w.deadline.isoformat() if w.deadline else None,
        waiting_since=w.waiting_since.isoformat(),
        may_decide=w.may_decide,
        url=f"{public_url.rstrip('/')}/decisions/{w.id}",
    )


@router.get(
    "/decisions",
    response_model=DecisionList,
    responses=DECISION_ERRORS,
    summary="Waiting decisions",
)
def list_decisions_api(person: User, ctx: Context) -> DecisionList:
    """Every waiting decision (`may_decide`: yours to take), yours first, nearest deadline."""
    with read_scope(ctx.engine) as session:
        rows = [
            _row(w, ctx.settings.public_url)
            for w in waiting_decisions(session, person, ctx.register)
        ]
    return DecisionList(data=rows, count=len(rows))


def _fields(kind: Any, language: str, register: ProcessingRegister) -> list[dict[str, Any]]:
    t = Translator(language)
    measures = measure_labels(language)
    activities = activity_labels(register, language)
    fields = []
    for spec in FORMS[kind]:
        if spec.widget == "activities":
            choices = [{"value": a, "label": label} for a, label in activities.items()]
        elif spec.widget == "multi":
            choices = [{"value": c, "label": measures[c]} for c in spec.choices]
        else:
            choices = [{"value": c, "label": t(f"decide.c.{spec.name}.{c}")} for c in spec.choices]
        fields.append(
            {
                "name": spec.name,
                "type": {
                    "round": "integer",
                    "multi": "list",
                    "activities": "list",
                    "bool": "boolean",
                }.get(spec.widget, spec.widget),
                "label": t(f"decide.f.{spec.name}") if spec.widget != "round" else "round",
                "required": spec.required,
                "choices": choices,
            }
        )
    return fields


def _found(ctx: IntakeContext, ident: str, person: Person) -> tuple[Waiting, Any]:
    with read_scope(ctx.engine) as session:
        found = find_waiting(session, ident, person, ctx.register)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="no such waiting decision")
    return found


@router.get("/decisions/{ident}", responses=DECISION_ERRORS, summary="One waiting decision")
def get_decision(ident: DecisionId, person: User, ctx: Context) -> dict[str, Any]:
    waiting, breach = _found(ctx, ident, person)
    now = ctx.clock()
    with read_scope(ctx.engine) as session:
        brief = briefing_of(session, breach, now)
    given = defaults(waiting.kind, breach, brief.round, now)
    for spec in FORMS[waiting.kind]:
        if spec.widget == "datetime":
            instant = read_instant(given[spec.name])
            assert not isinstance(instant, str)
            given[spec.name] = instant.astimezone(BRUSSELS).isoformat()
    briefing = asdict(brief)
    for key in ("aware_at", "detected_at"):
        briefing[key] = briefing[key].isoformat() if briefing[key] else None
    for deadline in briefing["deadlines"]:
        deadline["due_at"] = deadline["due_at"].isoformat() if deadline["due_at"] else None
    for draft in briefing["drafts"]:
        draft["id"] = str(draft["id"])
        draft["url"] = f"{ctx.settings.public_url.rstrip('/')}/documents/{draft['id']}"
    return {
        **_row(waiting, ctx.settings.public_url).model_dump(),
        "briefing": briefing,
        "fields": _fields(waiting.kind, person.language, ctx.register),
        "defaults": given,
    }


@router.post(
    "/decisions/{ident}",
    status_code=status.HTTP_201_CREATED,
    response_model=Recorded,
    responses={**DECISION_ERRORS, 422: {"model": Problems, "description": "Every problem"}},
    summary="Take a waiting decision",
)
async def post_decision(
    ident: DecisionId,
    person: User,
    ctx: Context,
    body: Annotated[dict[str, Any], Body(description="The form's fields (see GET)")],
) -> Recorded:
    waiting, breach = await run_in_threadpool(_found, ctx, ident, person)
    if not waiting.may_decide:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="your role may not take this")

    problems = await run_in_threadpool(
        lambda: decide(
            engine=ctx.engine,
            settings=ctx.settings,
            person=person,
            kind=waiting.kind,
            breach=breach,
            raw=body,
            now=ctx.clock(),
        )
    )
    if problems:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail=[{"field": p.field, "message": p.message} for p in problems],
        )
    return Recorded(
        id=waiting.id,
        reference=waiting.reference,
        kind=waiting.kind.value,
        recorded=True,
        decided_by=person.name,
    )

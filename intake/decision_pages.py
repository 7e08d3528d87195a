"""The DPO's decision pages: `/decisions` (what waits, nearest deadline first) and
`/decisions/{id}` (the briefing and the form; submitting records the decision in the signed-in
person's name). Server-rendered, no script; a page that waits for the next step refreshes
itself (`/decisions/after/{reference}`) until the next decision is ready.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from breachflow.services.people import Person
from breachflow.services.steps import filing_recorded
from intake.context import context_of
from intake.deciding import decide, defaults
from intake.decision_forms import FORMS, FieldSpec
from intake.desk import Waiting, briefing_of, find_waiting, waiting_decisions
from intake.desk_words import (
    activity_labels,
    facts_in_words,
    label_of,
    measure_labels,
    party_label,
    statements,
)
from intake.i18n import Translator
from intake.people import csrf_valid, page_language_of, render_for, signed_in, to_login
from intake.strict_form import read_form
from models.breaches import NotFoundError, get_breach_by_reference
from models.db import read_scope
from rules.decisions import Problem
from rules.lifecycle import State

router = APIRouter(include_in_schema=False)
# How long the page after a decision waits for the next one before sending to the list.
NEXT_WAIT = timedelta(seconds=60)


@router.get("/decisions")
def decision_list(request: Request) -> Response:
    person = signed_in(request)
    if person is None:
        return to_login(request)
    ctx = context_of(request)
    with read_scope(ctx.engine) as session:
        rows = waiting_decisions(session, person, ctx.register)
    return render_for(request, "decisions.html", person, rows=rows, now=ctx.clock())


def _form_values(form: FormData) -> dict[str, Any]:
    """A posted decision form as the fields' raw values (lists for multiple choices)."""
    values: dict[str, Any] = {}
    for key in form:
        items = form.getlist(key)
        values[key] = [str(i) for i in items] if len(items) > 1 else str(items[0])
    return values


def _as_entered(specs: tuple[FieldSpec, ...], values: dict[str, Any]) -> dict[str, Any]:
    """What the form shows again: multiple choices as lists, checkboxes as ticked or not."""
    shown = dict(values)
    for spec in specs:
        raw = values.get(spec.name)
        if spec.widget in ("multi", "activities"):
            shown[spec.name] = raw if isinstance(raw, list) else ([raw] if raw else [])
        elif spec.widget == "bool":
            shown[spec.name] = raw in (True, "on", "true")
        elif raw is None:
            shown[spec.name] = ""
    return shown


def _page(
    request: Request,
    person: Person,
    waiting: Waiting,
    *,
    values: dict[str, Any] | None = None,
    problems: list[Problem] | None = None,
    status_code: int = 200,
) -> Response:
    ctx = context_of(request)
    now = ctx.clock()
    language = page_language_of(request, person)
    words = Translator(language)
    with read_scope(ctx.engine) as session:
        breach = get_breach_by_reference(session=session, reference=waiting.reference)
        brief = briefing_of(session, breach, now)
    specs = FORMS[waiting.kind]
    shown = _as_entered(
        specs, values if values is not None else defaults(waiting.kind, breach, brief.round, now)
    )
    errors: dict[str, list[str]] = {}
    for problem in problems or []:
        errors.setdefault(problem.field, []).append(problem.message)
    return render_for(
        request,
        "decision.html",
        person,
        status_code=status_code,
        waiting=waiting,
        brief=brief,
        specs=specs,
        values=shown,
        errors=errors,
        field_names={s.name for s in specs},
        facts=facts_in_words(brief.facts, language, _words(words)),
        reasons=statements(brief.reason_codes, language),
        assumptions=statements(brief.assumption_codes, language),
        measures=measure_labels(language),
        activities=activity_labels(ctx.register, language),
        doc_label=lambda family, code: label_of(language, family, code),
        party=lambda code: party_label(ctx.register, code, language),
        now=now,
    )


def _words(t: Translator) -> dict[str, str]:
    """The words `facts_in_words` needs, in the page's language."""
    words = {"unknown": t("decide.unknown"), "yes": t("yes"), "no": t("no")}
    for key in t.messages:
        if key.startswith("decide.fact."):
            words[key.removeprefix("decide.")] = t(key)
    return words


@router.get("/decisions/{ident}")
def decision_page(ident: str, request: Request) -> Response:
    person = signed_in(request)
    if person is None:
        return to_login(request)
    ctx = context_of(request)
    with read_scope(ctx.engine) as session:
        found = find_waiting(session, ident[:60], person, ctx.register)
    if found is None:
        return render_for(request, "decision_gone.html", person, status_code=404)
    return _page(request, person, found[0])


@router.post("/decisions/{ident}")
async def decision_submit(ident: str, request: Request) -> Response:
    ctx = context_of(request)
    person = await run_in_threadpool(signed_in, request)
    if person is None:
        return to_login(request)
    form, undecodable = await read_form(request, max_files=0, max_fields=100)
    values = _form_values(form)
    with read_scope(ctx.engine) as session:
        found = find_waiting(session, ident[:60], person, ctx.register)
    if found is None:
        return render_for(request, "decision_gone.html", person, status_code=404)
    waiting, breach = found
    if not csrf_valid(request, form.get("csrf_token")):
        return _page(
            request,
            person,
            waiting,
            values=values,
            problems=[Problem("csrf", "")],
            status_code=403,
        )
    if not waiting.may_decide:
        return _page(
            request,
            person,
            waiting,
            values=values,
            problems=[Problem("role", "")],
            status_code=403,
        )
    values.pop("csrf_token", None)
    problems = [Problem(name, "not valid text (UTF-8)") for name in undecodable]
    if not problems:
        problems = await run_in_threadpool(
            lambda: decide(
                engine=ctx.engine,
                settings=ctx.settings,
                person=person,
                kind=waiting.kind,
                breach=breach,
                raw=values,
                now=ctx.clock(),
            )
        )
    if problems:
        return _page(request, person, waiting, values=values, problems=problems, status_code=422)
    return RedirectResponse(f"/decisions/after/{waiting.reference}", status_code=303)


# States a breach passes through on its own between two decisions (a step runs in the worker);
# `approved` too once its filing is recorded (`record-filing` applies it).
_MOVING = frozenset({State.RECEIVED, State.DRAFTING})


@router.get("/decisions/after/{reference}")
def after_decision(reference: str, request: Request) -> Response:
    """The breach's next decision page once it waits (a page that refreshes itself every second
    meanwhile); the list when nothing more waits for this person."""
    person = signed_in(request)
    if person is None:
        return to_login(request)
    ctx = context_of(request)
    now = ctx.clock()
    with read_scope(ctx.engine) as session:
        try:
            breach = get_breach_by_reference(session=session, reference=reference[:40])
        except NotFoundError:
            return RedirectResponse("/decisions", status_code=303)
        waiting = next(
            (
                w
                for w in waiting_decisions(session, person, ctx.register)
                if w.breach_id == breach.id
            ),
            None,
        )
        state = State(breach.state)
        moving = state in _MOVING or (
            state is State.APPROVED and filing_recorded(session, breach.id)
        )
    if waiting is not None and waiting.may_decide:
        return RedirectResponse(f"/decisions/{waiting.id}", status_code=303)
    if moving and now - breach.updated_at < NEXT_WAIT:
        return render_for(request, "decision_next.html", person, reference=breach.reference)
    return RedirectResponse("/decisions", status_code=303)

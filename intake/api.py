"""The JSON API: `POST/GET /api/breaches`, `GET /api/breaches/{ref}`, `POST .../facts`.

Authentication is `Authorization: Bearer TOKEN`; a breach the token may not see is 404, like
one that does not exist. Invalid input is 422 with `{"detail": [{"field", "message"}, ...]}`.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from breachflow.services import add_facts, reporting
from intake.acknowledgement import ack_builder, status_page_url
from intake.auth import Viewer, admit, reporter_of
from intake.context import IntakeContext, client_address, context_of, request_context
from intake.desk import people_view
from intake.validation import (
    EMAIL,
    FieldProblem,
    InvalidInput,
    check_facts,
    check_instant,
    check_times,
    clean_text,
)
from intake.visibility import SECURITY, breach_view, client_breaches, relation_to, view_json
from models.breaches import NotFoundError, get_breach_by_reference, list_breaches
from models.db import is_sqlite, read_scope
from rules.facts import BreachFacts
from rules.processing_register import ProcessingRegister

router = APIRouter(prefix="/api", tags=["breaches"])
bearer = HTTPBearer(auto_error=False, description="A token from `breachflow token`.")

Text = Annotated[str, AfterValidator(clean_text)]
Name = Annotated[Text, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Email = Annotated[
    Text, StringConstraints(strip_whitespace=True, max_length=254, pattern=EMAIL.pattern)
]
Phone = Annotated[Text, StringConstraints(strip_whitespace=True, max_length=50)]
Description = Annotated[
    Text, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)
]
Instant = Annotated[AwareDatetime, AfterValidator(check_instant)]
ActivityId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=100)]
REFERENCE = r"^BR-\d{4}-\d{4,}$"


class Reporter(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Name
    email: Email
    phone: Phone | None = None


class BreachReport(BaseModel):
    """A new report. `breach` holds any part of the facts (the breach-facts format of
    examples/cases/README.md); missing facts are `unknown`. A client token files it as that
    client's report."""

    model_config = ConfigDict(extra="forbid")
    reporter: Reporter
    description: Description
    detected_at: Instant
    occurred_from: Instant | None = None
    occurred_to: Instant | None = None
    activities: Annotated[list[ActivityId], Field(max_length=50)] | None = None
    breach: dict[str, Any] = Field(default_factory=dict)
    language: Literal["nl", "fr", "de", "en"] | None = None


class FactsUpdate(BaseModel):
    """New facts: merged over the known ones (`subjects` field by field)."""

    model_config = ConfigDict(extra="forbid")
    breach: dict[str, Any] = Field(min_length=1)


class Created(BaseModel):
    reference: str
    state: str
    received_at: str
    activities: list[str]
    status_url: str


class BreachList(BaseModel):
    data: list[dict[str, Any]]
    count: int


class Problem(BaseModel):
    field: str
    message: str


class Problems(BaseModel):
    detail: list[Problem]


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Missing, unknown or revoked token"},
    404: {"description": "No such breach, or not one this token may see"},
    422: {"model": Problems, "description": "Invalid input; each problem names its field"},
    429: {"description": "Too many requests for this token, or wrong tokens from this address"},
    507: {"description": "The server's storage is full: nothing was stored"},
}


async def api_viewer(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Viewer:
    """The token's holder, or 401; 429 for too many requests on the token, or too many wrong
    tokens from the client's address (`intake.auth.admit`).

    On SQLite the lookup runs on the event loop: one indexed read of a local file (readers
    never wait for the writer in WAL mode) costs less than the hop to a worker thread and back.
    A database server is asked from a worker thread."""
    ctx = context_of(request)
    token = credentials.credentials if credentials else None
    check = partial(
        admit,
        ctx.engine,
        token,
        address=client_address(request),
        failures=ctx.auth_failures,
        limiter=ctx.limiter,
        people=True,
    )
    admitted = check() if is_sqlite(ctx.engine) else await run_in_threadpool(check)
    if isinstance(admitted, Viewer):
        return admitted
    if admitted.status == status.HTTP_401_UNAUTHORIZED:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="missing, unknown or revoked token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    raise HTTPException(
        status.HTTP_429_TOO_MANY_REQUESTS,
        detail="too many requests",
        headers={"Retry-After": str(admitted.retry_after or 60)},
    )


ApiViewer = Annotated[Viewer, Depends(api_viewer)]
Context = Annotated[IntakeContext, Depends(request_context)]
Reference = Annotated[str, Path(pattern=REFERENCE, max_length=20)]


def check_activities(
    register: ProcessingRegister, viewer: Viewer, named: list[str] | None, facts: BreachFacts
) -> None:
    """Named activities, and those the facts' scopes name, must exist; a client may name only
    its own."""
    own = (
        None
        if viewer.is_security
        else {a.id for a in register.activities_for_client(viewer.client_code or "")}
    )
    places = [(f"activities[{i}]", name) for i, name in enumerate(named or [])]
    places += [(f"breach.scopes[{i}].activity", s.activity) for i, s in enumerate(facts.scopes)]
    problems = [
        FieldProblem(field, "activity", f"{name!r} is not one of your activities")
        for field, name in places
        if name not in register.activities or (own is not None and name not in own)
    ]
    if problems:
        raise InvalidInput(problems)


@router.post(
    "/breaches",
    status_code=status.HTTP_201_CREATED,
    response_model=Created,
    responses=ERRORS,
    summary="Report a breach",
)
async def post_breach(body: BreachReport, viewer: ApiViewer, ctx: Context) -> Created:
    """Checks run on the event loop (no I/O); the report then waits for the writer thread's
    commit without holding a worker thread (`ReportFiler.file_async`)."""
    if not viewer.may_report:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="your role does not report breaches")
    now = ctx.clock()
    register = ctx.register
    facts = check_facts(body.breach)
    problems = check_times(
        detected_at=body.detected_at,
        occurred_from=body.occurred_from,
        occurred_to=body.occurred_to,
        aware_at=facts.aware_at,
        now=now,
    )
    if problems:
        raise InvalidInput(problems)
    check_activities(register, viewer, body.activities, facts)
    report = reporting.ReportIn(
        reporter_name=body.reporter.name,
        reporter_email=body.reporter.email,
        reporter_phone=body.reporter.phone or None,
        description=body.description,
        detected_at=body.detected_at,
        occurred_from=body.occurred_from,
        occurred_to=body.occurred_to,
        activities=tuple(body.activities) if body.activities is not None else None,
        facts=dict(body.breach),
        language=body.language or viewer.client_language or "en",
        channel="security" if viewer.is_security else "api",
    )
    breach = await ctx.filer.file_async(
        report,
        reporter=reporter_of(viewer),
        now=now,
        ack=ack_builder(ctx.templates, ctx.settings.public_url),
    )
    return Created(
        reference=breach.reference,
        state=breach.state,
        received_at=breach.created_at.isoformat(),
        activities=list(breach.affected_activity_ids),
        status_url=status_page_url(ctx.settings.public_url, breach.reference),
    )


@router.get(
    "/breaches", response_model=BreachList, responses=ERRORS, summary="Breaches you may see"
)
def get_breaches(viewer: ApiViewer, ctx: Context) -> BreachList:
    register = ctx.register
    with read_scope(ctx.engine) as session:
        if viewer.is_security:
            pairs = [(b, SECURITY) for b in list_breaches(session=session)]
        else:
            found = client_breaches(session, viewer, register)
            pairs = [(b, "reporter" if mine else "controller") for b, mine in found]
        data = [view_json(breach_view(session, viewer, b, register, rel)) for b, rel in pairs]
    return BreachList(data=data, count=len(data))


@router.get("/breaches/{ref}", responses=ERRORS, summary="One breach")
def get_one(ref: Reference, viewer: ApiViewer, ctx: Context) -> dict[str, Any]:
    register = ctx.register
    with read_scope(ctx.engine) as session:
        try:
            breach = get_breach_by_reference(session=session, reference=ref)
        except NotFoundError:
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail="no such breach") from None
        relation = relation_to(session, viewer, breach, register)
        if relation is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail="no such breach")
        data = view_json(breach_view(session, viewer, breach, register, relation))
        if viewer.person is not None:  # people see who decided what, and every document
            data.update(people_view(session, breach.id, ctx.settings.public_url))
        return data


@router.post("/breaches/{ref}/facts", responses=ERRORS, summary="Add facts")
def post_facts(
    ref: Reference, body: FactsUpdate, viewer: ApiViewer, ctx: Context
) -> dict[str, Any]:
    """Before filing the pending review is updated; after filing a follow-up notification
    starts. Only the reporter and the security team may add facts."""
    register = ctx.register
    with read_scope(ctx.engine) as session:
        try:
            breach = get_breach_by_reference(session=session, reference=ref)
        except NotFoundError:
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail="no such breach") from None
        relation = relation_to(session, viewer, breach, register)
    if relation is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="no such breach")
    if relation not in ("reporter", SECURITY) or not viewer.may_report:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="only the reporter adds facts")
    facts = check_facts(body.breach)
    now = ctx.clock()
    if problems := check_times(aware_at=facts.aware_at, now=now):
        raise InvalidInput(problems)
    check_activities(register, viewer, None, facts)
    try:
        add_facts(
            engine=ctx.engine,
            settings=ctx.settings,
            breach_id=breach.id,
            facts_update=body.breach,
            actor=viewer.actor,
            now=now,
        )
    except ValueError as exc:  # the merged facts are inconsistent
        raise InvalidInput([FieldProblem("breach", "invalid", str(exc))]) from exc
    with read_scope(ctx.engine) as session:
        fresh = get_breach_by_reference(session=session, reference=ref)
        return view_json(breach_view(session, viewer, fresh, register, relation))

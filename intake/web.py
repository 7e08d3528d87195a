"""The web pages: the token link, the report form, the acknowledgement, status pages and the
reporter's list of reports. Server-rendered HTML, no script; every page in the reporter's
language (`?lang=xx` switches it and remembers the choice in a cookie)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from breachflow.services.reporting import Reporter, StoredUpload
from intake.acknowledgement import ack_builder
from intake.attachments import StagedUploads, Upload, mime_type_of
from intake.auth import (
    LANGUAGE_COOKIE,
    SESSION_COOKIE,
    Refused,
    Viewer,
    admit,
    csrf_ok,
    person_viewer,
)
from intake.context import IntakeContext, client_address, context_of
from intake.form import (
    DATA_CHOICES,
    DISCLOSURES,
    GROUPS,
    INCIDENT_TYPES,
    FormOutcome,
    parse_report_form,
)
from intake.i18n import LANGUAGES, Translator, choose_language
from intake.people import session_token, signed_in
from intake.strict_form import read_form
from intake.visibility import (
    REPORTER,
    SECURITY,
    BreachView,
    breach_view,
    client_breaches,
    relation_to,
)
from models.breaches import NotFoundError, get_breach_by_reference, list_breaches
from models.db import is_storage_full, read_scope
from rules.codes import Language

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)
MB = 1024 * 1024


def page_language(request: Request, viewer: Viewer | None) -> str:
    """The switch (`?lang=`), the remembered choice, the client's language, the browser's."""
    chosen = request.query_params.get("lang") or request.cookies.get(LANGUAGE_COOKIE)
    return choose_language(
        chosen=chosen,
        client_language=viewer.client_language if viewer else None,
        accept_language=request.headers.get("accept-language"),
    )


def render(
    request: Request,
    template: str,
    *,
    viewer: Viewer | None,
    status_code: int = 200,
    **values: Any,
) -> HTMLResponse:
    """A page in the viewer's language; remembers a language switch."""
    ctx = context_of(request)
    language = page_language(request, viewer)
    html = ctx.templates.get_template(template).render(
        t=Translator(language),
        lang=language,
        languages=LANGUAGES,
        viewer=viewer,
        path=request.url.path,
        **values,
    )
    response = HTMLResponse(html, status_code=status_code)
    switched = request.query_params.get("lang")
    if switched in LANGUAGES:
        response.set_cookie(
            LANGUAGE_COOKIE,
            switched,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="lax",
            secure=ctx.secure_cookies,
        )
    return response


def refusal_page(request: Request, refused: Refused) -> HTMLResponse:
    """The page that says access is needed (401) or to wait (429, with Retry-After)."""
    wait = refused.retry_after if refused.guessing else None
    response = render(
        request, "auth.html", viewer=None, status_code=refused.status, wait_seconds=wait
    )
    if refused.retry_after is not None:
        response.headers["Retry-After"] = str(refused.retry_after)
    return response


def viewer_or_refusal(request: Request) -> Viewer | HTMLResponse:
    """The session's viewer (a signed-in person first, else the token link's session), or the
    page that says access is needed (401) or to wait (429)."""
    ctx = context_of(request)
    person = signed_in(request)
    token = session_token(request)
    if person is not None and token is not None:
        return person_viewer(person, token)
    admitted = admit(
        ctx.engine,
        request.cookies.get(SESSION_COOKIE),
        address=client_address(request),
        failures=ctx.auth_failures,
        limiter=ctx.limiter,
    )
    return admitted if isinstance(admitted, Viewer) else refusal_page(request, admitted)


@router.get("/r/{token}")
def open_link(token: str, request: Request) -> Response:
    """The token link: set the session cookie and move to a URL without the token."""
    ctx = context_of(request)
    admitted = admit(ctx.engine, token, address=client_address(request), failures=ctx.auth_failures)
    if not isinstance(admitted, Viewer):
        response: Response = refusal_page(request, admitted)
        response.delete_cookie(SESSION_COOKIE)
        return response
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        SESSION_COOKIE, token, httponly=True, samesite="lax", secure=ctx.secure_cookies, path="/"
    )
    return response


@router.get("/")
def home(request: Request) -> Response:
    """The reports this token may see, newest first."""
    viewer = viewer_or_refusal(request)
    if isinstance(viewer, Response):
        return viewer
    ctx = context_of(request)
    with read_scope(ctx.engine) as session:
        if viewer.is_security:
            rows = [(b, SECURITY) for b in list_breaches(session=session, limit=200)]
        else:
            found = client_breaches(session, viewer, ctx.register)
            rows = [(b, REPORTER if mine else "controller") for b, mine in found]
    return render(request, "home.html", viewer=viewer, rows=rows)


def _form_page(
    request: Request,
    viewer: Viewer,
    outcome: FormOutcome | None,
    *,
    status_code: int = 200,
    banner: str | None = None,
) -> HTMLResponse:
    limits = context_of(request).limits
    return render(
        request,
        "form.html",
        viewer=viewer,
        status_code=status_code,
        values=outcome.values if outcome else {},
        errors=outcome.errors if outcome else {},
        banner=banner,
        data_choices=list(DATA_CHOICES),
        groups=GROUPS,
        incident_types=INCIDENT_TYPES,
        disclosures=DISCLOSURES,
        max_files=limits.max_attachments,
        max_mb=max(1, limits.max_attachment_bytes // MB),
    )


@router.get("/report")
def report_form(request: Request) -> Response:
    """The empty form."""
    viewer = viewer_or_refusal(request)
    if isinstance(viewer, Response):
        return viewer
    return _form_page(request, viewer, None)


async def _uploads(
    ctx: IntakeContext, form: FormData
) -> tuple[list[Upload], dict[str, tuple[str, dict[str, Any]]]]:
    """The attached files, checked for count, size and type."""
    files = [f for f in form.getlist("attachments") if isinstance(f, UploadFile) and f.filename]
    limits = ctx.limits
    max_mb = max(1, limits.max_attachment_bytes // MB)
    if len(files) > limits.max_attachments:
        return [], {"attachments": ("error.too_many_files", {"count": limits.max_attachments})}
    uploads: list[Upload] = []
    for file in files:
        content = await file.read(limits.max_attachment_bytes + 1)
        upload = Upload(filename=file.filename or "attachment", content=content)
        if len(content) > limits.max_attachment_bytes:
            return [], {
                "attachments": ("error.file_too_large", {"name": upload.filename, "size": max_mb})
            }
        if mime_type_of(upload) is None:
            return [], {"attachments": ("error.file_type", {"name": upload.filename})}
        uploads.append(upload)
    return uploads, {}


@router.post("/report")
async def submit_report(request: Request) -> Response:
    """Validate, store the report with its flow start (and acknowledgement) in one
    transaction, and redirect to the acknowledgement (303, so a reload does not re-submit).

    Attachments are staged and moved in only after the commit; a full disk re-shows the form
    with 507 and leaves nothing behind."""
    ctx = context_of(request)
    viewer = await run_in_threadpool(viewer_or_refusal, request)
    if isinstance(viewer, Response):
        return viewer
    form, undecodable = await read_form(
        request, max_files=ctx.limits.max_attachments + 5, max_fields=200
    )
    try:
        language = page_language(request, viewer)
        if not csrf_ok(viewer, _text(form.get("csrf_token"))):
            outcome = parse_report_form(
                form, form.getlist, viewer=viewer, language=language, now=ctx.clock()
            )
            outcome.errors = {}
            return _form_page(request, viewer, outcome, status_code=403, banner="error.csrf")
        uploads, upload_errors = await _uploads(ctx, form)
        now = ctx.clock()
        outcome = parse_report_form(form, form.getlist, viewer=viewer, language=language, now=now)
        outcome.errors.update(upload_errors)
        # Bytes that are not UTF-8 were read as "": say so rather than "required".
        outcome.errors.update({name: ("error.encoding", {}) for name in undecodable})
        if outcome.report is None or outcome.errors:
            return _form_page(request, viewer, outcome, status_code=422, banner="form.errors")
        report = outcome.report
    finally:
        await form.close()

    def store() -> str:
        with StagedUploads(ctx.attachments_dir) as staged:
            stored: list[StoredUpload] = [
                staged.stage(u, mime_type_of(u) or "application/octet-stream") for u in uploads
            ]
            ack = ack_builder(ctx.templates, ctx.settings.public_url)
            breach = ctx.filer.file(
                report, reporter=Reporter.holding(viewer), now=now, uploads=stored, ack=ack
            )
            staged.commit()
        return breach.reference

    try:
        reference = await run_in_threadpool(store)
    except Exception as exc:
        if not is_storage_full(exc):
            raise
        log.error("report not stored, storage full: %s", exc)
        return _form_page(request, viewer, outcome, status_code=507, banner="error.disk_full")
    return RedirectResponse(f"/reports/{reference}/received", status_code=303)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _visible(request: Request, viewer: Viewer, ref: str) -> BreachView | None:
    ctx = context_of(request)
    register = ctx.register
    with read_scope(ctx.engine) as session:
        try:
            breach = get_breach_by_reference(session=session, reference=ref[:40])
        except NotFoundError:
            return None
        relation = relation_to(session, viewer, breach, register)
        if relation is None:
            return None
        return breach_view(session, viewer, breach, register, relation)


@router.get("/reports/{ref}/received")
def acknowledgement(ref: str, request: Request) -> Response:
    """The acknowledgement: reference, time received, what happens next."""
    viewer = viewer_or_refusal(request)
    if isinstance(viewer, Response):
        return viewer
    view = _visible(request, viewer, ref)
    if view is None or view.relation == "controller":
        return render(request, "not_found.html", viewer=viewer, status_code=404)
    mail = context_of(request).settings.smtp_url is not None
    return render(request, "ack.html", viewer=viewer, view=view, mail=mail)


@router.get("/reports/{ref}")
def status_page(ref: str, request: Request) -> Response:
    """A report's status: state in plain words, next step, what was sent to the client."""
    viewer = viewer_or_refusal(request)
    if isinstance(viewer, Response):
        return viewer
    view = _visible(request, viewer, ref)
    if view is None:
        return render(request, "not_found.html", viewer=viewer, status_code=404)
    register = context_of(request).register
    # Each activity under its name in the page's language (the register's labels).
    language = Language(page_language(request, viewer))
    names = {
        a: register.activities[a].name_label.get(language)
        for a in view.activities
        if a in register.activities
    }
    return render(request, "status.html", viewer=viewer, view=view, activity_names=names)

"""Sign-in pages: `/login`, `/logout`, `/password/{token}` (the one-time link of `breachflow
user add`). A refused sign-in says the same whatever the reason (unknown address, wrong
password, locked or disabled account), so the page reveals no address; wrong attempts count
per account (`rules.lockout`) and per client address (`intake.guards.FailureLimiter`).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from breachflow.services.people import (
    choose_password,
    set_password_link_language,
    sign_in,
    sign_out,
)
from intake.context import client_address, context_of
from intake.people import (
    PERSON_COOKIE,
    PRE_CSRF_COOKIE,
    csrf_valid,
    pre_csrf,
    pre_csrf_valid,
    render_for,
    session_token,
    set_cookie,
    signed_in,
)
from intake.strict_form import read_form
from rules.lockout import PASSWORD_MIN_LENGTH

router = APIRouter(include_in_schema=False)


def _safe_next(target: object) -> str:
    """Only a path of this site: never `//other.site`, `/\\other.site` (browsers read a
    backslash as a slash) or a full URL, and nothing with control characters."""
    if (
        isinstance(target, str)
        and target.startswith("/")
        and target[1:2] not in ("/", "\\")
        and target.isprintable()
    ):
        return target[:500]
    return "/decisions"


def _login_page(
    request: Request,
    *,
    status_code: int = 200,
    email: str = "",
    error: str | None = None,
    wait_seconds: int | None = None,
) -> Response:
    token = pre_csrf(request)
    response = render_for(
        request,
        "login.html",
        None,
        status_code=status_code,
        form_token=token,
        email=email,
        error=error,
        wait_seconds=wait_seconds,
        next=_safe_next(request.query_params.get("next")),
        password_set=request.query_params.get("set") == "1",
    )
    set_cookie(request, response, PRE_CSRF_COOKIE, token)
    if wait_seconds is not None:
        response.headers["Retry-After"] = str(wait_seconds)
    return response


@router.get("/login")
def login_form(request: Request) -> Response:
    if signed_in(request) is not None:
        return RedirectResponse(_safe_next(request.query_params.get("next")), status_code=303)
    return _login_page(request)


@router.post("/login")
async def login(request: Request) -> Response:
    ctx = context_of(request)
    form, _ = await read_form(request, max_files=0, max_fields=10)
    email = str(form.get("email") or "")[:254]
    password = str(form.get("password") or "")[:1024]
    if not pre_csrf_valid(request, form.get("form_token")):
        return _login_page(request, status_code=403, email=email, error="error.csrf")
    address = client_address(request)
    wait = ctx.auth_failures.retry_after(address)
    if wait is not None:
        return _login_page(request, status_code=429, email=email, wait_seconds=wait)
    token = await run_in_threadpool(sign_in, ctx.engine, email, password, ctx.clock())
    if token is None:
        ctx.auth_failures.failed(address)
        return _login_page(request, status_code=401, email=email, error="login.refused")
    response = RedirectResponse(_safe_next(form.get("next")), status_code=303)
    set_cookie(request, response, PERSON_COOKIE, token)
    response.delete_cookie(PRE_CSRF_COOKIE, path="/")
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    form, _ = await read_form(request, max_files=0, max_fields=5)
    token = session_token(request)
    if token is None or not csrf_valid(request, form.get("csrf_token")):
        return RedirectResponse("/decisions", status_code=303)
    await run_in_threadpool(sign_out, context_of(request).engine, token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(PERSON_COOKIE, path="/")
    return response


def _password_page(
    request: Request, token: str, *, status_code: int = 200, error: str | None = None
) -> Response:
    """The set-password form, in the language of the person the link belongs to."""
    ctx = context_of(request)
    language = set_password_link_language(ctx.engine, token, ctx.clock())
    form_token = pre_csrf(request)
    response = render_for(
        request,
        "password.html",
        None,
        status_code=status_code,
        language=language,
        form_token=form_token,
        link=f"/password/{token}",
        error=error,
        min_length=PASSWORD_MIN_LENGTH,
    )
    set_cookie(request, response, PRE_CSRF_COOKIE, form_token)
    return response


@router.get("/password/{token}")
def password_form(token: str, request: Request) -> Response:
    ctx = context_of(request)
    if set_password_link_language(ctx.engine, token, ctx.clock()) is None:
        return render_for(request, "password_link.html", None, status_code=404)
    return _password_page(request, token)


@router.post("/password/{token}")
async def password(token: str, request: Request) -> Response:
    ctx = context_of(request)
    form, _ = await read_form(request, max_files=0, max_fields=10)
    if not pre_csrf_valid(request, form.get("form_token")):
        return _password_page(request, token, status_code=403, error="error.csrf")
    chosen = str(form.get("password") or "")
    if chosen != str(form.get("confirm") or ""):
        return _password_page(request, token, status_code=422, error="password.mismatch")
    problem = await run_in_threadpool(choose_password, ctx.engine, token, chosen, ctx.clock())
    if problem is None:
        return RedirectResponse("/login?set=1", status_code=303)
    if problem == "link":
        return render_for(request, "password_link.html", None, status_code=404)
    return _password_page(request, token, status_code=422, error=f"password.{problem}")

"""Who is signed in: the people's session cookie (web pages) or a personal API token
(`Authorization: Bearer`), and the dependencies other routes use (`current_user`,
`require_role`). Client tokens are not people: on the people's routes they get 404.

The session cookie holds a random token whose SHA-256 is a `user_session` row (HttpOnly,
SameSite=Lax, Secure when PUBLIC_URL is https); disabling the account deletes the rows, so a
session stops at once. The CSRF token of a form is an HMAC of the session token
(`intake.auth.csrf_token_for`); before sign-in (login, set password) a random cookie and the
same value in the form (double submit) stand in for it.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from breachflow.services.people import Person, person_of_api_token, person_of_session
from intake.auth import LANGUAGE_COOKIE, csrf_token_for, resolve_viewer
from intake.context import client_address, context_of
from intake.i18n import LANGUAGES, Translator, choose_language

PERSON_COOKIE = "bf_person"
PRE_CSRF_COOKIE = "bf_form"
people_bearer = HTTPBearer(auto_error=False, description="A token from `breachflow user token`.")


def session_token(request: Request) -> str | None:
    return request.cookies.get(PERSON_COOKIE)


def signed_in(request: Request) -> Person | None:
    """The person of the request's session cookie, or None."""
    ctx = context_of(request)
    return person_of_session(ctx.engine, session_token(request), ctx.clock())


def csrf_of(request: Request) -> str:
    """The form token of this session."""
    return csrf_token_for(session_token(request) or "")


def csrf_valid(request: Request, submitted: object) -> bool:
    token = session_token(request)
    return (
        token is not None
        and isinstance(submitted, str)
        and hmac.compare_digest(
            csrf_token_for(token).encode("ascii"), submitted.encode("utf-8", errors="replace")
        )
    )


def pre_csrf(request: Request) -> str:
    """The double-submit token of a form shown before sign-in (kept in its cookie)."""
    return request.cookies.get(PRE_CSRF_COOKIE) or secrets.token_urlsafe(24)


def pre_csrf_valid(request: Request, submitted: object) -> bool:
    cookie = request.cookies.get(PRE_CSRF_COOKIE)
    return (
        cookie is not None
        and isinstance(submitted, str)
        and hmac.compare_digest(cookie.encode("utf-8"), submitted.encode("utf-8", "replace"))
    )


def set_cookie(request: Request, response: Response, name: str, value: str) -> None:
    response.set_cookie(
        name,
        value,
        httponly=True,
        samesite="lax",
        secure=context_of(request).secure_cookies,
        path="/",
    )


def page_language_of(request: Request, person: Person | None) -> str:
    """The switch (`?lang=`), the person's stored language, the remembered choice, the
    browser's."""
    return choose_language(
        chosen=request.query_params.get("lang"),
        client_language=person.language if person else request.cookies.get(LANGUAGE_COOKIE),
        accept_language=request.headers.get("accept-language"),
    )


def render_for(
    request: Request,
    template: str,
    person: Person | None,
    *,
    status_code: int = 200,
    language: str | None = None,
    **values: Any,
) -> HTMLResponse:
    """A people's page in the person's language, or `language` (StrictUndefined, escaped)."""
    ctx = context_of(request)
    language = language or page_language_of(request, person)
    html = ctx.templates.get_template(template).render(
        t=Translator(language),
        lang=language,
        languages=LANGUAGES,
        viewer=None,
        person=person,
        csrf=csrf_of(request) if person else "",
        path=request.url.path,
        **values,
    )
    return HTMLResponse(html, status_code=status_code)


def to_login(request: Request) -> RedirectResponse:
    """Send a visitor who is not signed in to the login page, coming back afterwards."""
    wanted = request.url.path
    return RedirectResponse(f"/login?next={wanted}", status_code=303)


async def _bearer_person(request: Request, token: str | None) -> Person | None:
    """The person of a personal API token; a client's token is no person (None, so 404)."""
    ctx = context_of(request)
    address = client_address(request)
    wait = ctx.auth_failures.retry_after(address) if token else None
    if wait is not None:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            detail="too many wrong tokens from this address",
            headers={"Retry-After": str(wait)},
        )
    person = await run_in_threadpool(person_of_api_token, ctx.engine, token)
    if person is not None:
        return person
    if token and await run_in_threadpool(resolve_viewer, ctx.engine, token) is not None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="not found")
    if token:
        ctx.auth_failures.failed(address)
    raise HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        detail="missing, unknown or revoked token",
        headers={"WWW-Authenticate": "Bearer"},
    )


async def current_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(people_bearer)],
) -> Person:
    """The signed-in person (session cookie) or the holder of a personal API token; 401 for
    nobody, 404 for a client's token (people's routes do not exist for clients)."""
    if credentials is not None:
        person = await _bearer_person(request, credentials.credentials)
        assert person is not None
        return person
    found = await run_in_threadpool(signed_in, request)
    if found is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="sign in, or give a personal API token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return found


CurrentUser = Annotated[Person, Depends(current_user)]


def require_role(*roles: str) -> Callable[..., Coroutine[Any, Any, Person]]:
    """A dependency admitting only people with one of `roles` (403 for the others)."""

    async def admitted(person: CurrentUser) -> Person:
        if person.role not in roles:
            raise HTTPException(status.HTTP_403_FORBIDDEN, detail="your role may not do this")
        return person

    return admitted


def translator_for(request: Request, person: Person | None) -> Translator:
    return Translator(page_language_of(request, person))

"""breachflow's web app: the report form, the status pages, the DPO's overview and the API.

    uvicorn --factory intake.app:app_from_settings   (what `breachflow serve` runs)

`create_app` takes everything from its arguments (settings, engine, register), so tests and
the service build it the same way.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError

from breachflow.services import ReportFiler, processing_register_of
from breachflow.settings import Settings, get_settings
from breachflow.store import engine_for
from intake import (
    api,
    decision_api,
    decision_pages,
    documents_route,
    export_route,
    login,
    overview,
    web,
)
from intake.attachments import recover_staged
from intake.context import IntakeContext
from intake.guards import (
    BodySizeLimit,
    FailureLimiter,
    IntakeLimits,
    RateLimiter,
    SecuredFastAPI,
)
from intake.i18n import STATIC_DIR, template_environment
from intake.validation import InvalidInput
from models.access import stored_attachment_names
from models.db import is_storage_full, read_scope
from models.migrate import is_damage
from models.types import utcnow
from rules.processing_register import ProcessingRegister

log = logging.getLogger(__name__)


def _field_name(loc: tuple[Any, ...]) -> str:
    """`("body", "reporter", "email")` -> `reporter.email`; list positions as `[i]`."""
    parts = list(loc)
    if parts and parts[0] in ("body", "path", "query", "header", "cookie"):
        parts = parts[1:]
    name = ""
    for part in parts:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name = f"{name}.{part}" if name else str(part)
    return name or str(loc[0] if loc else "body")


def _problems(request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, InvalidInput):
        detail = [{"field": p.field, "message": p.message} for p in exc.problems]
    else:
        assert isinstance(exc, RequestValidationError)
        detail = [
            {"field": _field_name(tuple(e.get("loc", ()))), "message": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
    return JSONResponse({"detail": detail}, status_code=422)


async def _storage_fault(request: Request, exc: Exception) -> JSONResponse:
    """A full disk is 507 and a damaged database 503, each saying so; anything else stays
    the unexpected failure it is (500)."""
    if is_storage_full(exc):
        log.error("%s %s: storage full: %s", request.method, request.url.path, exc)
        return JSONResponse(
            {"detail": "the server's storage is full: nothing was stored; try again later"},
            status_code=507,
        )
    if isinstance(exc, DatabaseError) and is_damage(exc):
        log.error("%s %s: the database is damaged: %s", request.method, request.url.path, exc)
        return JSONResponse(
            {"detail": "the database is damaged: an operator must restore it"},
            status_code=503,
        )
    raise exc


def recover_attachments(engine: Engine, folder: Path) -> None:
    """At start-up: attachments a crashed process left staged are moved in when their report
    was stored, removed otherwise (`intake.attachments.recover_staged`)."""

    def stored(names: Iterable[str]) -> set[str]:
        with read_scope(engine) as session:
            return stored_attachment_names(session=session, names=names)

    recovered = recover_staged(folder, stored)
    if recovered.moved_in or recovered.removed:
        log.warning(
            "attachments left staged by a stopped process: %d moved in, %d removed",
            len(recovered.moved_in),
            len(recovered.removed),
        )


def create_app(
    settings: Settings,
    engine: Engine,
    *,
    register: ProcessingRegister | None = None,
    limits: IntakeLimits | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> FastAPI:
    """The intake app over `engine` (migrated). `register` fixes the register (tests); without
    it the register file of the settings is read, and re-read when it changes."""
    limits = limits or IntakeLimits()
    register_of = (
        (lambda: register) if register is not None else (lambda: processing_register_of(settings))
    )
    filer = ReportFiler(engine, settings, register=register_of)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        filer.close()  # what is queued is written first

    app = SecuredFastAPI(
        lifespan=lifespan,
        title="breachflow intake",
        version="1",
        description="Report personal-data breaches and follow them up.",
        docs_url=None,  # Swagger UI needs a CDN and inline script: the JSON document suffices
        redoc_url=None,
    )
    app.state.ctx = IntakeContext(
        settings=settings,
        engine=engine,
        processing_register_of=register_of,
        limits=limits,
        limiter=RateLimiter(settings.intake_rate_per_minute),
        templates=template_environment(),
        filer=filer,
        auth_failures=FailureLimiter(settings.intake_failed_auth_per_minute),
        clock=clock,
    )
    recover_attachments(engine, app.state.ctx.attachments_dir)
    app.add_exception_handler(RequestValidationError, _problems)
    app.add_exception_handler(InvalidInput, _problems)
    app.add_exception_handler(OSError, _storage_fault)
    app.add_exception_handler(DatabaseError, _storage_fault)
    app.include_router(api.router)
    app.include_router(decision_api.router)
    app.include_router(web.router)
    app.include_router(login.router)
    app.include_router(decision_pages.router)
    app.include_router(documents_route.router)
    app.include_router(export_route.router)
    app.include_router(overview.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(
        BodySizeLimit, max_body_bytes=limits.max_body_bytes, max_json_bytes=limits.max_json_bytes
    )
    return app


def app_from_settings() -> FastAPI:
    """The app for the configured service (uvicorn's `--factory` entry point)."""
    settings = get_settings()
    return create_app(settings, engine_for(settings))

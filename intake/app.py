"""breachflow's web app: the report form, the status pages, the DPO's overview and the API.

    uvicorn --factory intake.app:app_from_settings   (what `breachflow serve` runs)

`create_app` takes everything from its arguments (settings, engine, register), so tests and
the service build it the same way.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from breachflow.services import ReportFiler, processing_register_of
from breachflow.settings import Settings, get_settings
from intake import api, overview, web
from intake.context import IntakeContext
from intake.guards import BodySizeLimit, IntakeLimits, RateLimiter, SecurityHeaders
from intake.i18n import STATIC_DIR, template_environment
from intake.validation import InvalidInput
from models.db import make_engine
from models.types import utcnow
from rules.processing_register import ProcessingRegister


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

    app = FastAPI(
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
        clock=clock,
    )
    app.add_exception_handler(RequestValidationError, _problems)
    app.add_exception_handler(InvalidInput, _problems)
    app.include_router(api.router)
    app.include_router(web.router)
    app.include_router(overview.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(
        BodySizeLimit, max_body_bytes=limits.max_body_bytes, max_json_bytes=limits.max_json_bytes
    )
    app.add_middleware(SecurityHeaders)
    return app


def app_from_settings() -> FastAPI:
    """The app for the configured service (uvicorn's `--factory` entry point)."""
    settings = get_settings()
    return create_app(settings, make_engine(settings.database_url))

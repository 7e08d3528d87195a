"""What every route needs, built once by `create_app` and kept on `app.state.ctx`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from fastapi import Request
from jinja2 import Environment
from sqlalchemy import Engine

from breachflow.services.reporting import ReportFiler
from breachflow.settings import Settings
from intake.guards import FailureLimiter, IntakeLimits, RateLimiter
from models.types import utcnow
from rules.processing_register import ProcessingRegister


@dataclass(frozen=True)
class IntakeContext:
    settings: Settings
    engine: Engine
    processing_register_of: Callable[[], ProcessingRegister]
    limits: IntakeLimits
    limiter: RateLimiter
    templates: Environment
    filer: ReportFiler
    auth_failures: FailureLimiter
    clock: Callable[[], datetime] = utcnow

    @property
    def register(self) -> ProcessingRegister:
        return self.processing_register_of()

    @property
    def attachments_dir(self) -> Path:
        """Outside any web root: nothing under data_dir is ever served as a static file."""
        return Path(self.settings.data_dir) / "attachments"

    @property
    def secure_cookies(self) -> bool:
        return self.settings.public_url.startswith("https://")


def client_address(request: Request) -> str:
    """The address wrong tokens are counted against (the client's, behind a proxy that
    uvicorn trusts with `--proxy-headers`)."""
    return request.client.host if request.client else "unknown"


def context_of(request: Request) -> IntakeContext:
    """The context of the app serving this request."""
    ctx: IntakeContext = request.app.state.ctx
    return ctx


async def request_context(request: Request) -> IntakeContext:
    """`context_of` as a route dependency: async, so FastAPI does not hop to a worker thread
    to read an attribute."""
    return context_of(request)

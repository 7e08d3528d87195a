"""`breachflow health`: is every part of the running service alive, the clock included?

Finds the service through `DATA_DIR/run/service.json` (written by `breachflow serve`: URLs,
ports, pids) and checks each part on its own: the service process and its children are alive,
`GET /health` answers 200 with every part up, the Prefect API answers, and the clock's last
heartbeat (read from the database, so a scheduler thread that is alive but stuck is caught
too) is under 5 minutes old. Exit 0 only when all are; 1 when any is not; 2 when no service is
recorded.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import typer

from breachflow.clock.scheduler import clock_status
from breachflow.settings import get_settings
from models.db import make_engine
from rules.deadlines import BRUSSELS

TIMEOUT = 3.0


@dataclass(frozen=True)
class Check:
    """One part's verdict."""

    name: str
    ok: bool
    detail: str


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _http(name: str, url: str) -> tuple[Check, Any]:
    try:
        response = httpx.get(url, timeout=TIMEOUT)
    except httpx.HTTPError as error:
        return Check(name, False, f"{url}: {type(error).__name__}"), None
    try:
        body = response.json()
    except ValueError:
        body = None
    return Check(name, response.status_code == 200, f"{url}: HTTP {response.status_code}"), body


def service_checks(info: dict[str, Any], *, database_url: str, now: datetime) -> list[Check]:
    """Every check for the service described by `info` (the service file's content)."""
    checks: list[Check] = []
    pid = info.get("pid")
    if isinstance(pid, int):
        checks.append(Check("service", _alive(pid), f"pid {pid}"))
    for name, child in sorted((info.get("pids") or {}).items()):
        checks.append(Check(name, _alive(int(child)), f"pid {child}"))
    if info.get("health_url"):
        check, body = _http("web", str(info["health_url"]))
        checks.append(check)
        parts = body.get("parts") if isinstance(body, dict) else None
        for part, up in sorted((parts or {}).items()):
            checks.append(Check(f"web:{part}", bool(up), "reported by GET /health"))
    if info.get("prefect_api_url"):
        checks.append(_http("prefect-api", str(info["prefect_api_url"]).rstrip("/") + "/health")[0])
    engine = make_engine(database_url)
    try:
        ok, last = clock_status(engine, now)
    except Exception as error:
        checks.append(Check("clock", False, f"database: {type(error).__name__}"))
    else:
        shown = last.astimezone(BRUSSELS).strftime("%Y-%m-%d %H:%M:%S %Z") if last else "never"
        checks.append(Check("clock", ok, f"last heartbeat {shown}"))
    finally:
        engine.dispose()
    return checks


def health(*, as_json: bool) -> None:
    """Check every part of the running service; exit 0 only when all are alive."""
    settings = get_settings()
    assert settings.run_dir is not None
    path = Path(settings.run_dir) / "service.json"
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        typer.echo(f"no running service recorded in {path} (start it with `breachflow serve`)")
        raise typer.Exit(code=2) from None
    checks = service_checks(info, database_url=settings.database_url, now=datetime.now(UTC))
    healthy = all(c.ok for c in checks)
    if as_json:
        typer.echo(
            json.dumps(
                {"ok": healthy, "checks": [c.__dict__ for c in checks]}, indent=2, sort_keys=True
            )
        )
    else:
        for check in checks:
            typer.echo(f"{'ok  ' if check.ok else 'FAIL'} {check.name:<20} {check.detail}")
    raise typer.Exit(code=0 if healthy else 1)

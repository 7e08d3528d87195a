"""`breachflow serve`: the whole service in the foreground, each part supervised.

Parts: a local Prefect server (unless `PREFECT_API_URL` points at one), the deployments served
by one runner process (`python -m flows.deployments`), the outbox dispatcher thread, the
reconciler thread, the deadline clock (when installed) and the web app (uvicorn). `GET /health`
answers 200 only when every part is up. `DATA_DIR/run/service.json` tells other commands (demo,
tests) where everything is. Ctrl-C stops all parts within 10 seconds: children get SIGINT, then
SIGTERM (a Prefect process worker ignores the first signal), then SIGKILL.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy import Engine

from breachflow.alerts import alert_handlers
from breachflow.clock.scheduler import clock_status, start_clock
from breachflow.clock.watchdog import start_watchdog_thread
from breachflow.dispatcher import Backoff, Dispatcher
from breachflow.prefect_runs import run_state
from breachflow.services import processing_register_of, reconcile
from breachflow.settings import Settings
from breachflow.step_starts import PrefectStarter, flow_start_handler
from intake.app import create_app
from intake.guards import SecuredFastAPI
from models.db import make_engine, session_scope
from models.migrate import upgrade_to_head
from models.outbox import FLOW_START, Handler
from models.processing_register import sync_processing_register
from models.types import utcnow
from notifiers.factory import channel_notifier_from, mail_notifier_from

log = logging.getLogger("breachflow.supervisor")

STOP_SECONDS = 10.0
PROJECT_ROOT = Path(__file__).resolve().parent.parent
RECONCILE_SECONDS = 180.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def service_file(settings: Settings) -> Path:
    assert settings.run_dir is not None
    return Path(settings.run_dir) / "service.json"


def read_service_file(settings: Settings) -> dict[str, Any] | None:
    """The running service's URLs and pids, or None when none is recorded or it is down."""
    path = service_file(settings)
    try:
        info: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    try:
        response = httpx.get(info["health_url"], timeout=2.0)
    except httpx.HTTPError:
        return None
    return info if response.status_code == 200 else None


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def prefect_env(
    settings: Settings, api_url: str, extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment for Prefect processes: our PREFECT_HOME, telemetry off, our API.

    Prefect's API answers `access-control-allow-origin: *` by default, so any page a DPO
    opens could drive it from the browser: only the Prefect UI's own origin and breachflow's
    pages may, and every state-changing call needs Prefect's CSRF token (its UI and clients
    fetch one). An operator's own PREFECT_SERVER_CORS_*/CSRF_* settings win."""
    env = dict(os.environ)
    env.setdefault(
        "PREFECT_SERVER_CORS_ALLOWED_ORIGINS",
        ",".join(dict.fromkeys([_origin(api_url), _origin(settings.public_url)])),
    )
    env.setdefault("PREFECT_SERVER_CSRF_PROTECTION_ENABLED", "true")
    env.update(
        {
            "PREFECT_HOME": str(
                Path(settings.prefect_home or settings.data_dir / "prefect").resolve()
            ),
            "PREFECT_API_URL": api_url,
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1",
            "BREACHFLOW_DATA_DIR": str(Path(settings.data_dir).resolve()),
            "BREACHFLOW_DATABASE_URL": settings.database_url,
            "BREACHFLOW_PROCESSING_REGISTER": str(Path(settings.processing_register).resolve()),
            "BREACHFLOW_PUBLIC_URL": settings.public_url,
        }
    )
    if settings.documents_dir is not None:
        env["BREACHFLOW_DOCUMENTS_DIR"] = str(Path(settings.documents_dir).resolve())
    # Every process writing to the database hashes the audit trail with the same key.
    for name, path in (
        ("BREACHFLOW_AUDIT_KEY_FILE", settings.audit_key_file),
        ("BREACHFLOW_AUDIT_ANCHOR_FILE", settings.audit_anchor_file),
    ):
        if path is not None:
            env[name] = str(Path(path).resolve())
    if settings.audit_key is not None:
        env["BREACHFLOW_AUDIT_KEY"] = settings.audit_key.get_secret_value()
    env.update(extra or {})
    return env


def stop_processes(processes: list[subprocess.Popen[bytes]], deadline: float) -> None:
    """All at once: SIGINT, then SIGTERM (a Prefect worker ignores the first), then SIGKILL."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
        running = [p for p in processes if p.poll() is None]
        for process in running:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
        step_end = time.monotonic() + (3.0 if sig != signal.SIGKILL else 2.0)
        for process in running:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(0.1, min(step_end, deadline) - time.monotonic()))
        if all(p.poll() is not None for p in processes):
            return


def wait_http(url: str, *, seconds: float, alive: Callable[[], bool] = lambda: True) -> bool:
    """Poll `url` until it answers 200 (or time runs out / the process dies)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end and alive():
        try:
            if httpx.get(url, timeout=2.0).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    return False


def prefect_run_state(flow_run_id: str) -> tuple[str, datetime | None] | None:
    """(state type, start time) of a flow run as Prefect knows it, or None when unknown."""
    seen = run_state(flow_run_id)
    return (seen[0], seen[2]) if seen else None


def outbox_handlers(settings: Settings, engine: Engine) -> dict[str, Handler]:
    """flow.start through Prefect; Slack (threaded per breach) and e-mail through notifiers."""
    handlers: dict[str, Handler] = {FLOW_START: flow_start_handler(PrefectStarter())}
    handlers.update(
        alert_handlers(engine, channel_notifier_from(settings), mail_notifier_from(settings))
    )
    return handlers


def web_app(settings: Settings, engine: Engine, health: Callable[[], dict[str, bool]]) -> Any:
    """breachflow's web app with `GET /health`; the intake app when installed."""
    from fastapi import FastAPI
    from fastapi.responses import JSONResponse

    intake = create_app(settings, engine)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        intake.state.ctx.filer.close()  # a mounted app's own lifespan is not run

    # The intake app mounted at / serves the OpenAPI document; this outer app must not shadow it.
    # SecuredFastAPI: /health and every error answer carry the security headers too.
    app = SecuredFastAPI(
        title="breachflow", openapi_url=None, docs_url=None, redoc_url=None, lifespan=lifespan
    )

    @app.get("/health")
    def _health() -> JSONResponse:
        parts = health()
        return JSONResponse(
            {"ok": all(parts.values()), "parts": parts},
            status_code=200 if all(parts.values()) else 503,
        )

    app.mount("/", intake)
    return app


@dataclass
class Service:
    """The running parts; `start()` brings them up, `stop()` takes them down."""

    settings: Settings
    port: int = 8000
    prefect_port: int = 4200
    runner_limit: int = 4
    reconcile_seconds: float = RECONCILE_SECONDS
    runner_poll_seconds: int = 5
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    threads: dict[str, threading.Thread] = field(default_factory=dict)
    stop_event: threading.Event = field(default_factory=threading.Event)
    api_url: str = ""
    ui_url: str = ""
    clock: Any = None
    uvicorn_server: Any = None
    started_at: datetime = field(default_factory=utcnow)

    def _spawn(self, name: str, args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        assert self.settings.logs_dir is not None
        logs = Path(self.settings.logs_dir)
        logs.mkdir(parents=True, exist_ok=True)
        out = (logs / f"{name}.log").open("ab")
        process = subprocess.Popen(
            args,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=PROJECT_ROOT,  # the runner resolves flow entrypoints from here
        )
        self.processes[name] = process
        return process

    def start(self) -> None:
        if "public_url" not in self.settings.model_fields_set:
            # Links (token links, Slack, e-mails) lead to this service unless told otherwise.
            self.settings = self.settings.model_copy(
                update={"public_url": f"http://127.0.0.1:{self.port}"}
            )
        settings = self.settings
        Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
        upgrade_to_head(settings.database_url)
        self.engine = make_engine(settings.database_url)
        with session_scope(self.engine) as session:
            sync_processing_register(
                session=session,
                register=processing_register_of(settings),
                source=str(settings.processing_register),
                now=utcnow(),
            )
        external = settings.prefect_api_url or os.environ.get("PREFECT_API_URL")
        if external:
            self.api_url = external
            self.ui_url = external.removesuffix("/api")
        else:
            self.api_url = f"http://127.0.0.1:{self.prefect_port}/api"
            self.ui_url = f"http://127.0.0.1:{self.prefect_port}"
            env = prefect_env(settings, self.api_url)
            server = self._spawn(
                "prefect-server",
                [
                    sys.executable,
                    "-m",
                    "prefect",
                    "server",
                    "start",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.prefect_port),
                ],
                env,
            )
            if not wait_http(
                f"{self.api_url}/health", seconds=90, alive=lambda: server.poll() is None
            ):
                raise RuntimeError("the Prefect server did not start: see logs/prefect-server.log")
        # This process talks to Prefect too (flow starts, the reconciler).
        for key, value in prefect_env(settings, self.api_url).items():
            if key.startswith(("PREFECT_", "DO_NOT_TRACK")):
                os.environ[key] = value
        self._spawn(
            "runner",
            [sys.executable, "-m", "flows.deployments", "--limit", str(self.runner_limit)],
            prefect_env(
                settings,
                self.api_url,
                {"PREFECT_RUNNER_POLL_FREQUENCY": str(self.runner_poll_seconds)},
            ),
        )
        dispatcher = Dispatcher(
            self.engine,
            outbox_handlers(settings, self.engine),
            poll_seconds=settings.dispatcher_poll_seconds,
            backoff=Backoff(max_attempts=settings.dispatcher_max_attempts),
        )
        self.threads["dispatcher"] = dispatcher.start_thread(self.stop_event)
        self.threads["reconciler"] = threading.Thread(
            target=self._reconcile_loop, name="reconciler", daemon=True
        )
        self.threads["reconciler"].start()
        self.clock = start_clock(self.engine, settings)
        # The watchdog is not the scheduler: it alerts when the clock's heartbeat goes stale.
        self.threads["watchdog"] = start_watchdog_thread(self.engine, settings, self.stop_event)
        self._start_web()
        self._write_service_file()

    def _start_web(self) -> None:
        import uvicorn

        app = web_app(self.web_settings(), self.engine, self.health)
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.uvicorn_server = uvicorn.Server(config)
        self.uvicorn_server.install_signal_handlers = lambda: None
        thread = threading.Thread(target=self.uvicorn_server.run, name="web", daemon=True)
        thread.start()
        self.threads["web"] = thread
        wait_http(f"http://127.0.0.1:{self.port}/health", seconds=20, alive=thread.is_alive)

    def web_settings(self) -> Settings:
        """The web app's settings: with the Prefect API this service uses, so the overview
        links each waiting decision run to the right Prefect UI."""
        return self.settings.model_copy(update={"prefect_api_url": self.api_url})

    def _reconcile_loop(self) -> None:
        first = True
        while not self.stop_event.is_set():
            try:
                restarts = reconcile(
                    engine=self.engine,
                    run_state=prefect_run_state,
                    now=utcnow(),
                    dead_if_started_before=self.started_at if first else None,
                )
                for restart in restarts:
                    log.warning(
                        "reconciler: %s (%s) restarted %s: %s",
                        restart.reference,
                        restart.state,
                        restart.step,
                        restart.reason,
                    )
                first = False
            except Exception:
                log.exception("reconciler: pass failed")
            self.stop_event.wait(self.reconcile_seconds)

    def health(self) -> dict[str, bool]:
        parts = {name: p.poll() is None for name, p in self.processes.items()}
        parts.update({name: t.is_alive() for name, t in self.threads.items() if name != "web"})
        if "prefect-server" not in self.processes:
            try:
                parts["prefect-api"] = (
                    httpx.get(f"{self.api_url}/health", timeout=2).status_code == 200
                )
            except httpx.HTTPError:
                parts["prefect-api"] = False
        if self.clock is not None:
            fresh, _ = clock_status(self.engine, utcnow())
            parts["clock"] = bool(self.clock.running) and fresh
        return parts

    def _write_service_file(self) -> None:
        path = service_file(self.settings)
        path.parent.mkdir(parents=True, exist_ok=True)
        info = {
            "web_url": f"http://127.0.0.1:{self.port}",
            "public_url": self.settings.public_url,
            "health_url": f"http://127.0.0.1:{self.port}/health",
            "prefect_api_url": self.api_url,
            "prefect_ui_url": self.ui_url,
            "port": self.port,
            "prefect_port": self.prefect_port,
            "pid": os.getpid(),
            "pids": {name: p.pid for name, p in self.processes.items()},
            "data_dir": str(Path(self.settings.data_dir).resolve()),
            "started_at": self.started_at.isoformat(),
        }
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(info, indent=2), encoding="utf-8")
        tmp.replace(path)

    def stop(self) -> None:
        deadline = time.monotonic() + STOP_SECONDS - 1
        self.stop_event.set()
        if self.uvicorn_server is not None:
            self.uvicorn_server.should_exit = True
        if self.clock is not None:
            self.clock.stop()
        stop_processes(list(self.processes.values()), deadline)
        for thread in self.threads.values():
            thread.join(timeout=max(0.1, deadline - time.monotonic()))
        service_file(self.settings).unlink(missing_ok=True)


def run(service: Service, echo: Callable[[str], None] = print) -> None:
    """Start, print the URLs, wait for Ctrl-C / SIGTERM, stop."""
    stop = threading.Event()

    def _signal(signum: int, _frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGINT, _signal)
    signal.signal(signal.SIGTERM, _signal)
    try:
        service.start()
        echo(f"breachflow web:   http://127.0.0.1:{service.port}  (health: /health)")
        echo(f"Prefect UI:       {service.ui_url}")
        echo(f"service file:     {service_file(service.settings)}")
        echo("Ctrl-C stops everything.")
        while not stop.wait(1.0):
            for name, process in service.processes.items():
                if process.poll() is not None:
                    echo(f"{name} exited ({process.returncode}): see {service.settings.logs_dir}")
                    stop.set()
    finally:
        service.stop()

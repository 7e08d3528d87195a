"""`breachflow serve`: the whole service in the foreground, each part supervised.

Parts: a local Prefect server (unless `PREFECT_API_URL` points at one), `--workers` worker
processes (`breachflow worker`: steps, messages, reconciler, clock, the decision runner), the
watchdog (`breachflow watchdog`, its own process so it can alarm when this one freezes) and the
web app (in this process). A part that dies is started again with backoff while the others go
on (the intake keeps taking reports while Prefect restarts); a part that keeps dying makes
`serve` stop everything and exit non-zero, so a supervisor such as systemd restarts it. The
child processes die with `serve` whatever kills it (Linux parent-death signal), and a second
`serve` on the same data folder refuses to start. `DATA_DIR/run/service.json` tells other
commands where everything is; `GET /health` answers 200 only when every part is up.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy import Engine

from breachflow.clock.scheduler import clock_status
from breachflow.services import processing_register_of
from breachflow.settings import Settings
from breachflow.store import open_store
from intake.app import create_app
from intake.guards import SecuredFastAPI
from models.db import session_scope
from models.processing_register import sync_processing_register
from models.types import utcnow

log = logging.getLogger("breachflow.supervisor")

STOP_SECONDS = 10.0
PROJECT_ROOT = Path(__file__).resolve().parent.parent
# A part restarted this many times within the window has failed for good: `serve` exits 1.
MAX_RESTARTS = 5
RESTART_WINDOW_SECONDS = 120.0
PR_SET_PDEATHSIG = 1


class AlreadyRunning(RuntimeError):
    """Another `serve` holds this data folder."""


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
    return info if response.status_code in (200, 503) else None


def origin(url: str) -> str:
    """`scheme://host:port` of a URL: what a browser sends as `Origin`."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def prefect_env(
    settings: Settings, api_url: str, extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment for every child: our PREFECT_HOME, telemetry off, our API, the settings
    of this service (so a child reads the same database, register, folders and audit key).

    Prefect's API answers `access-control-allow-origin: *` by default, so any page a DPO
    opens could drive it from the browser: only the Prefect UI's own origin and breachflow's
    pages may, and every state-changing call needs Prefect's CSRF token (its UI and clients
    fetch one). An operator's own PREFECT_SERVER_CORS_*/CSRF_* settings win.

    breachflow uses no Prefect blocks: Prefect does not register its forty block types at each
    start (about 0.7 s of CPU) unless the operator sets PREFECT_SERVER_REGISTER_BLOCKS_ON_START."""
    env = dict(os.environ)
    env.setdefault("PREFECT_SERVER_REGISTER_BLOCKS_ON_START", "false")
    env.setdefault(
        "PREFECT_SERVER_CORS_ALLOWED_ORIGINS",
        ",".join(dict.fromkeys([origin(api_url), origin(settings.public_url)])),
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


def _die_with_parent(parent: int) -> Callable[[], None]:
    """For `preexec_fn`: the child gets SIGKILL when `serve` dies, however it dies."""

    def setup() -> None:
        os.setsid()  # its own process group: stopping it stops what it started
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return setup


def wait_http(url: str, *, seconds: float, alive: Callable[[], bool] = lambda: True) -> bool:
    """Poll `url` until it answers 200 (or time runs out / the process dies)."""
    end = time.monotonic() + seconds
    # One client for every try: a new one each time costs a TLS context (about 10 ms of CPU).
    with httpx.Client(timeout=2.0) as http:
        while time.monotonic() < end and alive():
            try:
                if http.get(url).status_code == 200:
                    return True
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
    return False


@dataclass
class Part:
    """A supervised child process: how to start it and its restart history."""

    name: str
    args: list[str]
    env: dict[str, str]
    process: subprocess.Popen[bytes] | None = None
    restarts: deque[float] = field(default_factory=deque)
    next_start: float = 0.0

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None


def web_app(settings: Settings, engine: Engine, health: Callable[[], dict[str, bool]]) -> Any:
    """breachflow's web app with `GET /health` (every part of the service)."""
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
    """The running parts; `start()` brings them up, `supervise()` keeps them up, `stop()` ends."""

    settings: Settings
    port: int = 8000
    prefect_port: int = 4200
    workers: int = 1
    runner_limit: int = 4
    reconcile_seconds: float = 60.0
    echo: Callable[[str], None] = print
    parts: dict[str, Part] = field(default_factory=dict)
    api_url: str = ""
    ui_url: str = ""
    uvicorn_server: Any = None
    web_thread: threading.Thread | None = None
    started_at: datetime = field(default_factory=utcnow)
    _lock: IO[str] | None = None
    _logs: list[IO[bytes]] = field(default_factory=list)

    # --- start ----------------------------------------------------------------------------

    def start(self) -> None:
        if "public_url" not in self.settings.model_fields_set:
            # Links (token links, Slack, e-mails) lead to this service unless told otherwise.
            self.settings = self.settings.model_copy(
                update={"public_url": f"http://127.0.0.1:{self.port}"}
            )
        settings = self.settings
        Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
        self._take_lock()
        began = time.monotonic()
        self.engine = open_store(settings)
        with session_scope(self.engine) as session:
            sync_processing_register(
                session=session,
                register=processing_register_of(settings),
                source=str(settings.processing_register),
                now=utcnow(),
            )
        self._ready("database", f"{_safe_url(settings.database_url)} (migrated)", began)
        self._start_prefect()
        env = prefect_env(settings, self.api_url)
        for number in range(1, self.workers + 1):
            name = f"worker-{number}"
            self._add(
                name,
                [
                    "worker",
                    "--name",
                    f"{socket.gethostname()}:{name}",
                    "--runner-limit",
                    str(self.runner_limit),
                    "--reconcile-seconds",
                    str(self.reconcile_seconds),
                ],
                env,
            )
        self._add("watchdog", ["watchdog"], env)
        self._start_web()
        self._write_service_file()

    def _take_lock(self) -> None:
        """One `serve` per data folder: a second one refuses before touching anything."""
        assert self.settings.run_dir is not None
        run_dir = Path(self.settings.run_dir)
        run_dir.mkdir(parents=True, exist_ok=True)
        handle = (run_dir / "serve.lock").open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            handle.close()
            raise AlreadyRunning(
                f"breachflow serve is already running for {Path(self.settings.data_dir).resolve()}"
                f" (pid {holder}); stop it first, or give another BREACHFLOW_DATA_DIR"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._lock = handle

    def _ready(self, name: str, detail: str, since: float) -> None:
        self.echo(f"{name:<14} ready  {detail}  ({time.monotonic() - since:.1f} s)")

    def _start_prefect(self) -> None:
        external = self.settings.prefect_api_url or os.environ.get("PREFECT_API_URL")
        if external:
            self.api_url = external
            self.ui_url = external.removesuffix("/api")
            self.echo(f"{'prefect':<14} using {self.ui_url}")
            return
        self.api_url = f"http://127.0.0.1:{self.prefect_port}/api"
        self.ui_url = f"http://127.0.0.1:{self.prefect_port}"
        began = time.monotonic()
        part = self._add(
            "prefect-server",
            ["server", "start", "--host", "127.0.0.1", "--port", str(self.prefect_port)],
            prefect_env(self.settings, self.api_url),
            module="prefect",
        )
        alive = lambda: part.alive  # noqa: E731
        if not wait_http(f"{self.api_url}/health", seconds=120, alive=alive):
            raise RuntimeError("the Prefect server did not start: see logs/prefect-server.log")
        self._ready("prefect", self.ui_url, began)
        # This process reads Prefect too (health): the same API.
        os.environ["PREFECT_API_URL"] = self.api_url

    def _add(
        self,
        name: str,
        args: list[str],
        env: dict[str, str],
        *,
        module: str = "breachflow",
    ) -> Part:
        part = Part(name, [sys.executable, "-m", module, *args], env)
        self.parts[name] = part
        self._spawn(part)
        if module == "breachflow":
            assert part.process is not None
            self.echo(f"{name:<14} started (pid {part.process.pid})")
        return part

    def _spawn(self, part: Part) -> None:
        assert self.settings.logs_dir is not None
        logs = Path(self.settings.logs_dir)
        logs.mkdir(parents=True, exist_ok=True)
        out = (logs / f"{part.name}.log").open("ab")
        self._logs.append(out)
        part.process = subprocess.Popen(
            part.args,
            env=part.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent(os.getpid()),
            cwd=PROJECT_ROOT,  # the runner resolves flow entrypoints from here
        )

    def _start_web(self) -> None:
        import uvicorn

        began = time.monotonic()
        app = web_app(self.web_settings(), self.engine, self.health)
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.uvicorn_server = uvicorn.Server(config)
        self.uvicorn_server.install_signal_handlers = lambda: None
        self.web_thread = threading.Thread(target=self.uvicorn_server.run, name="web", daemon=True)
        self.web_thread.start()
        url = f"http://127.0.0.1:{self.port}/health"
        if wait_http(url, seconds=20, alive=self.web_thread.is_alive) or self._answers(url):
            self._ready("web", f"http://127.0.0.1:{self.port}", began)

    @staticmethod
    def _answers(url: str) -> bool:
        try:
            return httpx.get(url, timeout=2.0).status_code in (200, 503)
        except httpx.HTTPError:
            return False

    def web_settings(self) -> Settings:
        """The web app's settings: with the Prefect API this service uses, so the overview
        links each waiting decision run to the right Prefect UI."""
        return self.settings.model_copy(update={"prefect_api_url": self.api_url})

    # --- supervise ------------------------------------------------------------------------

    def supervise_once(self, now: float) -> str | None:
        """Restart the parts that died (with backoff); the name of one that keeps dying."""
        for part in self.parts.values():
            if part.alive:
                continue
            if part.process is not None:
                code = part.process.returncode
                part.process = None
                while part.restarts and now - part.restarts[0] > RESTART_WINDOW_SECONDS:
                    part.restarts.popleft()
                if len(part.restarts) >= MAX_RESTARTS:
                    return part.name
                delay = min(2 ** len(part.restarts), 30)
                part.next_start = now + delay
                part.restarts.append(now)
                log.warning("%s exited (%s): starting it again in %d s", part.name, code, delay)
            if now >= part.next_start:
                self._spawn(part)
                pid = part.process.pid if part.process else "?"
                log.warning("%s started again (pid %s)", part.name, pid)
                self._write_service_file()
        if self.web_thread is not None and not self.web_thread.is_alive():
            log.warning("web stopped: starting it again")
            self._start_web()
        return None

    def health(self) -> dict[str, bool]:
        parts = {name: part.alive for name, part in self.parts.items()}
        parts["web"] = self.web_thread is not None and self.web_thread.is_alive()
        if "prefect-server" not in self.parts:
            try:
                parts["prefect-api"] = (
                    httpx.get(f"{self.api_url}/health", timeout=2).status_code == 200
                )
            except httpx.HTTPError:
                parts["prefect-api"] = False
        fresh, _ = clock_status(self.engine, utcnow())
        parts["clock"] = fresh
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
            "pids": {n: p.process.pid for n, p in self.parts.items() if p.process is not None},
            "data_dir": str(Path(self.settings.data_dir).resolve()),
            "started_at": self.started_at.isoformat(),
        }
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(info, indent=2), encoding="utf-8")
        tmp.replace(path)

    # --- stop -----------------------------------------------------------------------------

    def stop(self) -> None:
        deadline = time.monotonic() + STOP_SECONDS - 1
        if self.uvicorn_server is not None:
            self.uvicorn_server.should_exit = True
        processes = [p.process for p in self.parts.values() if p.process is not None]
        stop_processes(processes, deadline)
        if self.web_thread is not None:
            self.web_thread.join(timeout=max(0.1, deadline - time.monotonic()))
        if self._lock is not None:
            service_file(self.settings).unlink(missing_ok=True)
            self._lock.close()
        for handle in self._logs:
            handle.close()


def stop_processes(processes: list[subprocess.Popen[bytes]], deadline: float) -> None:
    """All at once: SIGINT, then SIGTERM (a Prefect process ignores the first), then SIGKILL,
    each to the part's process group (what it started stops with it)."""
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


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def run(service: Service) -> int:
    """Start, print the addresses, keep the parts up until Ctrl-C / SIGTERM; the exit code."""
    stop = threading.Event()

    def _signal(signum: int, _frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGINT, _signal)
    signal.signal(signal.SIGTERM, _signal)
    try:
        service.start()
    except AlreadyRunning as refused:
        service.echo(f"error: {refused}")
        return 1
    except Exception:
        service.stop()
        raise
    echo = service.echo
    echo("")
    echo(f"breachflow web:   http://127.0.0.1:{service.port}  (health: /health)")
    echo(f"Prefect UI:       {service.ui_url}")
    echo(f"service file:     {service_file(service.settings)}")
    echo(f"logs:             {service.settings.logs_dir}")
    echo("Ctrl-C stops everything.")
    code = 0
    try:
        while not stop.wait(0.5):
            failed = service.supervise_once(time.monotonic())
            if failed is not None:
                echo(
                    f"error: {failed} keeps stopping ({MAX_RESTARTS} restarts within "
                    f"{RESTART_WINDOW_SECONDS:.0f} s): see {service.settings.logs_dir}"
                )
                code = 1
                break
    finally:
        service.stop()
    return code

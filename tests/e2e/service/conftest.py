"""One `breachflow serve` shared by the served tests (the xdist group "served"): its own data
folder, Prefect server and runner.

Started as a subprocess (`python -m breachflow serve`), exactly as a user starts it;
tests talk to it through the database, Prefect's API and `GET /health`.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine

from breachflow.settings import Settings
from breachflow.store import engine_for
from tests.integration.flows.flow_support import file_report
from tests.support.served import uses_served

TWENTY = 20
ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    from breachflow.supervisor import free_port as _free

    return _free()


@dataclass
class Served:
    data_dir: Path
    process: subprocess.Popen[bytes]
    info: dict[str, Any]
    settings: Settings
    engine: Engine
    waiting: list[Any] = field(default_factory=list)

    @property
    def env(self) -> dict[str, str]:
        return service_env(self.data_dir, self.info["prefect_api_url"])


def service_env(data_dir: Path, api_url: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "BREACHFLOW_"))}
    env["BREACHFLOW_DATA_DIR"] = str(data_dir)
    env["PREFECT_HOME"] = str(data_dir / "prefect")
    env["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    env["DO_NOT_TRACK"] = "1"
    env["BREACHFLOW_DISPATCHER_POLL_SECONDS"] = "0.2"
    if api_url:
        env["PREFECT_API_URL"] = api_url
    return env


_TEMPLATE_ROOT: list[Path] = []


@pytest.fixture(scope="session", autouse=True)
def _prefect_template_root(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> None:
    """Where this run keeps its migrated Prefect database: beside the test processes' own base
    folders (xdist), so the processes of one run migrate it once between them."""
    base = tmp_path_factory.getbasetemp()
    _TEMPLATE_ROOT[:] = [base if worker_id == "master" else base.parent]


def prefect_template() -> Path:
    """A Prefect database migrated once per test run: each new service's Prefect starts on a
    copy instead of migrating an empty database again (about 12 s of CPU on two busy cores)."""
    root = _TEMPLATE_ROOT[0] if _TEMPLATE_ROOT else Path(tempfile.mkdtemp(prefix="prefect-"))
    home = root / "prefect-template"
    with (root / "prefect-template.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other test process waits for the first's
        if not (home / "done").exists():
            home.mkdir(exist_ok=True)
            subprocess.run(
                [sys.executable, "-m", "prefect", "server", "database", "upgrade", "-y"],
                env={**service_env(home), "PREFECT_HOME": str(home)},
                capture_output=True,
                check=True,
                timeout=300,
            )
            (home / "done").touch()
    return home / "prefect.db"


def start_service(
    data_dir: Path,
    *,
    reconcile_seconds: float = 5.0,
    extra_env: dict[str, str] | None = None,
    args: tuple[str, ...] = (),
    ports: tuple[int, int] | None = None,
    healthy: bool = True,
) -> Served:
    """Start `serve` and wait for its health to say every part is up (`healthy=False`: only
    that it answers, e.g. without workers, whose clock it waits for)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    prefect_db = data_dir / "prefect" / "prefect.db"
    on_sqlite = "PREFECT_API_DATABASE_CONNECTION_URL" not in (extra_env or {})
    if on_sqlite and not prefect_db.exists():
        prefect_db.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(prefect_template(), prefect_db)
    port, prefect_port = ports or (free_port(), free_port())
    log = (data_dir / "serve.out").open("ab")
    env = {**service_env(data_dir), **(extra_env or {})}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "breachflow",
            "serve",
            "--port",
            str(port),
            "--prefect-port",
            str(prefect_port),
            "--reconcile-seconds",
            str(reconcile_seconds),
            *args,
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    end = time.monotonic() + 120
    info: dict[str, Any] | None = None
    with httpx.Client(timeout=2) as http:
        while time.monotonic() < end and process.poll() is None:
            try:
                info = json.loads((data_dir / "run" / "service.json").read_text())
                status = http.get(info["health_url"]).status_code
                if status == 200 or (status == 503 and not healthy):
                    break
            except (FileNotFoundError, json.JSONDecodeError, httpx.HTTPError):
                pass
            time.sleep(0.3)
        else:
            process.kill()
            log = (data_dir / "serve.out").read_text()[-3000:]
            raise RuntimeError("serve did not come up: " + log)
    assert info is not None
    settings = Settings(
        data_dir=data_dir,
        database_url=env.get("BREACHFLOW_DATABASE_URL", ""),
        _env_file=None,  # type: ignore[call-arg]
    )
    return Served(data_dir, process, info, settings, engine_for(settings))


def stop_service(served: Served) -> float:
    """Ctrl-C (SIGINT); returns the seconds it took to exit."""
    started = time.monotonic()
    served.process.send_signal(signal.SIGINT)
    try:
        served.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        served.process.kill()
        served.process.wait()
    served.engine.dispose()
    return time.monotonic() - started


_SERVICE: list[Served] = []


@pytest.fixture
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    """The test process's one served service, started by the first test that asks for it and
    stopped after the last (`pytest_runtest_teardown`), so it does not idle under the rest."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    # A pytest or pytest-xdist that stops grouping would start one service per test process,
    # seen only in the time the suite takes.
    # (xdist's test processes set `loadgroup`; a run without xdist has no such option.)
    grouped = getattr(request.config.option, "loadgroup", False)
    if grouped and not request.node.nodeid.endswith("@served"):
        pytest.fail("pytest-xdist did not keep the tests of the served service in one process")

    if not _SERVICE:
        service = start_service(
            tmp_path_factory.mktemp("served") / "data",
            extra_env={"BREACHFLOW_WATCHDOG_SECONDS": "1"},  # test_service_watchdog
        )
        # Reported first, so their runs overlap the other tests' waits; checked by
        # test_service_waiting whenever it runs.
        service.waiting = [file_report(service.engine, service.settings).id for _ in range(TWENTY)]
        _SERVICE.append(service)
    with temporary_settings({PREFECT_API_URL: _SERVICE[0].info["prefect_api_url"]}):
        yield _SERVICE[0]


def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    # The xdist group "served" runs these tests one after another in one process.
    if _SERVICE and uses_served(item) and not uses_served(nextitem):
        stop_service(_SERVICE.pop())


def pytest_sessionfinish() -> None:
    while _SERVICE:
        stop_service(_SERVICE.pop())

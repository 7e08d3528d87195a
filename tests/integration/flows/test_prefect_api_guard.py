"""`serve` starts Prefect so that only the Prefect UI and breachflow's pages may call its API
from a browser, and state-changing calls need Prefect's CSRF token.

Prefect reads its settings once per process, so its app is built in a child process from the
environment `prefect_env` gives (no server is started: the app is driven in-process there)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from breachflow.settings import Settings
from breachflow.supervisor import prefect_env

PROBE = """
import json
from starlette.testclient import TestClient
from prefect.server.api.server import create_app

client = TestClient(create_app(ephemeral=True))
def preflight(origin):
    response = client.options(
        "/api/flows/filter",
        headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
    )
    return response.headers.get("access-control-allow-origin")
print(json.dumps({
    "evil": preflight("https://evil.example"),
    "ui": preflight("http://127.0.0.1:4200"),
    "pages": preflight("https://breaches.example.be"),
    "post_without_csrf": client.post("/api/flows/filter", json={}).status_code,
}))
"""


def test_prefect_env_names_the_origins_and_turns_csrf_on(tmp_path: Path) -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, data_dir=tmp_path, public_url="https://breaches.example.be/"
    )
    env = prefect_env(settings, "http://127.0.0.1:4200/api")
    assert env["PREFECT_SERVER_CORS_ALLOWED_ORIGINS"] == (
        "http://127.0.0.1:4200,https://breaches.example.be"
    )
    assert env["PREFECT_SERVER_CSRF_PROTECTION_ENABLED"] == "true"


def test_prefects_api_refuses_other_origins_and_calls_without_csrf(tmp_path: Path) -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, data_dir=tmp_path, public_url="https://breaches.example.be"
    )
    env = prefect_env(settings, "http://127.0.0.1:4200/api")
    env["PREFECT_API_DATABASE_CONNECTION_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'prefect.db'}"
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {
        "evil": None,
        "ui": "http://127.0.0.1:4200",
        "pages": "https://breaches.example.be",
        "post_without_csrf": 403,
    }

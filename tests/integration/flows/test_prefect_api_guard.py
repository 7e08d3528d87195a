"""`serve` starts Prefect so that only the Prefect UI and breachflow's pages may call its API
from a browser, and state-changing calls need Prefect's CSRF token: the environment it gives
Prefect. That the running Prefect then refuses is checked on the served service
(`tests/e2e/service/test_service_operations.py`)."""

from __future__ import annotations

from pathlib import Path

from breachflow.settings import Settings
from breachflow.supervisor import prefect_env


def test_prefect_env_names_the_origins_and_turns_csrf_on(tmp_path: Path) -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, data_dir=tmp_path, public_url="https://breaches.example.be/"
    )
    env = prefect_env(settings, "http://127.0.0.1:4200/api")
    assert env["PREFECT_SERVER_CORS_ALLOWED_ORIGINS"] == (
        "http://127.0.0.1:4200,https://breaches.example.be"
    )
    assert env["PREFECT_SERVER_CSRF_PROTECTION_ENABLED"] == "true"
    assert env["PREFECT_SERVER_REGISTER_BLOCKS_ON_START"] == "false"

"""The service as an operator sees it: waiting costs nothing, crashes heal, the demo, Prefect."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx

from breachflow import prefect_runs
from breachflow.services.steps import DEPLOYMENT
from breachflow.supervisor import origin
from rules.lifecycle import Step
from tests.e2e.service.conftest import (
    ROOT,
    Served,
    service_env,
)
from tests.e2e.service.served_support import (
    report,
)


def test_flow_runs_can_be_listed_through_the_prefect_client(served: Served) -> None:
    """The fastapi pin keeps `read_flow_runs` working (TECH-NOTES.md: HTTP 422 otherwise)."""
    from prefect import get_client

    breach_id = report(served)
    # The breach's review run exists once its assessment is done (whatever ran before).
    run_id = prefect_runs.wait_suspended(served.engine, breach_id, Step.REVIEW, seconds=300)
    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(limit=200)
        deployments = {d.name for d in client.read_deployments()}
    assert run_id in {str(run.id) for run in runs}
    assert deployments == {DEPLOYMENT}


def test_prefects_api_refuses_other_origins_and_calls_without_csrf(served: Served) -> None:
    """`serve` starts Prefect so that only the Prefect UI and breachflow's pages may call its
    API from a browser, and a state-changing call needs Prefect's CSRF token."""
    api = served.info["prefect_api_url"]
    ui, pages = origin(served.info["prefect_ui_url"]), origin(served.info["public_url"])
    with httpx.Client(timeout=10) as http:

        def allowed(origin: str) -> str | None:
            response = http.options(
                f"{api}/flows/filter",
                headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
            )
            return response.headers.get("access-control-allow-origin")

        assert allowed("https://evil.example") is None
        assert allowed(ui) == ui
        assert allowed(pages) == pages
        assert http.post(f"{api}/flows/filter", json={}).status_code == 403


def test_demo_auto_approve_through_the_running_service_reaches_filed(served: Served) -> None:
    """`breachflow demo --auto-approve` answers each suspended decision, as the UI would; the
    audit trail verifies afterwards."""
    env = served.env
    result = subprocess.run(
        [sys.executable, "-m", "breachflow", "demo", "--auto-approve"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " has been filed" in result.stdout
    assert "Prefect UI" in result.stdout
    verify = subprocess.run(
        [sys.executable, "-m", "breachflow", "audit", "verify"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_demo_auto_approve_without_a_service_in_a_fresh_data_folder(tmp_path: Path) -> None:
    """No service running: the phases run in-process and the breach still reaches filed with
    its processor notice, its GBA draft and an intact audit trail."""
    env = service_env(tmp_path / "data")
    result = subprocess.run(
        [sys.executable, "-m", "breachflow", "demo", "--auto-approve"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BR-" in result.stdout
    assert " has been filed" in result.stdout
    folder = next((tmp_path / "data" / "documents").iterdir())
    names_ = sorted(p.name for p in folder.iterdir())
    assert any("processor_notice-bakkerij-peeters" in n for n in names_)
    assert any("gba_notification" in n for n in names_)
    verify = subprocess.run(
        [sys.executable, "-m", "breachflow", "audit", "verify"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_a_second_serve_on_the_same_data_folder_refuses_and_leaves_the_first_alone(
    served: Served,
) -> None:
    """The second `serve` exits 1 at once, naming the first; the first keeps running with its
    service file."""
    result = subprocess.run(
        [sys.executable, "-m", "breachflow", "serve", "--port", "0", "--prefect-port", "0"],
        cwd=ROOT,
        env=service_env(served.data_dir),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "already running" in result.stdout + result.stderr
    assert str(served.process.pid) in result.stdout + result.stderr
    assert (served.data_dir / "run" / "service.json").exists()
    assert httpx.get(served.info["health_url"], timeout=5).status_code == 200

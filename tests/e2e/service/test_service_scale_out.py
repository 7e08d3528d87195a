"""Scaling out: PostgreSQL for breachflow and for Prefect's server, `serve --workers 0`, and two
`breachflow worker` processes sharing the work; and `prefect deploy` from `prefect.yaml`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from breachflow import prefect_runs
from breachflow.services.steps import deployment_of
from models.access import issue_token
from models.breaches import list_breaches
from models.db import read_scope, session_scope
from models.outbox import FLOW_START, list_effects
from models.types import utcnow
from rules.lifecycle import State, Step
from tests.e2e.service.conftest import ROOT, Served, start_service, stop_service
from tests.integration.store.conftest import POSTGRES_ENV, REQUIRE_ENV, postgres_skip_reason

pytestmark = pytest.mark.postgres

# Enough that each worker claims some; a larger wave is measured by `bench.orchestration`.
REPORTS = 16
WORKERS = ("worker-a", "worker-b")


@pytest.fixture
def postgres_env() -> Iterator[dict[str, str]]:
    """A schema for breachflow and a database for Prefect's server, dropped afterwards."""
    reason = postgres_skip_reason()
    if reason and os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{REQUIRE_ENV}=1 but {reason}")
    if reason:
        pytest.skip(reason)
    base = make_url(os.environ[POSTGRES_ENV])
    suffix = uuid.uuid4().hex[:10]
    schema, database = f"scale_{suffix}", f"prefect_{suffix}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
        connection.execute(text(f"CREATE DATABASE {database}"))
    breachflow = base.update_query_dict({"options": f"-csearch_path={schema}"})
    prefect = base.set(drivername="postgresql+asyncpg", database=database)
    try:
        yield {
            "BREACHFLOW_DATABASE_URL": breachflow.render_as_string(hide_password=False),
            "PREFECT_API_DATABASE_CONNECTION_URL": prefect.render_as_string(hide_password=False),
        }
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            connection.execute(text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
        admin.dispose()


def _worker(served: Served, name: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    log = (served.data_dir / f"{name}.out").open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "breachflow", "worker", "--name", name, "--reconcile-seconds", "5"],
        cwd=ROOT,
        env={**served.env, **env},
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _post(served: Served, token: str, count: int) -> list[str]:
    references = []
    with httpx.Client(timeout=30) as client:
        for number in range(count):
            response = client.post(
                f"{served.info['web_url']}/api/breaches",
                headers={"Authorization": f"Bearer {token}"},
                json={
                    "reporter": {"name": "Ann Peeters", "email": "ann@bakkerij-peeters.be"},
                    "description": f"Payslip {number} sent to a former employee",
                    "detected_at": utcnow().isoformat(),
                },
            )
            assert response.status_code == 201, response.text
            references.append(response.json()["reference"])
    return references


def _all_waiting_for_review(served: Served) -> bool:
    with read_scope(served.engine) as session:
        breaches = list_breaches(session=session)
    if len(breaches) < REPORTS or any(b.state != State.AWAITING_REVIEW for b in breaches):
        return False
    runs = [prefect_runs.latest_run_id(served.engine, b.id, Step.REVIEW) for b in breaches]
    seen = prefect_runs.run_states([run_id for run_id in runs if run_id])
    return all(run_id and (run := seen.get(run_id)) and run.type == "PAUSED" for run_id in runs)


def test_two_workers_share_the_work_and_nothing_runs_twice(
    tmp_path: Path, postgres_env: dict[str, str]
) -> None:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    served = start_service(
        tmp_path / "data", extra_env=postgres_env, args=("--workers", "0"), healthy=False
    )
    workers = [_worker(served, name, postgres_env) for name in WORKERS]
    try:
        with session_scope(served.engine) as session:
            token, _ = issue_token(
                session=session, scope="security", client_id=None, actor="t", now=utcnow()
            )
        references = _post(served, token, REPORTS)
        with temporary_settings({PREFECT_API_URL: served.info["prefect_api_url"]}):
            end = time.monotonic() + 300
            while not _all_waiting_for_review(served) and time.monotonic() < end:
                time.sleep(1)
            assert _all_waiting_for_review(served)
            _prefect_deploy_from_the_yaml(served)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(30)
        stop_service(served)
    with read_scope(served.engine) as session:
        effects = [e for e in list_effects(session=session) if e.kind == FLOW_START]
    assess = [e for e in effects if e.payload["deployment"] == deployment_of(Step.ASSESS)]
    review = [e for e in effects if e.payload["deployment"] == deployment_of(Step.REVIEW)]
    assert len(assess) == len(review) == len(references) == REPORTS
    assert {e.attempts for e in assess + review} == {1}  # nothing ran twice
    by_worker = Counter(str(e.claimed_by).split(":")[0] for e in assess)
    assert set(by_worker) == set(WORKERS), by_worker  # both did some
    for name in WORKERS:
        log = (served.data_dir / f"{name}.out").read_text()
        lines = [line for line in log.splitlines() if " assess-breach BR-" in line]
        assert len(lines) == by_worker[name]  # one line per step, with the reference


def _prefect_deploy_from_the_yaml(served: Served) -> None:
    """Those who run decisions on a work pool deploy from `prefect.yaml`."""
    env = {**served.env, "BREACHFLOW_HOME": str(ROOT)}
    for command in (
        ["work-pool", "create", "breachflow", "--type", "process"],
        ["deploy", "--all", "--prefect-file", str(ROOT / "prefect.yaml")],
    ):
        result = subprocess.run(
            [sys.executable, "-m", "prefect", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert result.returncode == 0, result.stdout + result.stderr
    from prefect import get_client

    with get_client(sync_client=True) as client:
        pooled = {
            f"{d.entrypoint}" for d in client.read_deployments() if d.work_pool_name == "breachflow"
        }
    assert len(pooled) == 6

"""Never stuck: kill -9 the worker, the Prefect server and `serve` itself at random moments of a
burst of reports and decisions; every breach still reaches its waiting decision (its Prefect
run suspended) or its end, with no obligation, document or message twice."""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from breachflow import prefect_runs, services
from breachflow.services.steps import latest_decision
from models.access import issue_token
from models.breaches import list_breaches
from models.db import read_scope, session_scope
from models.documents import list_documents
from models.obligations import list_obligations
from models.outbox import list_effects
from models.types import utcnow
from rules.decisions import Approval, DecisionRefused, Review
from rules.lifecycle import Decision, State, Step, WrongState, expected_step
from tests.e2e.service.conftest import Served, start_service
from tests.integration.flows.flow_support import DPO
from tests.integration.store.conftest import POSTGRES_ENV, REQUIRE_ENV, postgres_skip_reason

REPORTS = 14
SEED = int(os.environ.get("BREACHFLOW_CRASH_SEED", "2026"))
# Where a breach waits for a person, and on which decision step.
WAITING = {
    State.AWAITING_REVIEW: Step.REVIEW,
    State.AWAITING_APPROVAL: Step.APPROVAL,
    State.APPROVED: Step.FILING,
    State.FILED: Step.CLOSING,
    State.PART2_DUE: Step.PART2,
}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_env(request: pytest.FixtureRequest) -> Iterator[dict[str, str]]:
    """Extra environment for `serve`: nothing (SQLite in the data folder), or a fresh
    PostgreSQL schema."""
    if request.param == "sqlite":
        yield {}
        return
    reason = postgres_skip_reason()
    if reason and os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{REQUIRE_ENV}=1 but {reason}")
    if reason:
        pytest.skip(reason)
    base = os.environ[POSTGRES_ENV]
    schema = f"crash_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = (
        make_url(base)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )
    try:
        yield {"BREACHFLOW_DATABASE_URL": url}
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


class Burst:
    """Reports posted through the API, as clients do, and the DPO's decisions on breachflow's
    side, while processes are killed under them."""

    def __init__(self, served: Served, token: str) -> None:
        self.served = served
        self.token = token
        self.references: list[str] = []
        self.stop = threading.Event()
        self.reporting_done = threading.Event()

    def report(self) -> None:
        rng = random.Random(SEED)
        while len(self.references) < REPORTS and not self.stop.is_set():
            body = {
                "reporter": {"name": "Security desk", "email": "security@groups.be"},
                "description": "Payslips sent to the wrong employer",
                "detected_at": utcnow().isoformat(),
                "activities": ["payroll-bakkerij-peeters", "staff-administration"],
                "breach": {"nature": ["confidentiality"], "confidentiality": "known_recipients"},
            }
            try:
                response = httpx.post(
                    f"{self.served.info['web_url']}/api/breaches",
                    json=body,
                    headers={"Authorization": f"Bearer {self.token}"},
                    timeout=10,
                )
            except httpx.HTTPError:
                time.sleep(0.5)  # the service is down: the client tries again
                continue
            if response.status_code == 201:
                self.references.append(response.json()["reference"])
            time.sleep(rng.uniform(0.1, 1.0))
        self.reporting_done.set()

    def decide(self) -> None:
        while not self.stop.is_set():
            with contextlib.suppress(Exception):  # the database may be briefly unreachable
                self._decide_once()
            self.stop.wait(0.5)

    def _decide_once(self) -> None:
        engine, settings = self.served.engine, self.served.settings
        with read_scope(engine) as session:
            breaches = list_breaches(session=session)
        for breach in breaches:
            with contextlib.suppress(WrongState, DecisionRefused):
                if breach.state == State.AWAITING_REVIEW:
                    services.record_review(
                        engine=engine,
                        settings=settings,
                        breach_id=breach.id,
                        review=Review(DPO, breach.aware_at),
                        now=utcnow(),
                    )
                elif breach.state == State.AWAITING_APPROVAL:
                    services.record_approval(
                        engine=engine,
                        settings=settings,
                        breach_id=breach.id,
                        approval=Approval(DPO),
                        now=utcnow(),
                    )


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _pids(served: Served) -> dict[str, int]:
    info = json.loads((served.data_dir / "run" / "service.json").read_text())
    return {name: int(pid) for name, pid in info["pids"].items()}


def _wait_healthy(served: Served, seconds: float = 120) -> None:
    end = time.monotonic() + seconds
    with httpx.Client(timeout=2) as http:
        while time.monotonic() < end:
            with contextlib.suppress(httpx.HTTPError):
                if http.get(served.info["health_url"]).status_code == 200:
                    return
            time.sleep(0.3)
    raise AssertionError("the service did not come back healthy")


def _settled(served: Served) -> list[str]:
    """What still moves: breaches neither waiting with their decision run open nor ended."""
    unsettled = []
    with read_scope(served.engine) as session:
        breaches = list_breaches(session=session)
        filing = {
            b.id: latest_decision(session, b.id, Decision.FILING) is not None for b in breaches
        }
    runs: dict[str, str | None] = {}  # each waiting breach's decision run
    for breach in breaches:
        state = State(breach.state)
        if state in (State.CLOSED, State.WITHDRAWN):
            continue
        step = expected_step(state, filing_recorded=filing[breach.id])
        if state not in WAITING or step is not WAITING[state]:
            unsettled.append(f"{breach.reference} {state.value}")
            continue
        runs[f"{breach.reference} {state.value}"] = prefect_runs.latest_run_id(
            served.engine, breach.id, step
        )
    seen = prefect_runs.run_states([run_id for run_id in runs.values() if run_id])
    for waiting, run_id in runs.items():
        run = seen.get(run_id) if run_id else None
        if run is None or run.type != "PAUSED":
            unsettled.append(f"{waiting}: run {run and run.type}")
    return unsettled


def test_kills_at_random_moments_leave_nothing_stuck_and_nothing_twice(
    tmp_path: Path, database_env: dict[str, str]
) -> None:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    rng = random.Random(SEED)
    data_dir = tmp_path / "data"
    served = start_service(data_dir, reconcile_seconds=5, extra_env=database_env)
    with session_scope(served.engine) as session:
        token, _ = issue_token(
            session=session, scope="security", client_id=None, actor="t", now=utcnow()
        )
    burst = Burst(served, token)
    threads = [threading.Thread(target=burst.report), threading.Thread(target=burst.decide)]
    for thread in threads:
        thread.start()
    try:
        for victim in ("worker-1", "prefect-server", "serve"):
            time.sleep(rng.uniform(1.0, 5.0))
            if victim == "serve":
                _kill(served.process.pid)
                served.process.wait(30)
                served.engine.dispose()
                served = start_service(data_dir, reconcile_seconds=5, extra_env=database_env)
                burst.served = served
            else:
                _kill(_pids(served)[victim])
            _wait_healthy(served)
        assert burst.reporting_done.wait(300), "the reports were not all accepted"
        with temporary_settings({PREFECT_API_URL: served.info["prefect_api_url"]}):
            end = time.monotonic() + 240
            while (unsettled := _settled(served)) and time.monotonic() < end:
                time.sleep(1)
        assert unsettled == []
    finally:
        burst.stop.set()
        for thread in threads:
            thread.join(30)
        stop_service_quietly(served)

    assert len(burst.references) == REPORTS
    with read_scope(served.engine) as session:
        breaches = list_breaches(session=session)
        assert len(breaches) == REPORTS
        for breach in breaches:
            documents = Counter(
                (d.kind, d.party, d.version)
                for d in list_documents(session=session, breach_id=breach.id)
            )
            assert max(documents.values(), default=1) == 1, breach.reference
            kinds = Counter(
                (o.kind, o.party, o.activity_id)
                for o in list_obligations(session=session, breach_id=breach.id)
            )
            assert max(kinds.values()) == 1, breach.reference
            effects = list_effects(session=session, breach_id=breach.id)
            assert [e.key for e in effects if e.state == "failed"] == []
    lines = [json.loads(line) for line in (data_dir / "slack.jsonl").read_text().splitlines()]
    posted = Counter(line["key"] for line in lines if line.get("action") == "post")
    assert [key for key, n in posted.items() if n > 1] == []


def stop_service_quietly(served: Served) -> None:
    from tests.e2e.service.conftest import stop_service

    with contextlib.suppress(Exception):
        stop_service(served)

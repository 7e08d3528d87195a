"""The real FlowStarter against a temporary Prefect server: one flow run per idempotency key.

No worker runs: `run_deployment(..., timeout=0)` only creates the scheduled flow run, which is
exactly what the dispatcher needs to know happened.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from breachflow.step_starts import PrefectStarter as PrefectFlowStarter

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A temporary Prefect server (about 13 s) with a deployment of a tiny flow."""
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path_factory.mktemp("prefect-home")))
    monkeypatch.setenv("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    monkeypatch.setenv("DO_NOT_TRACK", "1")
    from prefect import flow
    from prefect.testing.utilities import prefect_test_harness

    @flow(name="store-probe")
    def probe(reference: str) -> str:
        return reference

    with prefect_test_harness():
        probe.to_deployment(name="probe").apply()
        yield
    monkeypatch.undo()


def test_prefect_starter_creates_one_run_per_idempotency_key(prefect_server: None) -> None:
    """A repeated start (same key) returns the first run; another key makes another run."""
    from prefect import get_client

    starter = PrefectFlowStarter()
    first = starter.start(
        deployment="store-probe/probe",
        parameters={"reference": "BR-2026-0001"},
        idempotency_key="k1",
    )
    repeat = starter.start(
        deployment="store-probe/probe",
        parameters={"reference": "BR-2026-0001"},
        idempotency_key="k1",
    )
    other = starter.start(
        deployment="store-probe/probe",
        parameters={"reference": "BR-2026-0002"},
        idempotency_key="k2",
    )
    assert first == repeat
    assert other != first
    with get_client(sync_client=True) as client:
        run = client.read_flow_run(uuid.UUID(first))
    assert run.parameters == {"reference": "BR-2026-0001"}
    assert run.idempotency_key == "k1"

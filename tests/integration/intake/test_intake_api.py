"""The JSON API: filing, tenant isolation, revocation, validation and the outbox hand-off."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from breachflow.dispatcher import Dispatcher
from breachflow.step_starts import flow_start_handler
from models.access import get_client, get_intake_report, revoke_token
from models.breaches import get_breach_by_reference
from models.db import read_scope, session_scope
from models.outbox import FLOW_START, list_effects
from models.tables import OutboxEffect
from tests.integration.intake.conftest import TokenFactory, api_report, bearer


def starts_of(session: Session, breach_id: uuid.UUID) -> list[OutboxEffect]:
    """The breach's flow.start effects (alerts may queue others beside them)."""
    return [e for e in list_effects(session=session, breach_id=breach_id) if e.kind == FLOW_START]


def test_client_report_is_stored_with_its_flow_start_queued(
    client: TestClient, token_for: TokenFactory, engine: Engine
) -> None:
    """A client's report answers 201 with a reference; breach and assess start commit together."""
    response = client.post(
        "/api/breaches", json=api_report(), headers=bearer(token_for("bakkerij-peeters"))
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert re.fullmatch(r"BR-\d{4}-\d{4}", body["reference"])
    with read_scope(engine) as session:
        breach = get_breach_by_reference(session=session, reference=body["reference"])
        effects = list_effects(session=session, breach_id=breach.id)
        intake = get_intake_report(session=session, breach_id=breach.id)
    starts = [e for e in effects if e.kind == FLOW_START]
    assert [e.payload["deployment"] for e in starts] == ["assess-breach/breachflow"]
    assert starts[0].payload["parameters"] == {"breach_id": str(breach.id)}
    assert breach.channel == "api"
    with read_scope(engine) as session:
        assert breach.client_id is not None
        client = get_client(session=session, client_id=breach.client_id)
    assert client is not None
    assert client.code == "bakkerij-peeters"
    assert breach.facts["confidentiality"] == "unknown"  # missing facts are spelt out
    # The reporter named no activity: none is tied to the breach; the DPO names them at review.
    assert breach.affected_activity_ids == []
    assert intake is not None
    assert intake.language == "nl"


def test_a_report_keeps_the_activities_its_reporter_named_and_no_others(
    client: TestClient, token_for: TokenFactory
) -> None:
    """Named activities are the breach's; none named stays none (not every activity of the
    client): the assessment takes those as the worst case until the DPO's review."""
    token = token_for("transports-dubois")
    named = client.post(
        "/api/breaches",
        json=api_report(activities=["payroll-transports-dubois"]),
        headers=bearer(token),
    )
    assert named.status_code == 201, named.text
    assert named.json()["activities"] == ["payroll-transports-dubois"]
    unnamed = client.post("/api/breaches", json=api_report(breach={}), headers=bearer(token))
    assert unnamed.status_code == 201, unnamed.text
    assert unnamed.json()["activities"] == []


def test_missing_or_bad_token_is_401(client: TestClient) -> None:
    """No token, a malformed header or an unknown token: 401 with a Bearer challenge."""
    assert client.get("/api/breaches").status_code == 401
    bad = client.get("/api/breaches", headers=bearer("not-a-token"))
    assert bad.status_code == 401
    assert bad.headers["www-authenticate"] == "Bearer"
    assert client.post("/api/breaches", json=api_report()).status_code == 401


def test_clients_see_only_their_own_reports_and_breaches_they_control(
    client: TestClient, token_for: TokenFactory
) -> None:
    """Tenant isolation both ways: the reporter view and the controller view."""
    peeters, dubois, security = (
        token_for("bakkerij-peeters"),
        token_for("transports-dubois"),
        token_for("security"),
    )
    own = client.post("/api/breaches", json=api_report(), headers=bearer(peeters)).json()
    found_by_us = client.post(
        "/api/breaches",
        json=api_report(
            description="Payroll export of Transports Dubois left on an open share",
            activities=["payroll-transports-dubois"],
        ),
        headers=bearer(security),
    ).json()

    # Reporter view: Peeters sees its report in full; Dubois gets 404 as if it did not exist.
    mine = client.get(f"/api/breaches/{own['reference']}", headers=bearer(peeters)).json()
    assert mine["relation"] == "reporter"
    assert "wrong employee" in mine["description"]
    assert (
        client.get(f"/api/breaches/{own['reference']}", headers=bearer(dubois)).status_code == 404
    )

    # Controller view: Dubois sees the breach in its payroll, without our description; Peeters
    # does not see it at all.
    theirs = client.get(f"/api/breaches/{found_by_us['reference']}", headers=bearer(dubois))
    assert theirs.status_code == 200
    assert theirs.json()["relation"] == "controller"
    assert "description" not in theirs.json()
    assert theirs.json()["activities"] == ["payroll-transports-dubois"]
    assert (
        client.get(f"/api/breaches/{found_by_us['reference']}", headers=bearer(peeters)).status_code
        == 404
    )

    listed = client.get("/api/breaches", headers=bearer(peeters)).json()
    assert [b["reference"] for b in listed["data"]] == [own["reference"]]
    assert listed["count"] == 1
    everything = client.get("/api/breaches", headers=bearer(security)).json()
    assert everything["count"] == 2
    # A controller may read but not add facts to a breach it did not report.
    refused = client.post(
        f"/api/breaches/{found_by_us['reference']}/facts",
        json={"breach": {"malicious": False}},
        headers=bearer(dubois),
    )
    assert refused.status_code == 403


def test_revoked_token_is_refused_at_once(
    client: TestClient, token_for: TokenFactory, engine: Engine
) -> None:
    """Revocation takes effect on the next request."""
    token = token_for("mueller-bau")
    assert client.get("/api/breaches", headers=bearer(token)).status_code == 200
    with session_scope(engine) as session:
        revoke_token(session=session, token=token, actor="test", now=datetime.now(UTC))
    assert client.get("/api/breaches", headers=bearer(token)).status_code == 401


def test_invalid_input_is_422_naming_each_field(
    client: TestClient, token_for: TokenFactory
) -> None:
    """Every problem names its field: nested, in the facts, and against the register."""
    token = token_for("bakkerij-peeters")
    cases = {
        "reporter.email": api_report(reporter={"name": "Ann", "email": "not-an-address"}),
        "breach.confidentiality": api_report(breach={"confidentiality": "leaked"}),
        "breach.colour": api_report(breach={"colour": "red"}),
        "breach.subjects.count": api_report(breach={"subjects": {"count": -3}}),
        "detected_at": api_report(detected_at="2026-03-27T09:30:00"),
        "activities[0]": api_report(activities=["payroll-transports-dubois"]),
        "occurred_to": api_report(
            occurred_from="2026-03-20T10:00:00+01:00", occurred_to="2026-03-19T10:00:00+01:00"
        ),
        "surprise": {**api_report(), "surprise": 1},
        "description": api_report(description="bad \x00 byte"),
    }
    for field, body in cases.items():
        response = client.post("/api/breaches", json=body, headers=bearer(token))
        assert response.status_code == 422, (field, response.text)
        assert field in [p["field"] for p in response.json()["detail"]], (field, response.text)


def test_added_facts_are_merged_and_foreign_breaches_stay_hidden(
    client: TestClient, token_for: TokenFactory, engine: Engine
) -> None:
    """The reporter adds facts (merged, `subjects` field by field); another client gets 404."""
    token = token_for("bakkerij-peeters")
    reference = client.post("/api/breaches", json=api_report(), headers=bearer(token)).json()[
        "reference"
    ]
    response = client.post(
        f"/api/breaches/{reference}/facts",
        json={"breach": {"confidentiality": "known_recipients", "subjects": {"vulnerable": False}}},
        headers=bearer(token),
    )
    assert response.status_code == 200, response.text
    facts = response.json()["facts"]
    assert facts["confidentiality"] == "known_recipients"
    assert facts["subjects"]["count"] == 12
    assert facts["subjects"]["vulnerable"] is False
    other = client.post(
        f"/api/breaches/{reference}/facts",
        json={"breach": {"malicious": True}},
        headers=bearer(token_for("brightdesk")),
    )
    assert other.status_code == 404
    bad = client.post(
        f"/api/breaches/{reference}/facts", json={"breach": {"nature": []}}, headers=bearer(token)
    )
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["field"] == "breach.nature"


def test_flow_start_failure_keeps_the_report_and_starts_it_later(
    client: TestClient, token_for: TokenFactory, engine: Engine
) -> None:
    """Prefect down at submit time: the report is stored, the start retried until it works."""
    reference = client.post(
        "/api/breaches", json=api_report(), headers=bearer(token_for("security"))
    ).json()["reference"]

    class PrefectDown:
        def start(self, **_: object) -> str:
            raise ConnectionError("Prefect API unreachable")

    now = datetime.now(UTC)
    failing = Dispatcher(engine, {FLOW_START: flow_start_handler(PrefectDown())}, clock=lambda: now)
    failing.run_until_idle()
    with read_scope(engine) as session:
        breach = get_breach_by_reference(session=session, reference=reference)
        (effect,) = starts_of(session, breach.id)
    assert effect.state == "pending"
    assert "unreachable" in (effect.last_error or "")

    started: list[str] = []

    class PrefectBack:
        def start(self, *, deployment: str, parameters: Any, idempotency_key: str) -> str:
            started.append(parameters["breach_id"])
            return "run-1"

    starter = PrefectBack()
    later = now + timedelta(minutes=1)
    working = Dispatcher(engine, {FLOW_START: flow_start_handler(starter)}, clock=lambda: later)
    working.run_until_idle()
    with read_scope(engine) as session:
        (effect,) = starts_of(session, breach.id)
    assert effect.state == "done"
    assert effect.result is not None
    assert started == [str(breach.id)]


def test_rate_limit_per_token(
    settings_rate_limited_client: TestClient, token_for: TokenFactory
) -> None:
    """Past the configured requests per minute a token gets 429 with Retry-After; others not."""
    token, other = token_for("brightdesk"), token_for("mueller-bau")
    codes = [
        settings_rate_limited_client.get("/api/breaches", headers=bearer(token)).status_code
        for _ in range(4)
    ]
    assert codes == [200, 200, 200, 429]
    assert (
        settings_rate_limited_client.get("/api/breaches", headers=bearer(other)).status_code == 200
    )


def test_security_headers_and_openapi_document(client: TestClient) -> None:
    """Every response carries the security headers; the OpenAPI document is served."""
    response = client.get("/openapi.json")
    assert response.status_code == 200
    assert "/api/breaches" in response.json()["paths"]
    for name, value in {
        "referrer-policy": "no-referrer",
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
    }.items():
        assert response.headers[name] == value
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert client.get("/api/breaches").headers["referrer-policy"] == "no-referrer"


def test_oversized_json_body_is_413(client: TestClient, token_for: TokenFactory) -> None:
    """A body over the JSON limit is refused before it is parsed."""
    body = api_report(description="x" * (2 * 1024 * 1024))
    response = client.post("/api/breaches", json=body, headers=bearer(token_for("security")))
    assert response.status_code == 413

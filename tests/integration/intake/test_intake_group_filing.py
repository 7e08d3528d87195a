"""Reports that arrive together are filed together: each stored once, with its own reference,
intake row, flow start and alert, exactly as a report filed alone."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import col, select

from breachflow.alerts import enqueue_alert, top_key
from breachflow.settings import Settings
from models.access import get_intake_report
from models.audit import verify_chain
from models.breaches import get_breach_by_reference
from models.db import read_scope, session_scope
from models.outbox import FLOW_START, SLACK_POST, get_effect, list_effects
from models.reminders import get_thread
from models.tables import Breach, OutboxEffect, SlackThread
from tests.integration.intake.conftest import TokenFactory, api_report, bearer

REPORTS = 40


def test_concurrent_reports_are_each_stored_once_with_everything_they_queue(
    client: TestClient, token_for: TokenFactory, engine: Engine
) -> None:
    tokens = [token_for(code) for code in ("bakkerij-peeters", "transports-dubois", "security")]

    def post(number: int) -> tuple[int, str, str]:
        body = api_report(description=f"report {number}")
        response = client.post(
            "/api/breaches", json=body, headers=bearer(tokens[number % len(tokens)])
        )
        return response.status_code, response.json().get("reference", ""), f"report {number}"

    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(post, range(REPORTS)))

    assert {status for status, _, _ in answers} == {201}
    references = sorted(reference for _, reference, _ in answers)
    year = references[0][3:7]
    assert references == [f"BR-{year}-{n:04d}" for n in range(1, REPORTS + 1)]
    with read_scope(engine) as session:
        for _, reference, description in answers:
            breach = get_breach_by_reference(session=session, reference=reference)
            assert breach.description == description
            assert get_intake_report(session=session, breach_id=breach.id) is not None
            kinds = sorted(e.kind for e in list_effects(session=session, breach_id=breach.id))
            assert kinds == sorted([FLOW_START, SLACK_POST])
            assert get_thread(session=session, breach_id=breach.id) is not None
        assert len(list(session.exec(select(Breach.id)))) == REPORTS
        assert verify_chain(session).ok


def test_the_batch_alert_is_the_one_enqueue_alert_makes(
    client: TestClient, token_for: TokenFactory, engine: Engine, settings: Settings
) -> None:
    """The intake builds a new breach's Slack top message itself (no queries per report): it
    must be the message, due time and thread that `enqueue_alert("breach_reported")` makes."""
    response = client.post(
        "/api/breaches", json=api_report(), headers=bearer(token_for("bakkerij-peeters"))
    )
    reference = response.json()["reference"]
    with read_scope(engine) as session:
        filed = get_effect(session=session, key=top_key(reference))
        breach = get_breach_by_reference(session=session, reference=reference)
    with session_scope(engine) as session:
        # Forget the intake's alert, let enqueue_alert make it again, compare, then roll back.
        session.delete(session.get(SlackThread, breach.id))
        session.delete(session.get(OutboxEffect, filed.id))
        session.flush()
        (again,) = enqueue_alert(
            session=session,
            settings=settings,
            breach=session.get(Breach, breach.id),
            event="breach_reported",
            now=breach.created_at,
        )
        assert (again.key, again.kind, again.payload) == (filed.key, filed.kind, filed.payload)
        assert again.next_attempt_at == filed.next_attempt_at
        assert again.next_attempt_at > breach.created_at  # after the flow start
        session.rollback()
    with read_scope(engine) as session:
        effects = session.exec(
            select(OutboxEffect).order_by(col(OutboxEffect.next_attempt_at))
        ).all()
        assert [e.kind for e in effects] == [FLOW_START, SLACK_POST]

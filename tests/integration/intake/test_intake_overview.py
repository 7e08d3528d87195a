"""The DPO's overview and the CSV register of breaches, for the security-team token only."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from breachflow.services.steps import start_step
from breachflow.settings import Settings
from documents.breach_register import COLUMNS as REGISTER_COLUMNS
from intake.app import create_app
from models.breaches import get_breach_by_reference
from models.db import session_scope
from models.documents import add_document, mark_document_filed
from models.obligations import ensure_obligation
from models.outbox import claim_next, mark_done
from models.tables import DocumentCreate, ObligationCreate
from rules.lifecycle import Step
from rules.processing_register import ProcessingRegister
from tests.integration.flows.flow_support import rig
from tests.integration.intake.conftest import TokenFactory, api_report, bearer

NOW = datetime.now(UTC)


def file(client: TestClient, token: str, description: str) -> str:
    response = client.post(
        "/api/breaches", json=api_report(description=description), headers=bearer(token)
    )
    assert response.status_code == 201, response.text
    return str(response.json()["reference"])


def with_duty(engine: Engine, reference: str, hours: float, party: str = "gba") -> None:
    """Give a breach an open obligation due in `hours`."""
    with session_scope(engine) as session:
        breach = get_breach_by_reference(session=session, reference=reference)
        ensure_obligation(
            session=session,
            obligation_in=ObligationCreate(
                breach_id=breach.id,
                kind="authority_notification",
                party=party,
                due_at=NOW + timedelta(hours=hours),
            ),
            actor="test",
            now=NOW,
        )


def test_overview_sorts_by_nearest_deadline_and_marks_the_urgent(
    client: TestClient, token_for: TokenFactory, engine: Engine
) -> None:
    """Nearest deadline first; under 24 hours in red; obligations, documents, timeline, and the
    link to the waiting Prefect decision."""
    security = token_for("security")
    later = file(client, security, "Laptop stolen from a car")
    sooner = file(client, security, "Ransomware on the file server")
    no_deadline = file(client, security, '=HYPERLINK("http://evil")')
    with_duty(engine, later, 50)
    with_duty(engine, sooner, 10)
    with session_scope(engine) as session:
        breach = get_breach_by_reference(session=session, reference=sooner)
        document = add_document(
            session=session,
            document_in=DocumentCreate(
                breach_id=breach.id,
                kind="gba_notification",
                party="gba",
                language="nl",
                content_hash="0" * 64,
                path="documents/x.pdf",
            ),
            actor="test",
            now=NOW,
        )
        mark_document_filed(
            session=session,
            document_id=document.id,
            filed_or_sent_at=NOW,
            external_reference="DBN-2026-123",
            actor="dpo",
            now=NOW,
        )
        start_step(session=session, breach_id=breach.id, step=Step.REVIEW, key="1", now=NOW)
    # Mark every start done, as the dispatcher would, with a flow run id for the link.
    while True:
        with session_scope(engine) as session:
            claimed = claim_next(
                session=session,
                now=NOW + timedelta(hours=1),
                lease=timedelta(minutes=5),
                claimed_by="t",
            )
            if claimed is None:
                break
            effect, _ = claimed
            run_id = "run-" + effect.key.rsplit(":", 2)[-2][:8]
            mark_done(
                session=session,
                effect_id=effect.id,
                claimed_by="t",
                result={"flow_run_id": run_id},
                now=NOW,
            )

    client.get(f"/r/{security}?lang=en")
    page = client.get("/overview?lang=en")
    assert page.status_code == 200
    order = re.findall(r'id="breach-(BR-\d{4}-\d{4})"', page.text)
    assert order == [sooner, later, no_deadline]
    sooner_block = page.text.split(f'id="breach-{sooner}"')[1].split("</details>")[0]
    assert re.search(r'class="deadline urgent">(9|10) h left', sooner_block)
    assert "Notify the GBA/APD (Art. 33)" in sooner_block
    assert "DBN-2026-123" in sooner_block
    assert "/runs/flow-run/run-" in sooner_block  # the review decision's run
    assert "breach recorded" in sooner_block  # audit timeline, in words
    later_block = page.text.split(f'id="breach-{later}"')[1].split("</details>")[0]
    assert 'class="deadline">' in later_block
    assert "urgent" not in later_block

    exported = client.get("/overview/breaches.csv")
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.text.lstrip("\ufeff"))))
    assert tuple(rows[0]) == REGISTER_COLUMNS
    assert [r[0] for r in rows[1:]] == [later, sooner, no_deadline]
    by_reference = {r[0]: dict(zip(REGISTER_COLUMNS, r, strict=True)) for r in rows[1:]}
    assert by_reference[sooner]["gba_reference"] == "DBN-2026-123"
    # The reporter's own text stays out of the register: it says what happened from the coded
    # facts (documents.summary); a typed formula cannot reach a spreadsheet through it.
    assert "HYPERLINK" not in exported.text
    assert by_reference[no_deadline]["description"].startswith("A security incident")


def test_overview_and_csv_are_for_the_security_team_only(
    settings: Settings, engine: Engine, register: ProcessingRegister, token_for: TokenFactory
) -> None:
    """A client token gets 404 for the overview and the register."""
    with TestClient(create_app(settings, engine, register=register)) as client:
        client.get(f"/r/{token_for('bakkerij-peeters')}")
        assert client.get("/overview").status_code == 404
        assert client.get("/overview/breaches.csv").status_code == 404


def test_a_likely_duplicate_is_suggested_and_linked_from_the_overview(
    client: TestClient, token_for: TokenFactory, engine: Engine, settings: Settings
) -> None:
    """Two clients report the same payroll leak: the second's row offers to link it into the
    first; the form (with its CSRF token) links it, and it leaves the open breaches."""
    references = []
    for code in ("bakkerij-peeters", "transports-dubois"):
        body = api_report(description="Payslips sent to a stranger", activities=[f"payroll-{code}"])
        response = client.post("/api/breaches", json=body, headers=bearer(token_for(code)))
        assert response.status_code == 201, response.text
        references.append(str(response.json()["reference"]))
    first, second = references
    rig(engine, settings)[0].run_until_idle()
    client.get(f"/r/{token_for('security')}")
    page = client.get("/overview?lang=en").text
    row = page[page.index(f'id="breach-{second}"') :]
    assert f"Possibly the same incident as {first}" in row
    dutch = client.get("/overview?lang=nl").text
    dutch_row = dutch[dutch.index(f'id="breach-{second}"') :]
    # Why, in the reader's language, with the register's names, never its ids.
    assert "dezelfde systemen: " in dutch_row
    assert "payroll-" not in dutch_row.split("</p>")[0]
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', row)
    assert csrf is not None
    refused = client.post(
        "/overview/link", data={"csrf_token": "forged", "report": second, "into": first}
    )
    assert refused.status_code == 403
    linked = client.post(
        "/overview/link",
        data={"csrf_token": csrf.group(1), "report": second, "into": first},
        follow_redirects=False,
    )
    assert linked.status_code == 303
    with session_scope(engine) as session:
        assert get_breach_by_reference(session=session, reference=second).state == "merged"
    assert f'id="breach-{second}"' not in client.get("/overview?lang=en").text

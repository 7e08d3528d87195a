"""The DPO's desk in the web app: a signed-in DPO reviews, approves and files on breachflow's
pages, in her own name; errors are shown all at once with the values kept; roles decide who
may take what; drafts open through `/documents/{id}`, never for a client or nobody."""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import select

from breachflow.dispatcher import Dispatcher
from breachflow.settings import Settings
from intake.app import create_app
from intake.guards import IntakeLimits
from models.breaches import get_breach, get_breach_by_reference
from models.db import read_scope
from models.decisions import list_decisions
from models.tables import AuditEvent, Breach, Document
from rules.deadlines import BRUSSELS
from rules.processing_register import ProcessingRegister
from tests.integration.intake.conftest import TokenFactory, bearer
from tests.integration.intake.people_support import form_token, make_person, sign_in

LATE = "The report reached the DPO only after the weekend."


def decision_link(page: str, kind: str) -> str:
    found = re.search(rf'href="(/decisions/BR-\d{{4}}-\d{{4,}}\.{kind}\.\d+)"', page)
    assert found, f"no {kind} decision listed"
    return found.group(1)


def test_dpo_reviews_approves_and_files_on_the_pages(
    client: TestClient, engine: Engine, waiting_review: tuple[Breach, Dispatcher]
) -> None:
    """The whole decision path: the review form shows the recorded awareness time in Brussels
    time; a refused submission lists every problem beside its field and keeps what was typed;
    each decision leads to the next page; the drafts open as PDFs; the decisions and the audit
    name the signed-in DPO."""
    breach, dispatcher = waiting_review
    dpo = make_person(engine, "dpo", name="Anna Janssens")
    assert sign_in(client, dpo) == 303
    listing = client.get("/decisions")
    review_url = decision_link(listing.text, "review")
    page = client.get(review_url)
    assert page.status_code == 200
    with read_scope(engine) as session:
        aware = get_breach(session=session, breach_id=breach.id).aware_at
    local = aware.astimezone(BRUSSELS).strftime("%Y-%m-%dT%H:%M")
    assert f'type="datetime-local" id="aware_at" name="aware_at" value="{local}"' in page.text
    assert "Accept the assessed outcome" in page.text  # choices in words
    token = form_token(page.text)
    refused = client.post(
        review_url,
        data={
            "csrf_token": token,
            "aware_at": "2026-03-29T02:30",  # skipped by the spring clock change in Brussels
            "outcome": "override_to_high",
            "override_reason": "",
            "completeness": "complete",
            "late_reason": "<b>kept</b>",
        },
    )
    assert refused.status_code == 422
    errors = dict(re.findall(r'<p class="error" id="([a-z_]+)-error">([^<]*)</p>', refused.text))
    assert set(errors) == {"aware_at", "override_reason"}, errors
    assert "does not exist in Brussels" in errors["aware_at"]
    assert 'value="override_to_high" checked' in refused.text  # what was chosen is kept
    assert "&lt;b&gt;kept&lt;/b&gt;" in refused.text  # and escaped
    done = client.post(
        review_url,
        data={
            "csrf_token": token,
            "aware_at": local,
            "outcome": "accept",
            "completeness": "complete",
            "late_reason": LATE,
        },
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    assert done.headers["location"].startswith("/decisions/after/")
    dispatcher.run_until_idle()
    approval = client.get(done.headers["location"], follow_redirects=False)
    assert approval.status_code == 303
    assert ".approval.1" in approval.headers["location"]
    page = client.get(approval.headers["location"])
    drafts = re.findall(r'href="(/documents/[0-9a-f-]{36})"', page.text)
    assert drafts
    for link in drafts:
        pdf = client.get(link)
        assert pdf.status_code == 200
        assert pdf.headers["content-type"] == "application/pdf"
        assert pdf.headers["content-disposition"].startswith('inline; filename="BR-')
        assert pdf.content.startswith(b"%PDF")
    approved = client.post(
        approval.headers["location"],
        data={
            "csrf_token": form_token(page.text),
            "action": "approve",
            "version": form_token(page.text, "version"),
        },
        follow_redirects=False,
    )
    assert approved.status_code == 303, approved.text
    dispatcher.run_until_idle()
    filing_url = client.get(approved.headers["location"], follow_redirects=False).headers[
        "location"
    ]
    assert ".filing.1" in filing_url
    page = client.get(filing_url)
    filed = client.post(
        filing_url,
        data={
            "csrf_token": form_token(page.text),
            "filed_at": datetime.now(BRUSSELS).strftime("%Y-%m-%dT%H:%M"),
            "gba_reference": "DBN-2026-000777",
            "processor_notices_sent": "on",
            "late_reason": LATE,
        },
        follow_redirects=False,
    )
    assert filed.status_code == 303, filed.text
    dispatcher.run_until_idle()
    with read_scope(engine) as session:
        decisions = list_decisions(session=session, breach_id=breach.id)
        state = get_breach(session=session, breach_id=breach.id).state
        actors = {e.actor for e in session.exec(select(AuditEvent)).all()}
    assert [d.kind for d in decisions] == ["review", "approval", "filing"]
    assert {d.decided_by for d in decisions} == {"Anna Janssens"}  # the PDFs' name
    assert {d.decided_by_email for d in decisions} == {dpo.email}  # signed in
    assert "Anna Janssens <dpo@groups.be>" in actors  # the audit names her account
    assert state == "filed"


def test_roles_security_and_viewer_read_legal_approves_only_when_allowed(
    settings: Settings,
    engine: Engine,
    register: ProcessingRegister,
    limits: IntakeLimits,
    waiting_review: tuple[Breach, Dispatcher],
) -> None:
    """Security and viewers see the review but are refused (403); legal cannot review, and
    approves only where the register names legal among the approvers."""
    _, dispatcher = waiting_review
    accounts = {role: make_person(engine, role) for role in ("security", "viewer", "legal", "dpo")}
    approvers = dataclasses.replace(register, approvers=("dpo", "legal"))
    app = create_app(settings, engine, register=approvers, limits=limits)
    with TestClient(app) as api:
        listed = api.get("/api/decisions", headers=bearer(accounts["security"].token)).json()
        assert listed["count"] == 1
        (row,) = listed["data"]
        assert row["may_decide"] is False
        for role in ("security", "viewer", "legal"):
            answer = api.post(
                f"/api/decisions/{row['id']}", json={}, headers=bearer(accounts[role].token)
            )
            assert answer.status_code == 403, role
        detail = api.get(f"/api/decisions/{row['id']}", headers=bearer(accounts["dpo"].token))
        review = detail.json()["defaults"] | {"late_reason": LATE}
        recorded = api.post(
            f"/api/decisions/{row['id']}", json=review, headers=bearer(accounts["dpo"].token)
        )
        assert recorded.status_code == 201, recorded.text
        dispatcher.run_until_idle()
        (approval,) = api.get("/api/decisions", headers=bearer(accounts["legal"].token)).json()[
            "data"
        ]
        assert approval["kind"] == "approval"
        assert approval["may_decide"] is True
        given = api.get(
            f"/api/decisions/{approval['id']}", headers=bearer(accounts["legal"].token)
        ).json()["defaults"]
        done = api.post(
            f"/api/decisions/{approval['id']}", json=given, headers=bearer(accounts["legal"].token)
        )
        assert done.status_code == 201, done.text
        assert done.json()["decided_by"] == "Legal Person"
    with TestClient(create_app(settings, engine, register=register, limits=limits)) as api:
        # Without `approvers: [legal]` in the register, legal decides nothing.
        rows = api.get("/api/decisions", headers=bearer(accounts["legal"].token)).json()["data"]
        assert all(not r["may_decide"] for r in rows)


def test_api_lists_briefs_and_refuses_with_every_problem_at_once(
    client: TestClient, engine: Engine, waiting_review: tuple[Breach, Dispatcher]
) -> None:
    """`GET /api/decisions/{id}` gives the fields with labels and choices and valid defaults;
    `POST` with several mistakes answers 422 naming each field; a stale id is 404."""
    dpo = make_person(engine, "dpo", language="nl")
    listed = client.get("/api/decisions", headers=bearer(dpo.token)).json()
    (row,) = listed["data"]
    assert set(row) >= {"id", "reference", "kind", "deadline"}
    assert row["kind"] == "review"
    detail = client.get(f"/api/decisions/{row['id']}", headers=bearer(dpo.token)).json()
    fields = {f["name"]: f for f in detail["fields"]}
    assert fields["outcome"]["label"] == "Uitkomst"  # the person's language
    assert {c["value"] for c in fields["outcome"]["choices"]} >= {"accept", "override_to_high"}
    assert detail["defaults"]["outcome"] == "accept"
    assert "payroll-bakkerij-peeters" in {c["value"] for c in fields["activities"]["choices"]}
    assert detail["briefing"]["risk"] in ("risk", "high")
    problems = client.post(
        f"/api/decisions/{row['id']}",
        json={
            "aware_at": "yesterday",
            "outcome": "override_to_high",
            "completeness": "all",
            "measures_taken": ["teleport"],
            "colour": "red",
        },
        headers=bearer(dpo.token),
    )
    assert problems.status_code == 422
    named = {p["field"] for p in problems.json()["detail"]}
    assert named >= {"aware_at", "override_reason", "completeness", "measures_taken", "colour"}
    ok = client.post(
        f"/api/decisions/{row['id']}",
        json=detail["defaults"] | {"late_reason": LATE, "activities": ["payroll-bakkerij-peeters"]},
        headers=bearer(dpo.token),
    )
    assert ok.status_code == 201, ok.text
    with read_scope(engine) as session:
        stored = get_breach_by_reference(session=session, reference=row["reference"])
    assert stored.affected_activity_ids == ["payroll-bakkerij-peeters"]  # named by the DPO
    again = client.post(
        f"/api/decisions/{row['id']}", json=detail["defaults"], headers=bearer(dpo.token)
    )
    assert again.status_code == 404  # taken: the id is stale


def test_clients_and_nobody_get_404_on_decisions_and_documents(
    client: TestClient,
    engine: Engine,
    token_for: TokenFactory,
    waiting_review: tuple[Breach, Dispatcher],
) -> None:
    """A client's token finds no decision and no document; nobody finds a document; a person
    sees the breach's decisions and documents, each url answering the PDF."""
    breach, dispatcher = waiting_review
    dpo = make_person(engine, "dpo")
    (row,) = client.get("/api/decisions", headers=bearer(dpo.token)).json()["data"]
    given = client.get(f"/api/decisions/{row['id']}", headers=bearer(dpo.token)).json()
    client.post(
        f"/api/decisions/{row['id']}",
        json=given["defaults"] | {"late_reason": LATE},
        headers=bearer(dpo.token),
    )
    dispatcher.run_until_idle()
    with read_scope(engine) as session:
        document = session.exec(select(Document)).first()
    assert document is not None
    client_token = token_for("bakkerij-peeters")
    for path in ("/api/decisions", f"/api/decisions/{row['id']}"):
        assert client.get(path, headers=bearer(client_token)).status_code == 404
    assert client.get(f"/documents/{document.id}", headers=bearer(client_token)).status_code == 404
    assert client.get(f"/documents/{document.id}").status_code == 404
    reference = breach.reference
    seen = client.get(f"/api/breaches/{reference}", headers=bearer(dpo.token)).json()
    assert [d["kind"] for d in seen["decisions"]] == ["review"]
    assert seen["decisions"][0]["decided_by"] == "Dpo Person"
    assert seen["documents"]
    for listed in seen["documents"]:
        path = listed["url"].removeprefix("http://testserver")
        answer = client.get(path, headers=bearer(dpo.token))
        assert answer.status_code == 200
        assert answer.content.startswith(b"%PDF")
    as_client = client.get(f"/api/breaches/{reference}", headers=bearer(client_token))
    assert "documents" not in as_client.json()


def test_the_briefing_reads_in_the_persons_language(
    client: TestClient, engine: Engine, waiting_review: tuple[Breach, Dispatcher]
) -> None:
    """A Dutch-speaking DPO reads the rules' reasons and assumptions in Dutch with Dutch
    citations (AVG), as the GBA draft words them: no English sentence, no code."""
    dpo = make_person(engine, "dpo", language="nl")
    assert sign_in(client, dpo) == 303
    page = client.get(decision_link(client.get("/decisions").text, "review")).text
    assert "SE 4,25 = DPC 4 \N{MULTIPLICATION SIGN} EI 1 + CB 0,25" in page  # Dutch notation
    reasons = re.search(r"<h3>[^<]+</h3>\s*<ul>(.*?)</ul>", page, re.S)
    assert reasons, "no reasons listed"
    listed = re.findall(r"<li>([^<]+)</li>", reasons.group(1))
    assert listed
    assert any("AVG" in r for r in listed), listed
    for text in listed:
        assert "GDPR" not in text
        assert " the " not in text
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), text  # no code
    parties = re.findall(r'<table class="deadlines">.*?</table>', page, re.S)[0]
    assert "Bakkerij Peeters" in parties  # a party by name, not its register code
    assert "bakkerij-peeters" not in parties
    assumptions = re.findall(r'<li class="assumption">([^<]+)</li>', page)
    for text in assumptions:
        assert " the " not in text
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), text

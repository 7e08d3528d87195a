"""The overview names who acted and decided, states the outcome in force in words and links
each document; a client's status page refreshes itself."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from breachflow.settings import Settings
from models.breaches import get_breach_by_reference
from models.db import read_scope
from models.decisions import list_decisions
from models.documents import list_documents
from tests.integration.flows.flow_support import DPO, approve, file_report, review, rig
from tests.integration.intake.conftest import TokenFactory, api_report, bearer
from tests.integration.intake.people_support import PASSWORD, form_token, make_person, sign_in

EMAIL = "dana.dpo@example.be"


def _decided_breach(
    client: TestClient, token_for: TokenFactory, engine: Engine, settings: Settings
) -> tuple[str, str]:
    """The sample breach (our staff's data and a client's), reviewed by a signed-in DPO who
    overrides the outcome, its drafts approved with a typed name (as in the Prefect UI);
    (reference, security token)."""
    dispatcher, _ = rig(engine, settings)
    breach = file_report(engine, settings)
    reference, breach_id = breach.reference, breach.id
    dispatcher.run_until_idle()
    review(
        engine,
        settings,
        breach_id,
        decided_by_email=EMAIL,
        outcome="override_to_high",
        override_reason="payslips: bank account numbers",
    )
    dispatcher.run_until_idle()
    approve(engine, settings, breach_id)
    dispatcher.run_until_idle()
    return reference, token_for("security")


def _block(page: str, reference: str) -> str:
    return page.split(f'id="breach-{reference}"')[1].split("</details>")[0]


def test_overview_names_a_client_token_by_the_client(
    client: TestClient, token_for: TokenFactory, engine: Engine, settings: Settings
) -> None:
    """A report filed with a client's token: the timeline names the client, never `token:`."""
    bakery = token_for("bakkerij-peeters")
    response = client.post("/api/breaches", json=api_report(), headers=bearer(bakery))
    assert response.status_code == 201, response.text
    reference = str(response.json()["reference"])
    rig(engine, settings)[0].run_until_idle()
    client.get(f"/r/{token_for('security')}?lang=en")
    block = _block(client.get("/overview?lang=en").text, reference)
    assert "token:" not in block
    timeline = block.split('class="timeline"')[1]
    assert '<span class="actor client">Bakkerij Peeters bv</span>' in timeline


def test_overview_names_who_decided_and_links_every_document(
    client: TestClient, token_for: TokenFactory, engine: Engine, settings: Settings
) -> None:
    """The signed-in DPO by name, the typed name as not authenticated; the outcome in force in
    words with who overrode it; every document links to `/documents/{id}`; each decision lists
    its author."""
    reference, security = _decided_breach(client, token_for, engine, settings)
    client.get(f"/r/{security}?lang=en")
    page = client.get("/overview?lang=en")
    assert page.status_code == 200
    block = _block(page.text, reference)
    assert "token:" not in block
    assert f'<span class="actor person" title="{EMAIL}">{DPO}</span>' in block
    assert f"not authenticated ({DPO})" in block
    assert "High risk: notify the GBA/APD and tell the people concerned" in block
    assert "set by the DPO&#39;s decision of" in block
    decisions = block.split('class="decisions"')[1].split("</table>")[0]
    assert "Review of the assessment" in decisions
    assert "Drafts approved" in decisions
    assert decisions.count(f"not authenticated ({DPO})") == 1  # the approval only
    with read_scope(engine) as session:
        breach = get_breach_by_reference(session=session, reference=reference)
        documents = list_documents(session=session, breach_id=breach.id)
    assert documents
    for document in documents:
        assert f'href="/documents/{document.id}"' in block
    assert "file://" not in page.text
    assert 'href="/decisions"' in page.text


def test_overview_words_typed_names_in_the_readers_language(
    client: TestClient, token_for: TokenFactory, engine: Engine, settings: Settings
) -> None:
    """A Dutch reader reads "niet aangemeld (name)" and the outcome in Dutch."""
    reference, security = _decided_breach(client, token_for, engine, settings)
    client.get(f"/r/{security}?lang=nl")
    block = _block(client.get("/overview?lang=nl").text, reference)
    assert f"niet aangemeld ({DPO})" in block
    assert "Hoog risico" in block


def test_typed_markup_in_a_name_is_escaped(
    client: TestClient, token_for: TokenFactory, engine: Engine, settings: Settings
) -> None:
    """A name typed in the Prefect UI is text, never markup, on the overview."""
    bakery = token_for("bakkerij-peeters")
    response = client.post("/api/breaches", json=api_report(), headers=bearer(bakery))
    reference = str(response.json()["reference"])
    dispatcher, _ = rig(engine, settings)
    dispatcher.run_until_idle()
    with read_scope(engine) as session:
        breach_id = get_breach_by_reference(session=session, reference=reference).id
    review(engine, settings, breach_id, decided_by="<b>Mallory</b>")
    client.get(f"/r/{token_for('security')}?lang=en")
    block = _block(client.get("/overview?lang=en").text, reference)
    assert "<b>Mallory</b>" not in block
    assert "not authenticated (&lt;b&gt;Mallory&lt;/b&gt;)" in block


def test_client_status_page_refreshes_itself_within_the_csp(
    client: TestClient, token_for: TokenFactory
) -> None:
    """A meta refresh every 30 s (no script: the CSP allows none) and a line saying so."""
    bakery = token_for("bakkerij-peeters")
    response = client.post("/api/breaches", json=api_report(), headers=bearer(bakery))
    reference = str(response.json()["reference"])
    client.get(f"/r/{bakery}?lang=en")
    page = client.get(f"/reports/{reference}?lang=en")
    assert page.status_code == 200
    assert '<meta http-equiv="refresh" content="30">' in page.text
    assert "This page refreshes itself every 30 seconds." in page.text
    assert "script-src" not in page.headers["content-security-policy"]
    assert "<script" not in page.text


def test_people_signed_in_open_the_overview_only_the_dpo_links(
    client: TestClient, engine: Engine, settings: Settings
) -> None:
    """A signed-in person reaches the overview from the decision pages (no security token);
    the DPO links a report into a breach in her own name; legal reads but may not link."""
    dispatcher, _ = rig(engine, settings)
    first = file_report(engine, settings)
    second = file_report(engine, settings)
    dispatcher.run_until_idle()
    assert client.get("/overview").status_code == 401
    legal = make_person(engine, "legal", name="Luc Legal")
    assert sign_in(client, legal) == 303
    page = client.get("/overview?lang=en")
    assert page.status_code == 200
    assert f'id="breach-{first.reference}"' in page.text
    assert "Luc Legal" in page.text  # the header names the person
    refused = client.post(
        "/overview/link",
        data={
            "csrf_token": form_token(page.text),
            "report": second.reference,
            "into": first.reference,
        },
    )
    assert refused.status_code == 403
    client.cookies.clear()
    dpo = make_person(engine, "dpo", name="Anna Janssens")
    assert sign_in(client, dpo) == 303
    page = client.get("/overview?lang=en")
    linked = client.post(
        "/overview/link",
        data={
            "csrf_token": form_token(page.text),
            "report": second.reference,
            "into": first.reference,
        },
        follow_redirects=False,
    )
    assert linked.status_code == 303, linked.text
    with read_scope(engine) as session:
        (decision,) = list_decisions(session=session, breach_id=second.id)
    assert decision.decided_by == "Anna Janssens"
    assert decision.decided_by_email == dpo.email


def test_the_audit_timeline_reads_in_words(
    client: TestClient, engine: Engine, settings: Settings
) -> None:
    """Each event of the timeline says what happened in the reader's language (a change of
    state by the state's words), not the audit's entity and action codes."""
    dispatcher, _ = rig(engine, settings)
    breach = file_report(engine, settings)
    dispatcher.run_until_idle()
    assert sign_in(client, make_person(engine, "viewer", language="fr")) == 303
    page = client.get("/overview").text
    block = _block(page, breach.reference)
    timeline = block.split('class="timeline"')[1]
    assert "fuite enregistrée" in timeline
    assert "obligation planifiée" in timeline
    assert "désormais : " in timeline
    assert "state:" not in timeline
    assert " · breach · " not in timeline


def test_a_slack_link_leads_a_person_through_sign_in_to_the_report(
    client: TestClient, engine: Engine, settings: Settings
) -> None:
    """The security team's Slack messages link to `/reports/REF`: without a session the page
    offers to sign in, and signing in comes back to that report."""
    breach = file_report(engine, settings)
    wanted = f"/reports/{breach.reference}"
    refused = client.get(wanted)
    assert refused.status_code == 401
    assert f'href="/login?next={wanted}"' in refused.text
    account = make_person(engine, "security", name="Sam Security")
    login = client.get(f"/login?next={wanted}")
    assert f'name="next" value="{wanted}"' in login.text
    signed = client.post(
        "/login",
        data={
            "email": account.email,
            "password": PASSWORD,
            "form_token": form_token(login.text, "form_token"),
            "next": wanted,
        },
        follow_redirects=False,
    )
    assert signed.headers["location"] == wanted
    page = client.get(wanted)
    assert page.status_code == 200
    assert breach.reference in page.text
    assert "Sam Security" in page.text

"""The web pages through HTTP: token link, form in the reporter's language, validation beside
each field, CSRF, uploads, acknowledgement (and its e-mail), status pages and isolation."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from breachflow.settings import Settings
from intake.app import create_app
from intake.guards import IntakeLimits
from models.access import list_attachments
from models.breaches import get_breach_by_reference, list_breaches
from models.db import read_scope
from models.outbox import EMAIL_SEND, list_effects
from rules.processing_register import ProcessingRegister
from tests.integration.intake.conftest import TokenFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def sign_in(client: TestClient, token: str) -> str:
    """Open the token link; returns the form's CSRF token."""
    response = client.get(f"/r/{token}", follow_redirects=False)
    assert response.status_code == 303
    page = client.get("/report")
    assert page.status_code == 200
    match = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page.text)
    assert match
    return match.group(1)


def form(csrf: str, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "csrf_token": csrf,
        "reporter_name": "Ann Peeters",
        "reporter_email": "ann@bakkerij-peeters.be",
        "description": "Payslips sent to the wrong <b>address</b>",
        "incident_type": "email_misdirected",
        "occurred": "at",
        "occurred_at": "2026-03-20T10:15",
        "detected": "at",
        "detected_at": "2026-03-20T11:00",
        "data": ["bank", "identity"],
        "subjects_count": "12",
        "groups": ["employees"],
        "encrypted": "no",
        "disclosure": "known_recipients",
        "recipients": "One employee of another bakery",
        "recipients_count": "1",
        "deletion_confirmed": "yes",
        "malicious": "no",
        "ongoing": "no",
        "measures": "Asked the recipient to delete the e-mail",
    }
    values.update(overrides)
    return values


def test_link_sets_a_session_and_drops_the_token_from_the_url(
    client: TestClient, token_for: TokenFactory
) -> None:
    """/r/TOKEN answers with a cookie and a redirect to a URL without the token."""
    token = token_for("bakkerij-peeters")
    response = client.get(f"/r/{token}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    assert token not in response.headers["location"]
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "samesite=lax" in cookie.lower()
    assert response.headers["referrer-policy"] == "no-referrer"
    assert client.get("/r/unknown-token").status_code == 401


def test_form_language_follows_the_register_then_the_switch(
    client: TestClient, token_for: TokenFactory
) -> None:
    """Transports Dubois gets French; ?lang=de switches and is remembered."""
    sign_in(client, token_for("transports-dubois"))
    assert 'lang="fr"' in client.get("/report").text
    assert "Eine Datenpanne melden" in client.get("/report?lang=de").text
    assert 'html lang="de"' in client.get("/report").text


def test_valid_form_is_stored_with_flow_start_and_acknowledged(
    client: TestClient, token_for: TokenFactory, engine: Engine, settings: Settings
) -> None:
    """Submit -> 303 to the acknowledgement; facts mapped from plain words; file stored outside
    any web root; the status page shows the state in plain words."""
    csrf = sign_in(client, token_for("bakkerij-peeters"))
    response = client.post(
        "/report",
        data=form(csrf),
        files={"attachments": ("screenshot.png", PNG, "image/png")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    reference = re.fullmatch(r"/reports/(BR-\d{4}-\d{4})/received", response.headers["location"])
    assert reference
    ack = client.get(response.headers["location"])
    assert reference.group(1) in ack.text
    assert "Bedankt" in ack.text
    with read_scope(engine) as session:
        breach = get_breach_by_reference(session=session, reference=reference.group(1))
        kinds = [e.kind for e in list_effects(session=session, breach_id=breach.id)]
        (attachment,) = list_attachments(session=session, breach_id=breach.id)
    assert "flow.start" in kinds
    assert EMAIL_SEND not in kinds
    assert breach.channel == "form"
    assert breach.language == "nl"
    assert breach.facts["data"] == ["basic_identity", "financial"]
    assert breach.facts["confidentiality"] == "known_recipients"
    assert breach.facts["recipients_trusted"] is True
    assert breach.facts["unintelligible"] == "no"
    assert breach.facts["subjects"] == {
        "count": 12,
        "categories": ["employees"],
        "vulnerable": "unknown",
    }
    stored = Path(settings.data_dir) / "attachments" / attachment.stored_name
    assert stored.read_bytes() == PNG
    assert attachment.filename == "screenshot.png"
    status = client.get(f"/reports/{reference.group(1)}")
    assert 'data-state="received"' in status.text
    assert "&lt;b&gt;address&lt;/b&gt;" in status.text  # escaped, never markup
    assert client.get(f"/static/../data/attachments/{attachment.stored_name}").status_code == 404


def test_unknown_answers_become_unknown_facts(
    client: TestClient, token_for: TokenFactory, engine: Engine
) -> None:
    """Only who and what are required; "I don't know" everywhere gives `unknown`."""
    csrf = sign_in(client, token_for("brightdesk"))
    minimal = {
        "csrf_token": csrf,
        "reporter_name": "Sam",
        "reporter_email": "sam@brightdesk.eu",
        "description": "Something odd in the employer portal",
        "data_unknown": "1",
        "subjects_count_unknown": "1",
    }
    response = client.post("/report", data=minimal, follow_redirects=False)
    assert response.status_code == 303, response.text
    with read_scope(engine) as session:
        (breach,) = list_breaches(session=session)
    assert breach.facts["data"] == "unknown"
    assert breach.facts["confidentiality"] == "unknown"
    assert breach.facts["subjects"]["count"] is None


def test_data_ticked_beside_i_dont_know_is_kept_with_unknown(
    client: TestClient, token_for: TokenFactory, engine: Engine
) -> None:
    """Ticked data and "I don't know" together: these data, and perhaps more."""
    csrf = sign_in(client, token_for("brightdesk"))
    form = {
        "csrf_token": csrf,
        "reporter_name": "Sam",
        "reporter_email": "sam@brightdesk.eu",
        "description": "A payroll export left on a shared drive",
        "data": ["contact"],
        "data_unknown": "1",
    }
    response = client.post("/report", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    with read_scope(engine) as session:
        (breach,) = list_breaches(session=session)
    assert breach.facts["data"] == ["contact", "unknown"]


def test_errors_are_shown_beside_each_field_and_values_kept(
    client: TestClient, token_for: TokenFactory, engine: Engine
) -> None:
    """Server-side validation in the reporter's language; entered values come back."""
    csrf = sign_in(client, token_for("transports-dubois"))
    response = client.post(
        "/report",
        data=form(
            csrf,
            reporter_email="pas-une-adresse",
            subjects_count="douze",
            occurred="between",
            occurred_from="2026-03-20T10:00",
            occurred_to="2026-03-19T10:00",
        ),
    )
    assert response.status_code == 422
    assert re.search(
        r'id="reporter_email-error">Veuillez indiquer une adresse e-mail', response.text
    )
    assert 'id="subjects_count-error"' in response.text
    assert 'id="occurred_to-error">La fin précède le début.' in response.text
    assert 'value="pas-une-adresse"' in response.text
    assert "Payslips sent to the wrong &lt;b&gt;address&lt;/b&gt;</textarea>" in response.text
    assert 'value="bank" checked' in response.text
    with read_scope(engine) as session:
        assert list_breaches(session=session) == []


def test_csrf_token_is_required(
    client: TestClient, token_for: TokenFactory, engine: Engine
) -> None:
    """A post without this session's form token is refused and nothing is stored."""
    sign_in(client, token_for("bakkerij-peeters"))
    forged = client.post("/report", data=form("0" * 64), follow_redirects=False)
    assert forged.status_code == 403
    missing = client.post("/report", data={k: v for k, v in form("").items() if k != "csrf_token"})
    assert missing.status_code == 403
    with read_scope(engine) as session:
        assert list_breaches(session=session) == []


def test_oversized_or_wrong_uploads_are_refused(
    client: TestClient, token_for: TokenFactory, engine: Engine, limits: IntakeLimits
) -> None:
    """Per-file limit and type allow-list (message beside the field); a body past the request
    limit is 413."""
    csrf = sign_in(client, token_for("bakkerij-peeters"))
    too_big = PNG + b"\x00" * limits.max_attachment_bytes
    response = client.post(
        "/report", data=form(csrf), files={"attachments": ("big.png", too_big, "image/png")}
    )
    assert response.status_code == 422
    assert 'id="attachments-error">big.png is te groot' in response.text
    fake = client.post(
        "/report", data=form(csrf), files={"attachments": ("run.png", b"MZ\x90\x00", "image/png")}
    )
    assert fake.status_code == 422
    assert "run.png is geen bestandstype" in fake.text
    huge = b"%PDF-" + b"0" * limits.max_body_bytes
    refused = client.post(
        "/report", data=form(csrf), files={"attachments": ("huge.pdf", huge, "application/pdf")}
    )
    assert refused.status_code == 413
    with read_scope(engine) as session:
        assert list_breaches(session=session) == []


def test_status_pages_are_isolated_between_clients(
    client: TestClient,
    token_for: TokenFactory,
    settings: Settings,
    engine: Engine,
    register: ProcessingRegister,
) -> None:
    """Another client's report is 404 on the status and acknowledgement pages and not listed."""
    csrf = sign_in(client, token_for("bakkerij-peeters"))
    location = client.post("/report", data=form(csrf), follow_redirects=False).headers["location"]
    reference = location.split("/")[2]
    with TestClient(create_app(settings, engine, register=register)) as other:
        sign_in(other, token_for("mueller-bau"))
        assert other.get(f"/reports/{reference}").status_code == 404
        assert other.get(location).status_code == 404
        assert reference not in other.get("/").text
    assert reference in client.get("/").text


def test_acknowledgement_mail_is_queued_with_the_report_when_smtp_is_set(
    tmp_path: Path,
    engine: Engine,
    register: ProcessingRegister,
    settings: Settings,
    token_for: TokenFactory,
) -> None:
    """With SMTP configured the acknowledgement e-mail is an outbox row of the same commit."""
    with_smtp = settings.model_copy(update={"smtp_url": "smtp://127.0.0.1:2525"})
    with TestClient(create_app(with_smtp, engine, register=register)) as client:
        csrf = sign_in(client, token_for("mueller-bau"))
        response = client.post("/report", data=form(csrf, reporter_email="eva@mueller-bau.be"))
        assert response.status_code == 200
        assert "E-Mail" in response.text
    with read_scope(engine) as session:
        (breach,) = list_breaches(session=session)
        (mail,) = [
            e for e in list_effects(session=session, breach_id=breach.id) if e.kind == EMAIL_SEND
        ]
    assert mail.payload["to"] == ["eva@mueller-bau.be"]
    assert breach.reference in mail.payload["subject"]
    assert "Guten Tag Ann Peeters" in mail.payload["text"]


def test_pages_without_a_session_ask_for_the_link(client: TestClient) -> None:
    """No cookie: 401 page; the form cannot be posted."""
    assert client.get("/").status_code == 401
    assert client.get("/report").status_code == 401
    assert client.post("/report", data={"reporter_name": "x"}).status_code == 401

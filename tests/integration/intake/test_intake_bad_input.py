"""Bad input, as an attacker or a clumsy user sends it: each gets a 4xx naming the field, and
nothing is left behind (no breach, no outbox row, no attachment file)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func
from sqlmodel import select

from breachflow.settings import Settings
from breachflow.supervisor import web_app
from intake.app import create_app
from intake.guards import SECURITY_HEADERS
from models.db import read_scope
from models.tables import Breach, OutboxEffect
from rules.processing_register import ProcessingRegister
from tests.integration.intake.conftest import TokenFactory, api_report, bearer
from tests.integration.intake.test_intake_web import PNG, form, sign_in

HEADER_NAMES = [name.decode() for name, _ in SECURITY_HEADERS]


def assert_nothing_stored(engine: Engine, settings: Settings) -> None:
    with read_scope(engine) as session:
        assert session.exec(select(func.count()).select_from(Breach)).one() == 0
        assert session.exec(select(func.count()).select_from(OutboxEffect)).one() == 0
    attachments = Path(settings.data_dir) / "attachments"
    assert not attachments.exists() or list(attachments.iterdir()) == []


def fields_of(response: object) -> list[str]:
    return [problem["field"] for problem in response.json()["detail"]]  # type: ignore[attr-defined]


def test_implausible_api_times_are_refused_by_name(
    client: TestClient, token_for: TokenFactory, engine: Engine, settings: Settings
) -> None:
    """Awareness in 2099 or 1971, detection in the future or before the GDPR, a breach that
    began after its detection: 422 naming the field, nothing stored."""
    token = token_for("bakkerij-peeters")
    cases = {
        "breach.aware_at": [
            api_report(breach={"aware_at": "2099-01-01T09:00:00+01:00"}),
            api_report(breach={"aware_at": "1971-01-01T09:00:00+01:00"}),
        ],
        "detected_at": [
            api_report(detected_at="2099-03-27T09:30:00+01:00"),
            api_report(detected_at="2017-03-27T09:30:00+01:00"),
        ],
        "occurred_from": [api_report(occurred_from="2026-03-27T10:30:00+01:00")],
    }
    for field, bodies in cases.items():
        for body in bodies:
            response = client.post("/api/breaches", json=body, headers=bearer(token))
            assert response.status_code == 422, (field, response.text)
            assert fields_of(response) == [field], response.text
    assert_nothing_stored(engine, settings)


def test_an_occurrence_before_the_gdpr_is_accepted_for_the_dpo_to_confirm(
    client: TestClient, token_for: TokenFactory
) -> None:
    """Data exposed since 2016, found now: the report is taken (the review asks the DPO)."""
    body = api_report(occurred_from="2016-01-04T09:00:00+01:00")
    response = client.post("/api/breaches", json=body, headers=bearer(token_for("security")))
    assert response.status_code == 201, response.text


def test_added_facts_with_an_implausible_awareness_are_refused(
    client: TestClient, token_for: TokenFactory
) -> None:
    token = token_for("bakkerij-peeters")
    reference = client.post("/api/breaches", json=api_report(), headers=bearer(token)).json()[
        "reference"
    ]
    response = client.post(
        f"/api/breaches/{reference}/facts",
        json={"breach": {"aware_at": "2099-01-01T00:00:00Z"}},
        headers=bearer(token),
    )
    assert response.status_code == 422
    assert fields_of(response) == ["breach.aware_at"]


def test_absurd_counts_are_refused_by_name(
    client: TestClient, token_for: TokenFactory, engine: Engine, settings: Settings
) -> None:
    """10^400 people (a JSON integer Python reads exactly) and 1e308 recipients."""
    token = token_for("security")
    huge = "1" + "0" * 400
    raw = (
        '{"reporter": {"name": "Ann", "email": "ann@example.be"}, "description": "x", '
        '"detected_at": "2026-03-27T09:30:00+01:00", '
        f'"breach": {{"subjects": {{"count": {huge}}}}}}}'
    )
    response = client.post(
        "/api/breaches",
        content=raw,
        headers={**bearer(token), "content-type": "application/json"},
    )
    assert response.status_code == 422, response.text
    assert fields_of(response) == ["breach.subjects.count"]
    response = client.post(
        "/api/breaches",
        json=api_report(breach={"recipients_count": 1e308}),
        headers=bearer(token),
    )
    assert response.status_code == 422, response.text
    assert fields_of(response) == ["breach.recipients_count"]
    assert_nothing_stored(engine, settings)


def test_a_chunked_body_past_the_limit_is_413(
    client: TestClient, token_for: TokenFactory, engine: Engine, settings: Settings
) -> None:
    """10 MB sent without a Content-Length (chunked) is counted as it arrives: 413, not the
    body parser's 400."""

    def chunks() -> Iterator[bytes]:
        yield b'{"description": "'
        for _ in range(160):
            yield b"x" * 65536
        yield b'"}'

    response = client.post(
        "/api/breaches",
        content=chunks(),
        headers={**bearer(token_for("security")), "content-type": "application/json"},
    )
    assert response.status_code == 413, response.text
    assert response.json()["detail"][0]["field"] == "body"
    for name in HEADER_NAMES:
        assert name in response.headers
    assert_nothing_stored(engine, settings)


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("1\u00b2", "superscript"),
        ("\u0663\u0664", "Arabic-Indic"),
        ("\uff11\uff12", "full-width"),
        ("1.000", "dot"),
    ],
)
def test_form_counts_take_ascii_digits_only(
    client: TestClient,
    token_for: TokenFactory,
    engine: Engine,
    settings: Settings,
    value: str,
    why: str,
) -> None:
    """`str.isdigit` is true for all of these; `int` refuses "²" (a 500 before) and reads the
    others silently. Each is 422 with the message beside the count."""
    csrf = sign_in(client, token_for("bakkerij-peeters"))
    response = client.post(
        "/report",
        data=form(csrf, subjects_count=value),
        files={"attachments": ("shot.png", PNG, "image/png")},
    )
    assert response.status_code == 422, why
    assert 'id="subjects_count-error">Geef een geheel getal op' in response.text
    assert client.get("/report").status_code == 200  # the session carries on
    assert_nothing_stored(engine, settings)


def test_form_counts_beyond_belief_are_refused(
    client: TestClient, token_for: TokenFactory, engine: Engine, settings: Settings
) -> None:
    csrf = sign_in(client, token_for("bakkerij-peeters"))
    response = client.post(
        "/report", data=form(csrf, subjects_count="99999999999", recipients_count="9" * 15)
    )
    assert response.status_code == 422
    assert 'id="subjects_count-error">Dit getal is groter dan aannemelijk' in response.text
    assert 'id="recipients_count-error">Dit getal is groter dan aannemelijk' in response.text
    assert_nothing_stored(engine, settings)


def test_form_times_are_checked_for_plausibility(
    client: TestClient, token_for: TokenFactory, engine: Engine, settings: Settings
) -> None:
    csrf = sign_in(client, token_for("bakkerij-peeters"))
    early = client.post(
        "/report",
        data=form(csrf, occurred_at="2017-03-20T10:15", detected_at="2017-03-20T11:00"),
    )
    assert early.status_code == 422
    assert 'id="detected_at-error">Dit tijdstip ligt voor 25 mei 2018' in early.text
    late_start = client.post("/report", data=form(csrf, occurred_at="2026-03-21T10:15"))
    assert late_start.status_code == 422
    assert 'id="occurred_at-error">Het lek kan niet begonnen zijn na de ontdekking' in (
        late_start.text
    )
    future = client.post("/report", data=form(csrf, occurred_at="2099-03-21T10:15"))
    assert future.status_code == 422
    assert 'id="occurred_at-error">Dit tijdstip ligt in de toekomst' in future.text
    assert_nothing_stored(engine, settings)


def _multipart(fields: dict[str, bytes], boundary: str = "b0undary") -> bytes:
    body = b""
    for name, value in fields.items():
        body += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value
            + b"\r\n"
        )
    return body + f"--{boundary}--\r\n".encode()


def test_a_csrf_token_with_non_ascii_characters_is_403(
    client: TestClient, token_for: TokenFactory, engine: Engine, settings: Settings
) -> None:
    """Found by the pages' Schemathesis run: a non-ASCII CSRF token was a 500 (the constant-
    time comparison refuses such strings); it is the expired-form page, like any wrong one."""
    csrf = sign_in(client, token_for("bakkerij-peeters"))
    response = client.post("/report", data=form(csrf, csrf_token="\u0080" + csrf[1:]))
    assert response.status_code == 403
    assert_nothing_stored(engine, settings)


def test_invalid_utf8_in_the_form_is_named_not_replaced(
    client: TestClient, token_for: TokenFactory, engine: Engine, settings: Settings
) -> None:
    """Bytes that are not UTF-8, URL-encoded or in a multipart part: 422 beside the field;
    never stored as replacement characters or Latin-1 guesses."""
    csrf = sign_in(client, token_for("bakkerij-peeters"))
    fields = {
        key: value
        for key, value in form(csrf).items()
        if isinstance(value, str) and key != "description"
    }
    encoded = "&".join(f"{key}={value}" for key, value in fields.items())
    response = client.post(
        "/report",
        content=f"{encoded}&description=Caf%C3%A9%FF%FEbad".encode(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 422
    assert 'id="description-error">Dit antwoord kwam aan met tekens' in response.text
    parts = {key: value.encode() for key, value in fields.items()}
    parts["description"] = b"Caf\xe9 in Latin-1"
    response = client.post(
        "/report",
        content=_multipart(parts),
        headers={"content-type": "multipart/form-data; boundary=b0undary"},
    )
    assert response.status_code == 422
    assert 'id="description-error">Dit antwoord kwam aan met tekens' in response.text
    assert_nothing_stored(engine, settings)


def test_failed_token_guesses_are_limited_per_address(
    settings: Settings, engine: Engine, register: ProcessingRegister, token_for: TokenFactory
) -> None:
    """Past the limit of wrong tokens from one address, every token it presents gets 429 (a
    valid one too: the answer must not tell a hit from a miss); requests without a token are
    unaffected, and the link and the session cookie count alike."""
    limited = settings.model_copy(update={"intake_failed_auth_per_minute": 5})
    valid = token_for("security")
    with TestClient(create_app(limited, engine, register=register)) as guesser:
        codes = [
            guesser.get("/api/breaches", headers=bearer(f"guess-{i}")).status_code for i in range(5)
        ]
        assert codes == [401] * 5
        refused = guesser.get("/api/breaches", headers=bearer(valid))
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) > 0
        link = guesser.get(f"/r/{valid}", follow_redirects=False)
        assert link.status_code == 429
        assert "Te veel pogingen" in link.text or "Too many attempts" in link.text
        assert guesser.get("/api/breaches").status_code == 401  # no token: not counted
    with TestClient(create_app(limited, engine, register=register)) as web_guesser:
        for i in range(5):
            assert web_guesser.get(f"/r/wrong-{i}").status_code == 401
        assert web_guesser.get(f"/r/{valid}", follow_redirects=False).status_code == 429


def test_error_answers_and_health_carry_the_security_headers(
    settings: Settings, engine: Engine, register: ProcessingRegister, token_for: TokenFactory
) -> None:
    """401, 404, 405, 413, 422 and even a crash's 500; and the service's /health."""
    app = create_app(settings, engine, register=register)

    @app.get("/crash", include_in_schema=False)
    def crash() -> None:
        raise RuntimeError("boom")

    with TestClient(app, raise_server_exceptions=False) as client:
        token = token_for("security")
        answers = {
            401: client.get("/api/breaches"),
            404: client.get("/api/breaches/BR-2026-9999", headers=bearer(token)),
            405: client.delete("/api/breaches"),
            413: client.post(
                "/api/breaches", content=b"x" * (2 * 1024 * 1024), headers=bearer(token)
            ),
            422: client.post("/api/breaches", json={}, headers=bearer(token)),
            500: client.get("/crash"),
        }
        for status, response in answers.items():
            assert response.status_code == status
            for name in HEADER_NAMES:
                assert name in response.headers, (status, name)
    service = web_app(settings, engine, lambda: {"web": True})
    with TestClient(service) as outer:
        health = outer.get("/health")
        assert health.status_code == 200
        for name in HEADER_NAMES:
            assert name in health.headers, name


@pytest.mark.parametrize(("public_url", "secure"), [("https://breaches.example.be", True)])
def test_the_session_cookie_is_secure_behind_https(
    settings: Settings,
    engine: Engine,
    register: ProcessingRegister,
    token_for: TokenFactory,
    public_url: str,
    secure: bool,
) -> None:
    """With an https public URL the session and language cookies carry Secure; over plain
    http (the local default) they cannot."""
    for url, expected in ((public_url, secure), ("http://127.0.0.1:8000", False)):
        app = create_app(settings.model_copy(update={"public_url": url}), engine, register=register)
        with TestClient(app) as client:
            link = client.get(f"/r/{token_for('security')}", follow_redirects=False)
            language = client.get("/?lang=fr")
        for response in (link, language):
            cookie = response.headers["set-cookie"]
            assert ("; secure" in cookie.lower()) is expected, cookie
            assert "httponly" in cookie.lower()

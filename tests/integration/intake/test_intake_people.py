"""People: `breachflow user add|list|disable|token`, the set-password link, sign-in with
lock-out and CSRF, sessions that stop when the account is disabled."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import select
from typer.testing import CliRunner

from breachflow.cli import app as root
from breachflow.settings import get_settings
from breachflow.store import engine_for
from intake.app import create_app
from models.db import read_scope, session_scope
from models.tables import AuditEvent
from models.users import User, disable_user, token_digest
from rules.lockout import MAX_FAILURES
from tests.integration.intake.conftest import api_report
from tests.integration.intake.people_support import PASSWORD, form_token, make_person, sign_in


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("BREACHFLOW_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BREACHFLOW_PUBLIC_URL", "https://breachflow.groups.be")
    get_settings.cache_clear()
    yield tmp_path / "data"
    get_settings.cache_clear()


def test_user_commands_add_list_token_disable_and_audit_without_secrets(data_dir: Path) -> None:
    """`user add` prints a one-time link, `user token` a token; only hashes are stored, each
    change is audited without them, and `disable` stops the token at once."""
    runner = CliRunner()
    added = runner.invoke(
        root,
        [
            "user",
            "add",
            "Anna.Janssens@GroupS.be",
            "--name",
            "Anna Janssens",
            "--role",
            "dpo",
            "--language",
            "nl",
        ],
    )
    assert added.exit_code == 0, added.output
    link = re.search(r"https://breachflow\.groups\.be/password/(\S+)$", added.output, re.M)
    assert link, added.output
    again = runner.invoke(
        root, ["user", "add", "anna.janssens@groups.be", "--name", "A", "--role", "dpo"]
    )
    assert again.exit_code == 2
    assert "exists" in again.output
    bad_role = runner.invoke(root, ["user", "add", "x@groups.be", "--name", "X", "--role", "boss"])
    assert bad_role.exit_code == 2
    assert "--role must be one of dpo, security, legal, viewer" in bad_role.output
    listed = runner.invoke(root, ["user", "list"])
    assert "anna.janssens@groups.be\tAnna Janssens\tdpo\tnl\tenabled" in listed.output
    issued = runner.invoke(root, ["user", "token", "anna.janssens@groups.be"])
    token = re.search(r"^token: (\S+)$", issued.output, re.M)
    assert token, issued.output
    engine = engine_for(get_settings())
    with read_scope(engine) as session:
        (user,) = session.exec(select(User)).all()
        events = session.exec(select(AuditEvent).where(AuditEvent.entity_type == "user")).all()
    assert user.api_token_sha256 == token_digest(token.group(1))
    assert user.set_password_sha256 == token_digest(link.group(1))
    assert [e.action for e in events] == ["add", "api_token"]
    assert all(token.group(1) not in str(e.after) and "sha256" not in str(e.after) for e in events)
    with TestClient(create_app(get_settings(), engine)) as client:
        headers = {"Authorization": f"Bearer {token.group(1)}"}
        assert client.get("/api/decisions", headers=headers).status_code == 200
        disabled = runner.invoke(root, ["user", "disable", "ANNA.janssens@groups.be"])
        assert disabled.exit_code == 0, disabled.output
        assert client.get("/api/decisions", headers=headers).status_code == 401
    assert runner.invoke(root, ["user", "token", "nobody@groups.be"]).exit_code == 2
    engine.dispose()


def test_set_password_link_once_with_min_length_then_sign_in(
    client: TestClient, engine: Engine
) -> None:
    """The link asks for 12 characters at least, works once, and the password then signs in."""
    now = datetime.now(UTC)
    from models.users import add_user

    with session_scope(engine) as session:
        _, link = add_user(
            session=session,
            email="l@groups.be",
            name="Lea Legal",
            role="legal",
            language="fr",
            actor="test",
            now=now,
        )
    page = client.get(f"/password/{link}")
    assert page.status_code == 200
    token = form_token(page.text, "form_token")
    short = client.post(
        f"/password/{link}", data={"password": "short", "confirm": "short", "form_token": token}
    )
    assert short.status_code == 422
    assert "au moins 12 caractères" in short.text  # the person's language: French
    no_csrf = client.post(f"/password/{link}", data={"password": PASSWORD, "confirm": PASSWORD})
    assert no_csrf.status_code == 403
    done = client.post(
        f"/password/{link}",
        data={"password": PASSWORD, "confirm": PASSWORD, "form_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/login?set=1"
    assert client.get(f"/password/{link}").status_code == 404  # used
    with read_scope(engine) as session:
        user = session.exec(select(User)).one()
    assert user.password_hash is not None
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_sign_in_sets_a_safe_cookie_and_refuses_alike(client: TestClient, engine: Engine) -> None:
    """A wrong password and an unknown address get the same answer; the session cookie is
    HttpOnly and SameSite=Lax; signing out ends the session; a login without its form token
    is refused."""
    account = make_person(engine, "dpo")
    page = client.get("/login")
    wrong = client.post(
        "/login",
        data={
            "email": account.email,
            "password": "x" * 12,
            "form_token": form_token(page.text, "form_token"),
        },
    )
    unknown = client.post(
        "/login",
        data={
            "email": "nobody@groups.be",
            "password": "x" * 12,
            "form_token": form_token(page.text, "form_token"),
        },
    )
    assert wrong.status_code == unknown.status_code == 401
    message = "The e-mail address or the password is not right"
    assert message in wrong.text
    assert message in unknown.text
    no_token = client.post("/login", data={"email": account.email, "password": PASSWORD})
    assert no_token.status_code == 403
    page = client.get("/login")
    signed = client.post(
        "/login",
        data={
            "email": account.email.upper(),
            "password": PASSWORD,
            "form_token": form_token(page.text, "form_token"),
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert signed.status_code == 303
    assert signed.headers["location"] == "/decisions"  # never another site
    cookie = signed.headers["set-cookie"]
    assert "bf_person=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie.replace("Lax", "lax")
    decisions = client.get("/decisions")
    assert decisions.status_code == 200
    assert account.name in decisions.text
    # Signing out needs the session's form token.
    assert client.post("/logout", data={"csrf_token": "forged"}).url.path == "/decisions"
    client.post("/logout", data={"csrf_token": form_token(decisions.text)})
    after = client.get("/decisions", follow_redirects=False)
    assert after.status_code == 303
    assert after.headers["location"].startswith("/login")


def test_lock_out_after_five_failures_for_fifteen_minutes(
    client: TestClient, engine: Engine
) -> None:
    """Five wrong passwords in a row lock the account: the right one is refused too, until
    the lock ends (15 minutes)."""
    account = make_person(engine, "dpo")
    for _ in range(MAX_FAILURES):
        assert sign_in(client, account, "wrong password!") == 401
    assert sign_in(client, account) == 401
    with session_scope(engine) as session:
        user = session.exec(select(User)).one()
        assert user.locked_until is not None
        assert user.locked_until - datetime.now(UTC) <= timedelta(minutes=15)
        user.locked_until = datetime.now(UTC) - timedelta(seconds=1)
        session.add(user)
    assert sign_in(client, account) == 303


def test_wrong_passwords_from_one_address_are_limited(client: TestClient, engine: Engine) -> None:
    """Across accounts, an address that keeps failing gets 429 (intake.guards.FailureLimiter)."""
    account = make_person(engine, "dpo")
    statuses = [
        sign_in(client, account.__class__(f"n{i}@groups.be", "x", "dpo", ""), "wrong password!")
        for i in range(25)
    ]
    assert 429 in statuses
    assert sign_in(client, account) == 429


def test_disabling_an_account_ends_its_sessions(client: TestClient, engine: Engine) -> None:
    account = make_person(engine, "dpo")
    assert sign_in(client, account) == 303
    assert client.get("/decisions").status_code == 200
    with session_scope(engine) as session:
        disable_user(session=session, email=account.email, actor="test", now=datetime.now(UTC))
    assert client.get("/decisions", follow_redirects=False).status_code == 303
    assert sign_in(client, account) == 401


def test_a_personal_token_opens_the_api_not_a_token_link(
    client: TestClient, engine: Engine
) -> None:
    """People sign in on the pages: their API token is no form link (401), but the API takes it
    (`GET /api/breaches`: a viewer sees every breach, reads, and files nothing)."""
    viewer = make_person(engine, "viewer")
    assert client.get(f"/r/{viewer.token}").status_code == 401
    headers = {"Authorization": f"Bearer {viewer.token}"}
    assert client.get("/api/breaches", headers=headers).status_code == 200
    filed = client.post("/api/breaches", headers=headers, json=api_report())
    assert filed.status_code == 403


@pytest.mark.parametrize(
    "wanted", ["//evil.example/x", "/\\evil.example/x", "https://evil.example/", "/a\tb", "x"]
)
def test_sign_in_goes_back_only_to_a_page_of_this_site(
    client: TestClient, engine: Engine, wanted: str
) -> None:
    """The `next` of the login form never leads off the site (an open redirect would lend our
    address to a phishing page)."""
    account = make_person(engine, "dpo")
    page = client.get("/login")
    answer = client.post(
        "/login",
        data={
            "email": account.email,
            "password": PASSWORD,
            "form_token": form_token(page.text, "form_token"),
            "next": wanted,
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/decisions"

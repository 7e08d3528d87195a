"""Accounts for the people tests: a person with a password set and a personal API token, made
through the same functions `breachflow user add` and the set-password page use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from breachflow.services.people import choose_password
from models.db import session_scope
from models.users import add_user, issue_api_token

PASSWORD = "correct horse battery staple"


@dataclass(frozen=True)
class Account:
    email: str
    name: str
    role: str
    token: str


def make_person(
    engine: Engine, role: str, *, name: str | None = None, language: str = "en"
) -> Account:
    email = f"{role}@groups.be"
    name = name or f"{role.title()} Person"
    now = datetime.now(UTC)
    with session_scope(engine) as session:
        _, link = add_user(
            session=session,
            email=email,
            name=name,
            role=role,
            language=language,
            actor="test",
            now=now,
        )
    assert choose_password(engine, link, PASSWORD, now) is None
    with session_scope(engine) as session:
        token = issue_api_token(session=session, email=email, actor="test", now=now)
    assert token is not None
    return Account(email, name, role, token)


def form_token(page: str, name: str = "csrf_token") -> str:
    """The hidden form token of a page."""
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, f"no {name} on the page"
    return found.group(1)


def sign_in(client: TestClient, account: Account, password: str = PASSWORD) -> int:
    """Sign in through the login page as a browser does; the status of the answer (303 = in)."""
    page = client.get("/login")
    response = client.post(
        "/login",
        data={
            "email": account.email,
            "password": password,
            "form_token": form_token(page.text, "form_token"),
            "next": "/decisions",
        },
        follow_redirects=False,
    )
    return int(response.status_code)

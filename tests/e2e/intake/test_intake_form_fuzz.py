"""Schemathesis against the web pages, over HTTP: no generated request makes the form, the
token link, the status pages or the overview fail with a 5xx.

The pages are not in the OpenAPI document (they are HTML for people), so this module
describes them in one: the form's fields as free strings (any Unicode, NUL, superscript and
Arabic-Indic digits, times in any shape), lists, flags and an attachment, sent multipart and
URL-encoded. Requests carry a session of a known token, with its CSRF token, so the
validation behind the CSRF check is what gets exercised.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode

from intake.auth import SESSION_COOKIE, csrf_token_for
from models.access import hash_token
from models.db import session_scope
from models.tables import AccessToken
from tests.e2e.intake.conftest import LiveService

TOKEN = "fuzz-" + "0123456789abcdef" * 3  # a known token, so the schema can carry its CSRF
STRING = {"type": "string"}
# Text fields take any string; the others strings shaped as the form sends them, so the
# generator reaches the parsers behind them: digits of every script for counts, times of every
# year, the choices (the negative mode sends everything else).
DIGITS = "0-9\u00b2\u00b3\u00b9\u0660-\u0669\u06f0-\u06f9\u0966-\u096f\uff10-\uff19"
COUNT = {"type": "string", "pattern": f"^[{DIGITS}]{{0,20}}$"}
LOCAL_TIME = {
    "type": "string",
    "pattern": "^([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?)?$",
}


def _choice(*values: str) -> dict[str, Any]:
    return {"type": "string", "enum": [*values, ""]}


FIELDS: dict[str, Any] = {
    "reporter_name": STRING,
    "reporter_email": STRING,
    "reporter_phone": STRING,
    "description": STRING,
    "incident_type": _choice("email_misdirected", "lost_device", "hacking", "unknown"),
    "occurred": _choice("at", "between", "unknown"),
    "occurred_at": LOCAL_TIME,
    "occurred_from": LOCAL_TIME,
    "occurred_to": LOCAL_TIME,
    "detected": _choice("at", "unknown"),
    "detected_at": LOCAL_TIME,
    "subjects_count": COUNT,
    "encrypted": _choice("yes", "no", "key_compromised", "unknown"),
    "disclosure": _choice("known_recipients", "unknown_recipients", "not_affected"),
    "recipients": STRING,
    "recipients_count": COUNT,
    "deletion_confirmed": _choice("yes", "no", "unknown"),
    "malicious": _choice("yes", "no", "unknown"),
    "ongoing": _choice("yes", "no", "unknown"),
    "measures": STRING,
    "how_discovered": STRING,
    "systems": STRING,
}
FLAGS = ("data_unknown", "groups_unknown", "subjects_count_unknown", "recipients_count_unknown")


def _form_schema(*, with_file: bool) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "csrf_token": {"type": "string", "enum": [csrf_token_for(TOKEN)]},
        **FIELDS,
        **{flag: {"type": "string", "enum": ["1", "on", "0", ""]} for flag in FLAGS},
        "data": {"type": "array", "items": _choice("bank", "identity", "health"), "maxItems": 9},
        "groups": {"type": "array", "items": _choice("employees", "children"), "maxItems": 5},
    }
    if with_file:
        properties["attachments"] = {"type": "string", "format": "binary"}
    # A browser sends every field of the form (empty when unanswered): all are required, so
    # the generator varies each rather than leaving most out.
    return {"type": "object", "properties": properties, "required": list(properties)}


def _page(path: str, *parameters: str) -> dict[str, Any]:
    return {
        "get": {
            "parameters": [
                {"name": name, "in": "path", "required": True, "schema": STRING}
                for name in parameters
            ]
            + [{"name": "lang", "in": "query", "required": False, "schema": STRING}],
            "responses": {"default": {"description": "a page"}},
        }
    }


PAGES: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "breachflow pages (tests only)", "version": "1"},
    "paths": {
        "/": _page("/"),
        "/r/{token}": _page("/r/{token}", "token"),
        "/report": {
            **_page("/report"),
            "post": {
                "requestBody": {
                    "required": True,
                    "content": {
                        "multipart/form-data": {"schema": _form_schema(with_file=True)},
                        "application/x-www-form-urlencoded": {
                            "schema": _form_schema(with_file=False)
                        },
                    },
                },
                "responses": {"default": {"description": "the form or a redirect"}},
            },
        },
        "/reports/{ref}": _page("/reports/{ref}", "ref"),
        "/reports/{ref}/received": _page("/reports/{ref}/received", "ref"),
        "/overview": _page("/overview"),
        "/overview/breaches.csv": _page("/overview/breaches.csv"),
    },
}
schema = schemathesis.openapi.from_dict(PAGES)
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], allow_x00=True
)


@pytest.fixture(scope="module")
def session_token(live_service: LiveService) -> str:
    """The known token, stored as the security team's (it sees every page)."""
    with session_scope(live_service.engine) as session:
        session.add(
            AccessToken(
                id=uuid.uuid4(),
                token_sha256=hash_token(TOKEN),
                scope="security",
                created_at=datetime.now(UTC),
            )
        )
    return TOKEN


@schema.parametrize()
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_pages_never_fail(case: Any, live_service: LiveService, session_token: str) -> None:
    """Generated requests with a valid session: never a 5xx; a refused form (422) says why
    beside a field or in its banner."""
    response = case.call(
        base_url=live_service.url,
        cookies={SESSION_COOKIE: session_token},
        allow_redirects=False,
    )
    assert response.status_code < 500, (case.as_curl_command(), response.text[:2000])
    if case.method == "POST" and response.status_code == 422:
        assert re.search(r'class="error"|id="form-banner"', response.text), response.text[:2000]

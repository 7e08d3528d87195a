"""Schemathesis against the served OpenAPI document, over HTTP: no generated input makes the API
fail with a 5xx, and every 422 names the field it is about. The callers: a client, the security
team's token, and a DPO's personal token (the decisions API, `/api/decisions...`)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode

from breachflow.settings import Settings
from intake.app import create_app
from models.db import make_engine
from tests.e2e.intake.conftest import LiveService
from tests.integration.intake.people_support import make_person


def _document() -> dict[str, Any]:
    """The OpenAPI document as the app builds it (no database needed to build it)."""
    settings_ = Settings(_env_file=None, data_dir="unused")  # type: ignore[call-arg]
    return create_app(settings_, make_engine("sqlite://")).openapi()


DOCUMENT = _document()
schema = schemathesis.openapi.from_dict(DOCUMENT)
# Valid and invalid inputs (wrong types, missing fields, NUL bytes): the 422 paths too.
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], allow_x00=True
)


@pytest.fixture(scope="module")
def tokens(live_service: LiveService) -> dict[str, str]:
    return {
        "client": live_service.issue("bakkerij-peeters"),
        "security": live_service.issue("security"),
        "dpo": make_person(live_service.engine, "dpo").token,
    }


def test_document_covers_the_decisions_api() -> None:
    """The decisions API is in the document Schemathesis generates from."""
    assert {"/api/decisions", "/api/decisions/{ident}"} <= set(DOCUMENT["paths"])
    assert set(DOCUMENT["paths"]["/api/decisions/{ident}"]) == {"get", "post"}


def test_served_document_is_the_one_tested(live_service: LiveService) -> None:
    """The live service serves the document the generated cases come from."""
    assert httpx.get(f"{live_service.url}/openapi.json").json() == DOCUMENT


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_never_fails_and_names_bad_fields(
    case: Any, live_service: LiveService, tokens: dict[str, str]
) -> None:
    """Generated requests, as a client, the security team and a DPO: never a 5xx; a 422 lists
    problems that each carry a non-empty field name."""
    for token in tokens.values():
        response = case.call(
            base_url=live_service.url, headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code < 500, (case.as_curl_command(), response.text)
        if response.status_code == 422:
            problems = response.json()["detail"]
            assert problems, response.text
            for problem in problems:
                assert isinstance(problem.get("field"), str), response.text
                assert problem["field"], response.text

"""The accountability export from the web app: the DPO and legal download the zip (recorded in
the audit trail in their name); security and viewers are refused; clients and nobody find no
such route; a signed-in browser needs the session's form token."""

from __future__ import annotations

import io
import re

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import select

from breachflow.dispatcher import Dispatcher
from breachflow.manifest import check_zip
from models.db import read_scope
from models.tables import AuditEvent, Breach
from tests.integration.intake.conftest import TokenFactory, bearer
from tests.integration.intake.people_support import form_token, make_person, sign_in


def test_dpo_and_legal_export_others_cannot(
    client: TestClient,
    engine: Engine,
    token_for: TokenFactory,
    waiting_review: tuple[Breach, Dispatcher],
) -> None:
    breach, _ = waiting_review
    path = f"/breaches/{breach.reference}/export"
    dpo = make_person(engine, "dpo", name="Anna Janssens")
    legal = make_person(engine, "legal", name="Luc Legal")
    for role in ("security", "viewer"):
        other = make_person(engine, role)
        assert client.post(path, headers=bearer(other.token)).status_code == 403, role
    assert client.post(path, headers=bearer(token_for("bakkerij-peeters"))).status_code == 404
    assert client.post(path).status_code == 401
    by_token = client.post(path, headers=bearer(legal.token))
    assert by_token.status_code == 200
    assert by_token.headers["content-type"] == "application/zip"
    assert not check_zip(io.BytesIO(by_token.content)).faults

    assert sign_in(client, dpo) == 303
    page = client.get("/overview?lang=nl")
    assert f'action="{path}"' in page.text  # the button on the breach
    assert "verantwoordingsdossier" in page.text
    assert client.post(path, data={"csrf_token": "forged"}).status_code == 403
    download = client.post(path, data={"csrf_token": form_token(page.text)})
    assert download.status_code == 200, download.text
    assert re.search(
        r'attachment; filename="BR-\d{4}-\d+-accountability.zip"',
        download.headers["content-disposition"],
    )
    check = check_zip(io.BytesIO(download.content))
    assert not check.faults
    assert check.files > 3
    assert (
        client.post(
            "/breaches/BR-2026-9999/export", data={"csrf_token": form_token(page.text)}
        ).status_code
        == 404
    )
    with read_scope(engine) as session:
        exports = [
            e.actor
            for e in session.exec(select(AuditEvent)).all()
            if e.entity_type == "accountability_export"
        ]
    assert exports == ["Luc Legal <legal@groups.be>", "Anna Janssens <dpo@groups.be>"]

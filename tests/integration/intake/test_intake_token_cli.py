"""`breachflow token`: issue for a client or the security team, print the link, revoke."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select
from typer.testing import CliRunner

from breachflow.cli import app as root
from breachflow.settings import get_settings
from breachflow.store import engine_for
from intake.app import create_app
from models.access import hash_token
from models.db import read_scope
from models.tables import AccessToken


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("BREACHFLOW_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BREACHFLOW_PUBLIC_URL", "http://127.0.0.1:8000")
    get_settings.cache_clear()
    yield tmp_path / "data"
    get_settings.cache_clear()


def test_token_for_a_client_prints_its_link_and_stores_only_a_hash(data_dir: Path) -> None:
    """The link and, on a line of its own, `token: TOKEN`; the database keeps the SHA-256."""
    result = CliRunner().invoke(root, ["token", "bakkerij-peeters"])
    assert result.exit_code == 0, result.output
    token = re.search(r"^token: (\S+)$", result.output, re.MULTILINE)
    assert token
    assert f"link: http://127.0.0.1:8000/r/{token.group(1)}" in result.output
    assert "Bakkerij Peeters bv" in result.output
    engine = engine_for(get_settings())
    with read_scope(engine) as session:
        (row,) = session.exec(select(AccessToken)).all()
    assert row.token_sha256 == hash_token(token.group(1))
    assert token.group(1) not in row.model_dump_json()
    # The printed link opens the web app for that client.
    with TestClient(create_app(get_settings(), engine)) as client:
        assert client.get(f"/r/{token.group(1)}").status_code == 200
    engine.dispose()


def test_security_token_refused_revocation_and_errors(data_dir: Path) -> None:
    """`token security` points to people's accounts (no shared token is issued any more);
    `--revoke TOKEN` revokes; an unknown client is an error."""
    runner = CliRunner()
    moved = runner.invoke(root, ["token", "security"])
    assert moved.exit_code == 2
    assert "breachflow user add EMAIL --name NAME --role security" in moved.output
    issued = runner.invoke(root, ["token", "bakkerij-peeters"])
    assert issued.exit_code == 0, issued.output
    token = issued.output.split("token: ")[1].strip()
    revoked = runner.invoke(root, ["token", "--revoke", token])
    assert revoked.exit_code == 0, revoked.output
    engine = engine_for(get_settings())
    with TestClient(create_app(get_settings(), engine)) as client:
        assert (
            client.get("/api/breaches", headers={"Authorization": f"Bearer {token}"}).status_code
            == 401
        )
    engine.dispose()
    unknown = runner.invoke(root, ["token", "no-such-client"])
    assert unknown.exit_code == 2
    assert "not a client" in unknown.output
    assert runner.invoke(root, ["token", "--revoke", "nonsense"]).exit_code == 2

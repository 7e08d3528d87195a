"""Fixtures for the notifier adapters: a stub Slack Web API, a real SMTP server, a TLS cert."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest

from notifiers.slack import SlackNotifier
from tests.support.slack_stub import SlackStub
from tests.support.smtp_server import SmtpServer, self_signed_certificate

CHANNEL = "C0BREACHES"


@pytest.fixture
def slack_stub() -> Iterator[SlackStub]:
    with SlackStub() as stub:
        yield stub


@pytest.fixture
def slack(slack_stub: SlackStub) -> SlackNotifier:
    """The real adapter on the real slack-sdk client, pointed at the stub; quick retries."""
    return SlackNotifier(
        token=slack_stub.token,
        channel=CHANNEL,
        base_url=slack_stub.base_url,
        rate_limit_retries=2,
        connection_retries=1,
        timeout=5,
    )


@pytest.fixture(scope="session")
def tls_certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return self_signed_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="session")
def client_tls(tls_certificate: tuple[Path, Path]) -> ssl.SSLContext:
    """A client context that trusts only the test certificate (verification stays on)."""
    return ssl.create_default_context(cafile=str(tls_certificate[0]))


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    with SmtpServer() as server:
        yield server

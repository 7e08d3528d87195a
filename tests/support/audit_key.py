"""The audit key of the tests that open a database by URL alone (no settings, no key file):
registered for the URL, so every engine the test (or the code it drives) makes carries it."""

from __future__ import annotations

from models.db import register_audit_key

TEST_AUDIT_KEY = b"breachflow-tests-audit-key-0123456789"


def keyed(url: str) -> str:
    """`url`, with the test key registered for it in this process."""
    register_audit_key(url, TEST_AUDIT_KEY)
    return url

"""People of the served tests, made as an administrator makes them: `breachflow user add` at the
command line, the printed link opened in the browser to choose a password, then sign-in."""

from __future__ import annotations

import re
import subprocess
import sys

from playwright.sync_api import Page, expect

from tests.e2e.service.conftest import ROOT, Served

PASSWORD = "a long sentence nobody guesses"


def breachflow(served: Served, *args: str, timeout: float = 120) -> str:
    """A `breachflow` command against the served data folder; its standard output."""
    result = subprocess.run(
        [sys.executable, "-m", "breachflow", *args],
        cwd=ROOT,
        env=served.env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def add_person(served: Served, page: Page, email: str, name: str, role: str, lang: str) -> None:
    """`user add`, the printed link opened to set the password, then signed in."""
    printed = breachflow(
        served, "user", "add", email, "--name", name, "--role", role, "--language", lang
    )
    link = re.search(r"(https?://\S+/password/\S+)", printed)
    assert link, printed
    assert link.group(1).startswith(served.info["web_url"])  # the running service's address
    page.goto(link.group(1))
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/login"))
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/decisions$"))

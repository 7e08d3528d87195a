"""What the browser tests share: Debian's chromium as Playwright launches it, and the report
form filled in as a reporter would."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@contextmanager
def chromium_page(locale: str, height: int = 900) -> Iterator[Page]:
    """A page in a fresh headless chromium, in the reader's `locale`, closed afterwards."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        context = browser.new_context(locale=locale, viewport={"width": 1100, "height": height})
        yield context.new_page()
        context.close()
        browser.close()


def fill_form(page: Page, *, name: str, email: str) -> None:
    page.fill("#reporter_name", name)
    page.fill("#reporter_email", email)
    page.fill("#reporter_phone", "+32 470 12 34 56")
    page.fill("#description", "Payslips of March were e-mailed to the wrong employee <b>!</b>")
    page.select_option("#incident_type", "email_misdirected")
    page.fill("#systems", "Payslip mailing")
    page.check("input[name=occurred][value=at]")
    page.fill("#occurred_at", "2026-03-20T10:15")
    page.check("input[name=detected][value=at]")
    page.fill("#detected_at", "2026-03-20T11:00")
    page.fill("#how_discovered", "The employee who received them called us")
    page.check("input[name=data][value=bank]")
    page.check("input[name=data][value=identity]")
    page.fill("#subjects_count", "12")
    page.check("input[name=groups][value=employees]")
    page.check("input[name=encrypted][value=no]")
    page.check("input[name=disclosure][value=known_recipients]")
    page.fill("#recipients", "One colleague in another department")
    page.fill("#recipients_count", "1")
    page.check("input[name=deletion_confirmed][value=yes]")
    page.check("input[name=malicious][value=no]")
    page.check("input[name=ongoing][value=no]")
    page.fill("#measures", "Asked the colleague to delete the e-mail")
    page.set_input_files(
        "#attachments",
        files=[{"name": "evidence.txt", "mimeType": "text/plain", "buffer": b"mail log excerpt\n"}],
    )

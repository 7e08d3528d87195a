"""A real browser (Debian's chromium driven by Playwright) reports a breach through the form in
two languages, sees the acknowledgement and opens the status page. Screenshots of the form and
the acknowledgement go to test-artifacts/intake/."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from models.breaches import get_breach_by_reference
from models.db import read_scope
from models.outbox import FLOW_START, list_effects
from tests.e2e.browser_support import CHROMIUM, CHROMIUM_ARGS, fill_form
from tests.e2e.intake.conftest import ARTIFACTS, LiveService

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"{CHROMIUM} is absent: install Debian's chromium (apt-get install -y chromium)",
    ),
    # One test process for the module, so chromium starts once (xdist).
    pytest.mark.xdist_group("intake-browser"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="en-GB", viewport={"width": 1100, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def test_chromium_launches_and_loads_a_page(page: Page, live_service: LiveService) -> None:
    """Smoke test: the browser starts headless and renders the service's 401 page."""
    response = page.goto(f"{live_service.url}/report")
    assert response is not None
    assert response.status == 401
    expect(page.locator("h1")).to_be_visible()


@pytest.mark.parametrize(
    ("client", "switch_to", "language", "thanks", "state_text"),
    [
        ("bakkerij-peeters", None, "nl", "Bedankt", "Ontvangen, wacht op een eerste beoordeling"),
        ("brightdesk", "fr", "fr", "Merci", "Reçu, en attente d'une première évaluation"),
    ],
)
def test_reporter_files_a_breach_through_the_form(
    page: Page,
    live_service: LiveService,
    client: str,
    switch_to: str | None,
    language: str,
    thanks: str,
    state_text: str,
) -> None:
    """Link -> form (register language, or switched) -> a server-side error shown beside its
    field with the values kept -> acknowledgement with the reference -> status page."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{live_service.url}/r/{live_service.issue(client)}")
    assert "/r/" not in page.url  # the token left the address bar
    page.goto(f"{live_service.url}/report")
    if switch_to:
        page.click(f"nav.lang a[lang={switch_to}]")
    expect(page.locator("html")).to_have_attribute("lang", language)

    fill_form(page, name="Ann Peeters", email="not-an-address")
    page.screenshot(path=str(ARTIFACTS / f"form-{language}.png"), full_page=True)
    page.click("#submit")
    expect(page.locator("#reporter_email-error")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / f"form-{language}-error.png"), full_page=True)
    expect(page.locator("#description")).to_have_value(re.compile("wrong employee"))
    page.fill("#reporter_email", "ann@example.be")
    page.set_input_files(
        "#attachments",
        files=[{"name": "evidence.txt", "mimeType": "text/plain", "buffer": b"mail log excerpt\n"}],
    )
    page.click("#submit")

    page.wait_for_url(re.compile(r"/reports/BR-\d{4}-\d{4}/received$"))
    expect(page.locator("h1")).to_contain_text(thanks)
    reference = page.locator("#reference").inner_text().strip()
    assert re.fullmatch(r"BR-\d{4}-\d{4}", reference)
    page.screenshot(path=str(ARTIFACTS / f"acknowledgement-{language}.png"), full_page=True)

    page.click("#status-link")
    page.wait_for_url(re.compile(rf"/reports/{reference}$"))
    expect(page.locator("#state")).to_have_text(state_text)
    expect(page.locator(".description")).to_contain_text("<b>!</b>")  # shown as text
    # The status page reloads itself every 30 s (a meta refresh: the CSP allows no script).
    expect(page.locator('meta[http-equiv="refresh"]')).to_have_attribute("content", "30")

    with read_scope(live_service.engine) as session:
        breach = get_breach_by_reference(session=session, reference=reference)
        starts = [
            e.payload["deployment"]
            for e in list_effects(session=session, breach_id=breach.id)
            if e.kind == FLOW_START
        ]
    assert starts == ["assess-breach/breachflow"]
    assert breach.language == language
    assert breach.facts["recipients_trusted"] is True


def test_dpo_sees_a_new_report_on_the_overview(page: Page, live_service: LiveService) -> None:
    """The security team's link opens the overview, which lists a report filed over the API
    (no deadline yet: the assessment has not run), names the token that filed it as the
    security team (never `token:...`) and links the CSV register."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    token = live_service.issue("security")
    filed = httpx.post(
        f"{live_service.url}/api/breaches",
        headers={"Authorization": f"Bearer {token}"},
        json={
            "reporter": {"name": "SOC", "email": "soc@example.be"},
            "description": "Credential stuffing on the employer portal",
            "detected_at": "2026-03-27T09:30:00+01:00",
            "activities": ["payroll-brightdesk"],
        },
    )
    assert filed.status_code == 201, filed.text
    reference = filed.json()["reference"]
    page.goto(f"{live_service.url}/r/{token}")
    page.goto(f"{live_service.url}/overview?lang=en")
    expect(page.locator(f"#breach-{reference}")).to_be_visible()
    timeline = page.locator(f"#breach-{reference} .timeline")
    expect(timeline).to_contain_text("security team")
    expect(timeline).not_to_contain_text("token:")
    page.screenshot(path=str(ARTIFACTS / "overview.png"), full_page=True)
    csv_response = page.request.get(f"{live_service.url}/overview/breaches.csv")
    assert csv_response.ok
    assert reference in csv_response.text()

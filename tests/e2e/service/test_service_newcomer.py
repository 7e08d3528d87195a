"""The newcomer's path through the running service: `breachflow token` for a sample client, its
link opened in a real browser (Debian's chromium), a breach reported through the form; the
report then waits for review in Prefect, on its status page and on the DPO's overview (her
account made with `breachflow user add`, signed in)."""

from __future__ import annotations

import re
import subprocess
import sys
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from breachflow import prefect_runs
from models.breaches import get_breach_by_reference
from models.db import read_scope
from rules.lifecycle import Step
from tests.e2e.browser_support import CHROMIUM, chromium_page, fill_form
from tests.e2e.service.conftest import ROOT, Served
from tests.e2e.service.people_support import add_person

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"{CHROMIUM} is absent: install Debian's chromium (apt-get install -y chromium)",
)
ARTIFACTS = ROOT / "test-artifacts" / "service"


@pytest.fixture
def page() -> Iterator[Page]:
    with chromium_page("en-GB") as page:
        yield page


def token_link(served: Served, target: str) -> str:
    """`breachflow token TARGET` as a user runs it; the link it prints."""
    result = subprocess.run(
        [sys.executable, "-m", "breachflow", "token", target],
        cwd=ROOT,
        env=served.env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    lines = result.stdout.splitlines()
    assert any(line.startswith("token: ") for line in lines), result.stdout
    links = [word for line in lines for word in line.split() if "/r/" in word]
    assert links, result.stdout
    return links[0]


def test_a_client_reports_through_the_link_and_the_dpo_sees_it_waiting(
    served: Served, page: Page
) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    web = served.info["web_url"]
    link = token_link(served, "bakkerij-peeters")
    assert link.startswith(f"{web}/r/")  # the running service's address, not a default

    page.goto(link)
    assert "/r/" not in page.url
    page.goto(f"{web}/report")
    expect(page.locator("html")).to_have_attribute("lang", "nl")  # the client's language
    fill_form(page, name="Ann Peeters", email="ann@bakkerij-peeters.be")
    page.click("#submit")
    page.wait_for_url(re.compile(r"/reports/BR-\d{4}-\d{4}/received$"))
    reference = page.locator("#reference").inner_text().strip()
    with read_scope(served.engine) as session:
        breach_id: uuid.UUID = get_breach_by_reference(session=session, reference=reference).id

    run_id = prefect_runs.wait_suspended(served.engine, breach_id, Step.REVIEW, seconds=300)

    page.click("#status-link")
    expect(page.locator("#state")).to_have_text(
        "Wacht op nazicht door onze functionaris voor gegevensbescherming"
    )
    page.screenshot(path=str(ARTIFACTS / "status-awaiting-review.png"), full_page=True)

    page.context.clear_cookies()  # the DPO now, on her own account
    add_person(served, page, f"dpo.{uuid.uuid4().hex[:6]}@groups.be", "Anna Janssens", "dpo", "en")
    page.goto(f"{web}/overview?lang=en")
    row = page.locator(f"#breach-{reference}")
    expect(row).to_be_visible()
    prefect = row.locator("a.prefect")
    expect(prefect).to_have_attribute(
        "href", f"{served.info['prefect_ui_url']}/runs/flow-run/{run_id}"
    )
    page.screenshot(path=str(ARTIFACTS / "overview-awaiting-review.png"), full_page=True)
    page.goto(str(prefect.get_attribute("href")))  # the Prefect UI answers the link
    expect(page.locator("body")).to_contain_text(
        re.compile("review-decision|Suspended"), timeout=30_000
    )

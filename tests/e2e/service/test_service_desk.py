"""The DPO's desk on the running service (embedded defaults), as issue 16's "done when" reads: a
DPO account made at the command line signs in, sees the demo's review waiting, decides it on
breachflow's page with the awareness time prefilled in Brussels time, is taken to the approval,
opens each draft, approves and files; the audit names her account; a client's token finds no
decision and no document; the Prefect UI shows the same runs with readable names, completed."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from breachflow import prefect_runs
from models.breaches import get_breach_by_reference
from models.db import read_scope
from models.decisions import list_decisions
from models.tables import AuditEvent, Document
from rules.deadlines import BRUSSELS
from rules.lifecycle import Step
from tests.e2e.browser_support import CHROMIUM, chromium_page
from tests.e2e.service.conftest import ROOT, Served
from tests.e2e.service.people_support import add_person, breachflow

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"{CHROMIUM} is absent: install Debian's chromium (apt-get install -y chromium)",
)
ARTIFACTS = ROOT / "test-artifacts" / "service"
SUBMIT = "Beslissing registreren"
LATE = "De melding bereikte de DPO pas na het weekend."


@pytest.fixture
def page() -> Iterator[Page]:
    with chromium_page("nl-BE", height=1000) as page:
        yield page


def _wait_for_link(page: Page, selector: str, seconds: float) -> float:
    """Reload the decision list until `selector` shows; the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        page.reload()
        if page.locator(selector).count():
            return time.monotonic() - started
        time.sleep(0.5)
    raise AssertionError(f"{selector} not listed within {seconds} s")


def _fill_late_reason_if_asked(page: Page) -> None:
    """The demo's dates are those of its scenario: a deadline may be past, and then the form
    asks for the reasons for the delay (Art. 33(1))."""
    if page.locator("#late_reason").count():
        page.fill("#late_reason", LATE)


def test_a_dpo_takes_the_demo_from_review_to_filing_on_breachflows_pages(
    served: Served, page: Page
) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    web = served.info["web_url"]
    email = f"anna.{uuid.uuid4().hex[:6]}@groups.be"
    add_person(served, page, email, "Anna Janssens", "dpo", "nl")

    printed = breachflow(served, "demo", timeout=300)
    found = re.search(r"reported (BR-\d{4}-\d{4,})", printed)
    assert found, printed
    reference = found.group(1)
    assert f"{web}/decisions" in printed  # the demo says where to decide
    review_link = f"a[href^='/decisions/{reference}.review.']"
    to_review = _wait_for_link(page, review_link, 120)
    page.locator(review_link).click()
    with read_scope(served.engine) as session:
        breach = get_breach_by_reference(session=session, reference=reference)
    expect(page.locator("#aware_at")).to_have_value(
        re.compile(breach.aware_at.astimezone(BRUSSELS).strftime("^%Y-%m-%dT%H:%M"))
    )
    expect(page.get_by_label("De berekende uitkomst aanvaarden")).to_be_checked()
    page.screenshot(path=str(ARTIFACTS / "desk-served-review.png"), full_page=True)
    _fill_late_reason_if_asked(page)
    started = time.monotonic()
    page.get_by_role("button", name=SUBMIT).click()
    expect(page).to_have_url(re.compile(rf"/decisions/{reference}\.approval\.1$"), timeout=60_000)
    to_approval = time.monotonic() - started

    drafts = [str(a.get_attribute("href")) for a in page.locator("ul.drafts a").all()]
    assert drafts
    for href in drafts:  # each draft opens through breachflow, as the signed-in DPO
        pdf = page.request.get(f"{web}{href}")
        assert pdf.status == 200, href
        assert pdf.headers["content-type"] == "application/pdf"
        assert pdf.body().startswith(b"%PDF")
    page.screenshot(path=str(ARTIFACTS / "desk-served-approval.png"), full_page=True)
    # Its run is open in the Prefect UI as well (checked below) by the time a person has read
    # the drafts; a decision taken before the run opens leaves no run there.
    prefect_runs.wait_suspended(served.engine, breach.id, Step.APPROVAL, seconds=60)
    page.get_by_role("button", name=SUBMIT).click()
    expect(page).to_have_url(re.compile(rf"/decisions/{reference}\.filing\.1$"), timeout=60_000)
    page.fill("#gba_reference", "DBN-2026-000777")
    page.check("#processor_notices_sent")
    _fill_late_reason_if_asked(page)
    page.get_by_role("button", name=SUBMIT).click()
    expect(page).to_have_url(re.compile(rf"/decisions/{reference}\.closing\.1$"), timeout=60_000)
    print(f"review listed {to_review:.1f} s after the demo; approval page {to_approval:.1f} s")

    with read_scope(served.engine) as session:
        decisions = list_decisions(session=session, breach_id=breach.id)
        actors = {e.actor for e in session.exec(select(AuditEvent)).all()}
        document_id = session.exec(
            select(Document.id).where(Document.breach_id == breach.id)
        ).first()
    assert [(d.kind, d.decided_by, d.decided_by_email) for d in decisions] == [
        ("review", "Anna Janssens", email),
        ("approval", "Anna Janssens", email),
        ("filing", "Anna Janssens", email),
    ]
    assert f"Anna Janssens <{email}>" in actors

    # The Prefect UI shows the same runs, named for the decision and the breach, completed.
    for step, name in ((Step.REVIEW, "review"), (Step.APPROVAL, "approval")):
        run_id = prefect_runs.latest_run_id(served.engine, breach.id, step)
        assert run_id is not None, step
        end = time.monotonic() + 60
        while (seen := prefect_runs.run_state(run_id)) and seen.type != "COMPLETED":
            assert time.monotonic() < end, seen
            time.sleep(0.5)
        assert _run_name(run_id) == f"{name} {reference}"

    client_token = breachflow(served, "token", "bakkerij-peeters").split("token: ")[1].strip()
    headers = {"Authorization": f"Bearer {client_token}"}
    assert httpx.get(f"{web}/api/decisions", headers=headers).status_code == 404
    assert httpx.get(f"{web}/documents/{document_id}", headers=headers).status_code == 404


def _run_name(run_id: str) -> str:
    from prefect import get_client

    with get_client(sync_client=True) as client:
        return str(client.read_flow_run(uuid.UUID(run_id)).name)

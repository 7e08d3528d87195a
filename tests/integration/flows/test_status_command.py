"""`breachflow status REF` for a person at a terminal: a breach followed through the in-process
harness, its state in words, the outcome in force with the DPO's override, deadlines in Belgian
time with hours left, and the decision it waits for with where to take it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from breachflow.cli import app as cli
from breachflow.commands.status import decision_run_name
from breachflow.settings import Settings, get_settings
from rules.lifecycle import Decision
from tests.integration.flows.flow_support import file_report, review, rig

pytestmark = pytest.mark.integration

REASON = "Payslips with national numbers: identity fraud is likely"


@pytest.fixture
def cli_settings(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """The command line reads the harness's data folder; links go to a set public address."""
    monkeypatch.setenv("BREACHFLOW_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("BREACHFLOW_PUBLIC_URL", "https://breaches.example.be")
    get_settings.cache_clear()
    yield settings
    get_settings.cache_clear()


def status(reference: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["status", reference])
    return result.exit_code, result.output


def test_status_follows_the_breach_through_review(
    engine: Engine, settings: Settings, cli_settings: Settings
) -> None:
    """Waiting for review: the state in words, the rules' outcome, every open deadline in
    Belgian time (the sample breach's are long past: overdue), the review run and the overview.
    After a review that raises the outcome: the override with the DPO's name and reason, and
    the approval now waiting."""
    dispatcher, _ = rig(engine, settings)
    breach = file_report(engine, settings)
    dispatcher.run_until_idle()
    code, text = status(breach.reference)
    assert code == 0, text
    assert text.startswith(f"{breach.reference} is waiting for the DPO's review.\n")
    assert "Outcome in force: Risk: notify the GBA." in text
    assert re.search(
        r"  Notification to the GBA: 30 March 2026 at 11:00 \(Belgian time\), "
        r"OVERDUE by \d+ h",
        text,
    ), text
    assert "Notice to the client (controller) (Bakkerij Peeters bv): 28 March 2026" in text
    assert "Entry in the breach register (Group S - Sociaal Secretariaat vzw): no fixed" in text
    assert f'resume the run "review {breach.reference}"' in text
    assert f"https://breaches.example.be/decisions/{breach.reference}.review.1" in text
    assert f"https://breaches.example.be/overview#breach-{breach.reference}" in text
    assert "_" not in text.replace(breach.reference, "")  # no code shows

    review(engine, settings, breach.id, outcome="override_to_high", override_reason=REASON)
    dispatcher.run_until_idle()
    code, text = status(breach.reference)
    assert code == 0, text
    assert "is waiting for the DPO to approve its drafts" in text
    assert "Outcome in force: High risk: notify the GBA and the people concerned." in text
    assert f'Changed by the DPO (Dana DPO) from "Risk: notify the GBA"; reason: {REASON}' in text
    assert "Communication to the people concerned" in text
    assert f'resume the run "approval {breach.reference}"' in text
    assert f"/decisions/{breach.reference}.approval.1" in text


def test_an_unknown_reference_is_named(cli_settings: Settings) -> None:
    code, text = status("BR-2099-0042")
    assert code == 2
    assert "no breach has the reference 'BR-2099-0042'" in text


def test_the_run_name_is_the_one_prefect_shows() -> None:
    """`status` names the run without importing Prefect; it must be the name the run has."""
    from flows.decision_runs import run_name

    for decision in Decision:
        assert decision_run_name(decision, "BR-2026-0001") == run_name(decision, "BR-2026-0001")

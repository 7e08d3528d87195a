"""`breachflow demo`: a sample breach, and with auto-approve every decision taken as "demo".

Two scenarios: `default` (client A's payslips and our staff's leave records sent to client B:
a processor notice to A, a GBA notification for our staff) and `high-risk` (our staff's HR files
copied in an intrusion: the GBA notification and letters to the people concerned, so a newcomer
sees the whole path to approved letters and `breachflow letters`).

The report is filed as every report is (`ReportFiler`). With a running service
(`DATA_DIR/run/service.json` answers) the breach goes through Prefect and each decision is
submitted to its suspended run exactly as the UI's Resume form does. Without one, the steps run
in this process (`InProcessStarter`) and the decisions go through the same services the
decision flows call; a later `breachflow serve` picks up whatever still waits (reconciler).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib.resources import files
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from breachflow import services
from breachflow.dispatcher import Dispatcher
from breachflow.settings import Settings, linking_to
from breachflow.step_starts import InProcessStarter, flow_start_handler
from breachflow.store import open_store
from models.breaches import get_breach
from models.db import read_scope, session_scope
from models.outbox import FLOW_START
from models.processing_register import sync_processing_register
from models.types import utcnow
from rules.deadlines import BRUSSELS
from rules.decisions import Approval, Filing, Review
from rules.facts import parse_instant
from rules.lifecycle import STATE_LABELS, State, Step

DECIDER = "demo"


@dataclass(frozen=True)
class Scenario:
    """A sample breach and what the DPO records for it at the review (measure codes of
    `rules.measures`; the client-safe description the processor notices carry)."""

    file: str
    measures_taken: tuple[str, ...]
    measures_planned: tuple[str, ...]
    client_description: str | None = None

    def measures(self) -> dict[str, list[str]]:
        return {
            "measures_taken": list(self.measures_taken),
            "measures_planned": list(self.measures_planned),
        }


SCENARIOS: dict[str, Scenario] = {
    # The employer who received the payslips was asked to delete them; staff training and a
    # review of the mailing procedure follow. The notice to the client tells it in words that
    # name no other client (the DPO writes in the organisation's language, Dutch here).
    "default": Scenario(
        "demo-breach.json",
        ("recipient_deletion",),
        ("staff_training", "process_review"),
        client_description=(
            "Bij de maandelijkse loonverwerking werden de loonbrieven van uw werknemers per "
            "vergissing naar de hr-dienst van een andere werkgever gemaild. Die werkgever "
            "verwittigde ons de volgende ochtend; wij hebben hem gevraagd de e-mail te wissen "
            "en dat schriftelijk te bevestigen."
        ),
    ),
    # The stolen account was closed, every password reset, a complaint filed and forensic
    # specialists called in; two-factor authentication and monitoring follow.
    "high-risk": Scenario(
        "demo-high-risk.json",
        ("contained", "passwords_reset", "police_report", "forensic_investigation"),
        ("mfa", "monitoring_misuse"),
    ),
}
DEFAULT_SCENARIO = "default"
# The sample people for `breachflow letters` (one per language).
DEMO_PEOPLE = "demo-people.csv"
# The demo files as breachflow itself: no token, no client.
DEMO_REPORTER = services.Reporter(actor=DECIDER)


def scenario_of(name: str) -> Scenario:
    if name not in SCENARIOS:
        raise ValueError(f"unknown scenario {name!r} (one of {', '.join(SCENARIOS)})")
    return SCENARIOS[name]


def demo_case(now: datetime | None = None, scenario: str = DEFAULT_SCENARIO) -> dict[str, Any]:
    """The sample breach, moved in time so that it was detected two hours before `now`: the
    demo then shows a running 72-hour clock instead of a long-missed deadline."""
    case: dict[str, Any] = json.loads(
        files("examples").joinpath(scenario_of(scenario).file).read_text(encoding="utf-8")
    )
    if now is None:
        return case
    shift = now - timedelta(hours=2) - datetime.fromisoformat(case["detected_at"])

    def moved(value: str) -> str:
        return (datetime.fromisoformat(value) + shift).astimezone(BRUSSELS).isoformat()

    for key in ("detected_at", "occurred_from", "occurred_to"):
        case[key] = moved(case[key])
    case["breach"]["aware_at"] = moved(case["breach"]["aware_at"])
    return case


def report_of(case: Mapping[str, Any], *, channel: str = "demo") -> services.ReportIn:
    """A report from a sample file like `examples/demo-breach.json`."""

    def instant(name: str) -> datetime | None:
        return parse_instant(case.get(name), name)

    reporter = case.get("reporter") or {}
    detected_at = instant("detected_at")
    assert detected_at is not None, "a sample report gives detected_at"
    description = "\n\n".join(str(case[k]) for k in ("title", "facts") if case.get(k))
    activities = case.get("activities")
    return services.ReportIn(
        reporter_name=str(reporter.get("name") or "unknown"),
        reporter_email=reporter.get("email"),
        reporter_phone=reporter.get("phone"),
        description=description,
        detected_at=detected_at,
        occurred_from=instant("occurred_from"),
        occurred_to=instant("occurred_to"),
        activities=tuple(activities) if activities is not None else None,
        facts=dict(case.get("breach", {})),
        language=case.get("language"),
        channel=channel,
    )


def review_of(aware_at: datetime, scenario: str = DEFAULT_SCENARIO) -> Review:
    chosen = scenario_of(scenario)
    return Review(
        decided_by=DECIDER,
        aware_at=aware_at,
        measures_taken=chosen.measures_taken,
        measures_planned=chosen.measures_planned,
        client_description=chosen.client_description,
    )


def filing_of(reference: str, filed_at: datetime) -> Filing:
    return Filing(
        decided_by=DECIDER,
        gba_reference=f"DBN-DEMO-{reference}",
        filed_at=filed_at,
        processor_notices_sent=True,
        late_reason="Demo: the sample breach is dated in the past.",
    )


def state_of(engine: Engine, breach_id: uuid.UUID) -> str:
    with read_scope(engine) as session:
        return get_breach(session=session, breach_id=breach_id).state


def described(engine: Engine, breach_id: uuid.UUID) -> str:
    """Where the breach stands, in words ("has been filed")."""
    return STATE_LABELS[State(state_of(engine, breach_id))]


def _wait_state(engine: Engine, breach_id: uuid.UUID, state: State, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if state_of(engine, breach_id) == state:
            return
        time.sleep(0.5)
    raise TimeoutError(f"it did not get there within {seconds:.0f} s")


class DemoStalled(RuntimeError):
    """The running service did not carry the breach on in time; it still will."""


def current_round(engine: Engine, breach_id: uuid.UUID) -> int:
    from breachflow.services.steps import draft_round

    with read_scope(engine) as session:
        return draft_round(session, breach_id)


def form_input(
    step: Step,
    aware_at: datetime,
    reference: str,
    scenario: str = DEFAULT_SCENARIO,
    round_: int = 1,
) -> dict[str, Any]:
    """What the demo enters in the Resume form of a decision run, at the time it answers."""
    if step is Step.REVIEW:
        chosen = scenario_of(scenario)
        return {
            "decided_by": DECIDER,
            "aware_at": aware_at.isoformat(),
            "outcome": "accept",
            "completeness": "complete",
            "client_description": chosen.client_description or "",
            **chosen.measures(),
        }
    if step is Step.APPROVAL:
        return {"decided_by": DECIDER, "action": "approve", "version": round_}
    filing = filing_of(reference, utcnow())
    return {
        "decided_by": DECIDER,
        "gba_reference": filing.gba_reference,
        "filed_at": filing.filed_at.isoformat(),
        "processor_notices_sent": True,
        "late_reason": filing.late_reason,
    }


def auto_approve_served(
    engine: Engine,
    breach_id: uuid.UUID,
    *,
    scenario: str = DEFAULT_SCENARIO,
    seconds: float = 180,
) -> None:
    """Answer review, approval and filing in Prefect, as the DPO would in the UI."""
    from breachflow import prefect_runs

    with read_scope(engine) as session:
        breach = get_breach(session=session, breach_id=breach_id)
    for step in (Step.REVIEW, Step.APPROVAL, Step.FILING):
        run_id = prefect_runs.wait_suspended(engine, breach_id, step, seconds=seconds)
        answer = form_input(
            step, breach.aware_at, breach.reference, scenario, current_round(engine, breach_id)
        )
        prefect_runs.answer(run_id, answer)
    _wait_state(engine, breach_id, State.FILED, seconds)


def in_process_dispatcher(engine: Engine, settings: Settings) -> Dispatcher:
    """A dispatcher that runs the steps in this process and sends the messages."""
    from breachflow.alerts import alert_handlers
    from notifiers.factory import channel_notifier_from, mail_notifier_from

    handlers = alert_handlers(engine, channel_notifier_from(settings), mail_notifier_from(settings))
    handlers[FLOW_START] = flow_start_handler(InProcessStarter(engine, settings))
    return Dispatcher(engine, handlers)


def run_in_process(
    engine: Engine,
    settings: Settings,
    breach_id: uuid.UUID,
    auto: bool,
    scenario: str = DEFAULT_SCENARIO,
) -> None:
    """No service: steps run here; decisions through the services the decision flows call."""
    dispatcher = in_process_dispatcher(engine, settings)
    dispatcher.run_until_idle()
    if not auto:
        return
    common: dict[str, Any] = {"engine": engine, "settings": settings, "breach_id": breach_id}
    with read_scope(engine) as session:
        breach = get_breach(session=session, breach_id=breach_id)
    services.record_review(**common, review=review_of(breach.aware_at, scenario), now=utcnow())
    dispatcher.run_until_idle()
    approval = Approval(decided_by=DECIDER, version=current_round(engine, breach_id))
    services.record_approval(**common, approval=approval, now=utcnow())
    dispatcher.run_until_idle()
    filing = filing_of(breach.reference, utcnow())
    services.record_filing_decision(**common, filing=filing, now=utcnow())
    dispatcher.run_until_idle()


def letters_approved(engine: Engine, breach_id: uuid.UUID) -> bool:
    from models.documents import list_documents

    with read_scope(engine) as session:
        return any(
            d.kind == "subject_letter" and d.approved_at is not None
            for d in list_documents(session=session, breach_id=breach_id)
        )


def run_demo(
    settings: Settings,
    *,
    auto_approve: bool,
    scenario: str = DEFAULT_SCENARIO,
    echo: Callable[[str], None] = print,
) -> str:
    """File a sample breach; returns its reference."""
    from breachflow.supervisor import read_service_file

    scenario_of(scenario)  # an unknown name fails before anything is filed

    engine = open_store(settings)
    try:
        with session_scope(engine) as session:
            sync_processing_register(
                session=session,
                register=services.processing_register_of(settings),
                source=str(settings.processing_register),
                now=utcnow(),
            )
        info = read_service_file(settings)
        # Links in its messages lead to the running service, wherever it listens.
        settings = linking_to(settings, info)
        now = utcnow()
        with services.ReportFiler(engine, settings) as filer:
            breach = filer.file(
                report_of(demo_case(now, scenario)), reporter=DEMO_REPORTER, now=now
            )
        echo(f"reported {breach.reference}")
        if info is not None:
            echo(
                f"the service at {info['web_url']} carries it; Prefect UI: {info['prefect_ui_url']}"
            )
            if auto_approve:
                from prefect.settings import PREFECT_API_URL, temporary_settings

                try:
                    with temporary_settings({PREFECT_API_URL: info["prefect_api_url"]}):
                        auto_approve_served(engine, breach.id, scenario=scenario)
                except TimeoutError as slow:
                    raise DemoStalled(
                        f"{breach.reference} {described(engine, breach.id)}: {slow}. The service "
                        "carries it on: answer its decisions in the Prefect UI "
                        f"({info['prefect_ui_url']})."
                    ) from slow
        else:
            echo("no running service: the steps run in this process")
            run_in_process(engine, settings, breach.id, auto_approve, scenario)
        echo(f"{breach.reference} {described(engine, breach.id)}")
        echo(f"documents: {Path(settings.documents_dir or '.') / breach.reference}")
        if not auto_approve:
            echo(
                f"next: sign in at {settings.public_url.rstrip('/')}/decisions and take the "
                f'review there, or resume the run "review {breach.reference}" in the Prefect UI.'
            )
        elif letters_approved(engine, breach.id):
            people = files("examples").joinpath(DEMO_PEOPLE)
            echo(
                "letters approved: breachflow letters --breach "
                f"{breach.reference} --subjects {people} --out letters-{breach.reference}"
            )
        return breach.reference
    finally:
        engine.dispose()

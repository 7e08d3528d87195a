"""`breachflow demo`: the sample breach, and with auto-approve every decision taken as "demo".

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
from datetime import datetime, timedelta
from importlib.resources import files
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from breachflow import services
from breachflow.dispatcher import Dispatcher
from breachflow.settings import Settings
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
from rules.lifecycle import State, Step

DECIDER = "demo"
DEMO_FILE = "demo-breach.json"
# What the DPO records for the sample breach (codes of `rules.measures`): the employer who
# received the payslips was asked to delete them; staff training and a review of the mailing
# procedure follow.
DEMO_MEASURES: dict[str, list[str]] = {
    "measures_taken": ["recipient_deletion"],
    "measures_planned": ["staff_training", "process_review"],
}
# The demo files as breachflow itself: no token, no client.
DEMO_REPORTER = services.Reporter(actor=DECIDER)


def demo_case(now: datetime | None = None) -> dict[str, Any]:
    """The sample breach, moved in time so that it was detected two hours before `now`: the
    demo then shows a running 72-hour clock instead of a long-missed deadline."""
    case: dict[str, Any] = json.loads(
        files("examples").joinpath(DEMO_FILE).read_text(encoding="utf-8")
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


def review_of(aware_at: datetime) -> Review:
    return Review(
        decided_by=DECIDER,
        aware_at=aware_at,
        measures_taken=tuple(DEMO_MEASURES["measures_taken"]),
        measures_planned=tuple(DEMO_MEASURES["measures_planned"]),
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


def _wait_state(engine: Engine, breach_id: uuid.UUID, state: State, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if state_of(engine, breach_id) == state:
            return
        time.sleep(0.5)
    raise TimeoutError(
        f"breach did not reach {state} within {seconds:.0f} s (it is {state_of(engine, breach_id)})"
    )


def form_input(step: Step, aware_at: datetime, reference: str) -> dict[str, Any]:
    """What the demo enters in the Resume form of a decision run, at the time it answers."""
    if step is Step.REVIEW:
        return {
            "decided_by": DECIDER,
            "aware_at": aware_at.isoformat(),
            "outcome": "accept",
            "completeness": "complete",
            **DEMO_MEASURES,
        }
    if step is Step.APPROVAL:
        return {"decided_by": DECIDER, "action": "approve"}
    filing = filing_of(reference, utcnow())
    return {
        "decided_by": DECIDER,
        "gba_reference": filing.gba_reference,
        "filed_at": filing.filed_at.isoformat(),
        "processor_notices_sent": True,
        "late_reason": filing.late_reason,
    }


def auto_approve_served(engine: Engine, breach_id: uuid.UUID, *, seconds: float = 180) -> None:
    """Answer review, approval and filing in Prefect, as the DPO would in the UI."""
    from breachflow import prefect_runs

    with read_scope(engine) as session:
        breach = get_breach(session=session, breach_id=breach_id)
    for step in (Step.REVIEW, Step.APPROVAL, Step.FILING):
        run_id = prefect_runs.wait_suspended(engine, breach_id, step, seconds=seconds)
        prefect_runs.answer(run_id, form_input(step, breach.aware_at, breach.reference))
    _wait_state(engine, breach_id, State.FILED, seconds)


def in_process_dispatcher(engine: Engine, settings: Settings) -> Dispatcher:
    """A dispatcher that runs the steps in this process and sends the messages."""
    from breachflow.supervisor import outbox_handlers

    handlers = outbox_handlers(settings, engine)
    handlers[FLOW_START] = flow_start_handler(InProcessStarter(engine, settings))
    return Dispatcher(engine, handlers)


def run_in_process(engine: Engine, settings: Settings, breach_id: uuid.UUID, auto: bool) -> None:
    """No service: steps run here; decisions through the services the decision flows call."""
    dispatcher = in_process_dispatcher(engine, settings)
    dispatcher.run_until_idle()
    if not auto:
        return
    common: dict[str, Any] = {"engine": engine, "settings": settings, "breach_id": breach_id}
    with read_scope(engine) as session:
        breach = get_breach(session=session, breach_id=breach_id)
    services.record_review(**common, review=review_of(breach.aware_at), now=utcnow())
    dispatcher.run_until_idle()
    services.record_approval(**common, approval=Approval(decided_by=DECIDER), now=utcnow())
    dispatcher.run_until_idle()
    filing = filing_of(breach.reference, utcnow())
    services.record_filing_decision(**common, filing=filing, now=utcnow())
    dispatcher.run_until_idle()


def run_demo(settings: Settings, *, auto_approve: bool, echo: Callable[[str], None] = print) -> str:
    """File the sample breach; returns its reference."""
    from breachflow.supervisor import read_service_file

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
        now = utcnow()
        with services.ReportFiler(engine, settings) as filer:
            breach = filer.file(report_of(demo_case(now)), reporter=DEMO_REPORTER, now=now)
        echo(f"reported {breach.reference}")
        if info is not None:
            echo(
                f"the service at {info['web_url']} carries it; Prefect UI: {info['prefect_ui_url']}"
            )
            if auto_approve:
                from prefect.settings import PREFECT_API_URL, temporary_settings

                with temporary_settings({PREFECT_API_URL: info["prefect_api_url"]}):
                    auto_approve_served(engine, breach.id)
        else:
            echo("no running service: the steps run in this process")
            run_in_process(engine, settings, breach.id, auto_approve)
        state = state_of(engine, breach.id)
        echo(f"{breach.reference}: {state}")
        echo(f"documents: {Path(settings.documents_dir or '.') / breach.reference}")
        if not auto_approve:
            echo("next: open the Prefect UI, find the suspended review-decision run, Resume.")
        return breach.reference
    finally:
        engine.dispose()

"""`breachflow demo`: the sample breach, and with auto-approve every decision taken as "demo".

With a running service (`DATA_DIR/run/service.json` answers) the breach goes through Prefect
and each decision is submitted to its suspended run exactly as the UI's Resume form does. Without
one, the phases run in this process and the decisions go through the same application services
the decision flows call; a later `breachflow serve` picks up whatever still waits (reconciler).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from importlib.resources import files
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from breachflow import services
from breachflow.dispatcher import Dispatcher
from breachflow.settings import Settings
from flows import names
from models.breaches import get_breach
from models.db import make_engine, read_scope, session_scope
from models.migrate import upgrade_to_head
from models.processing_register import sync_processing_register
from rules.deadlines import BRUSSELS

DECIDER = "demo"
DEMO_FILE = "demo-breach.json"
# What the DPO records for the sample breach (codes of `documents.phrases.MEASURES`): the
# employer who received the payslips was asked to delete them; staff training and a review of
# the mailing procedure follow.
DEMO_MEASURES: dict[str, list[str]] = {
    "measures_taken": ["recipient_deletion"],
    "measures_planned": ["staff_training", "process_review"],
}


def demo_report(now: datetime | None = None) -> dict[str, Any]:
    """The sample breach, moved in time so that it was detected two hours before `now`: the
    demo then shows a running 72-hour clock instead of a long-missed deadline."""
    report: dict[str, Any] = json.loads(
        files("examples").joinpath(DEMO_FILE).read_text(encoding="utf-8")
    )
    if now is None:
        return report
    shift = now - timedelta(hours=2) - datetime.fromisoformat(report["detected_at"])

    def moved(value: str) -> str:
        return (datetime.fromisoformat(value) + shift).astimezone(BRUSSELS).isoformat()

    for key in ("detected_at", "occurred_from", "occurred_to"):
        report[key] = moved(report[key])
    report["breach"]["aware_at"] = moved(report["breach"]["aware_at"])
    return report


def _now() -> datetime:
    return datetime.now(UTC)


def review_input(aware_at: datetime) -> dict[str, Any]:
    return {
        "decided_by": DECIDER,
        "aware_at": aware_at.isoformat(),
        "outcome": "accept",
        "completeness": "complete",
        **DEMO_MEASURES,
    }


def approval_input() -> dict[str, Any]:
    return {"decided_by": DECIDER, "action": "approve"}


def filing_input(reference: str) -> dict[str, Any]:
    return {
        "decided_by": DECIDER,
        "gba_reference": f"DBN-DEMO-{reference}",
        "filed_at": _now().isoformat(),
        "processor_notices_sent": True,
        "late_reason": "Demo: the sample breach is dated in the past.",
    }


def state_of(engine: Engine, breach_id: uuid.UUID) -> str:
    with read_scope(engine) as session:
        return get_breach(session=session, breach_id=breach_id).state


def _wait_state(engine: Engine, breach_id: uuid.UUID, state: str, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if state_of(engine, breach_id) == state:
            return
        time.sleep(0.5)
    raise TimeoutError(
        f"breach did not reach {state} within {seconds:.0f} s (it is {state_of(engine, breach_id)})"
    )


def auto_approve_served(engine: Engine, breach_id: uuid.UUID, *, seconds: float = 180) -> None:
    """Answer review, approval and filing in Prefect, as the DPO would in the UI."""
    from flows import resume

    with read_scope(engine) as session:
        breach = get_breach(session=session, breach_id=breach_id)
    steps: list[tuple[str, Callable[[], dict[str, Any]]]] = [
        (names.REVIEW_DECISION, lambda: review_input(breach.aware_at)),
        (names.APPROVAL_DECISION, approval_input),
        (names.FILING_DECISION, lambda: filing_input(breach.reference)),
    ]
    for deployment, make_input in steps:
        run_id = resume.wait_suspended(engine, breach_id, deployment, seconds=seconds)
        resume.answer(run_id, make_input())
    _wait_state(engine, breach_id, "filed", seconds)


def run_in_process(engine: Engine, settings: Settings, breach_id: uuid.UUID, auto: bool) -> None:
    """No service: phases run here; decisions through the services the decision flows call."""
    from breachflow.service import outbox_handlers
    from flows.starter import FLOW_START, InProcessFlowStarter, flow_start_handler

    def phase(fn: Callable[..., Any]) -> Callable[..., Any]:
        return lambda breach_id: fn(
            engine=engine, settings=settings, breach_id=uuid.UUID(breach_id), now=_now()
        )

    flows: dict[str, Callable[..., Any]] = {
        names.ASSESS_BREACH: phase(services.run_assessment),
        names.DRAFT_DOCUMENTS: phase(services.draft_documents),
        names.RECORD_FILING: phase(services.record_filing),
    }
    # Decisions wait for `serve` when not auto-approved: the reconciler starts their runs then.
    for deployment in (
        names.REVIEW_DECISION,
        names.APPROVAL_DECISION,
        names.FILING_DECISION,
        names.PART2_DECISION,
        names.CLOSING_DECISION,
        names.WITHDRAWAL_DECISION,
    ):
        flows[deployment] = lambda breach_id: None
    handlers = outbox_handlers(settings, engine)
    handlers[FLOW_START] = flow_start_handler(InProcessFlowStarter(flows))
    dispatcher = Dispatcher(engine, handlers)
    dispatcher.run_until_idle()
    if not auto:
        return
    with read_scope(engine) as session:
        breach = get_breach(session=session, breach_id=breach_id)
    common = {"engine": engine, "settings": settings, "breach_id": breach_id}
    services.mark_waiting(**common, state="awaiting_review", now=_now())
    services.record_review(
        **common,
        decided_by=DECIDER,
        aware_at=breach.aware_at,
        aware_gap_reason=None,
        outcome="accept",
        override_reason=None,
        completeness="complete",
        now=_now(),
        **DEMO_MEASURES,
    )
    dispatcher.run_until_idle()
    services.record_approval(
        **common, decided_by=DECIDER, action="approve", remarks=None, now=_now()
    )
    dispatcher.run_until_idle()
    filing = filing_input(breach.reference)
    services.record_filing_decision(
        **common,
        decided_by=DECIDER,
        gba_reference=filing["gba_reference"],
        filed_at=_now(),
        processor_notices_sent=True,
        late_reason=filing["late_reason"],
        now=_now(),
    )
    dispatcher.run_until_idle()


def run_demo(settings: Settings, *, auto_approve: bool, echo: Callable[[str], None] = print) -> str:
    """Submit the sample breach; returns its reference."""
    from breachflow.service import read_service_file

    Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
    upgrade_to_head(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        with session_scope(engine) as session:
            sync_processing_register(
                session=session,
                register=services.processing_register_of(settings),
                source=str(settings.processing_register),
                now=_now(),
            )
        info = read_service_file(settings)
        now = _now()
        breach = services.report_breach(
            engine=engine,
            settings=settings,
            report=demo_report(now),
            now=now,
            channel="demo",
        )
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
            echo("no running service: the phases run in this process")
            run_in_process(engine, settings, breach.id, auto_approve)
        state = state_of(engine, breach.id)
        echo(f"{breach.reference}: {state}")
        echo(f"documents: {Path(settings.documents_dir or '.') / breach.reference}")
        if not auto_approve:
            echo("next: open the Prefect UI, find the suspended review-decision run, Resume.")
        return breach.reference
    finally:
        engine.dispose()

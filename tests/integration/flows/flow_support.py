"""Test data and the in-process rig for the lifecycle tests (a plain module: conftest is not
importable). Reports are filed the way every report is (`ReportFiler`), and the steps run in
this process through `breachflow.step_starts.InProcessStarter`, as `breachflow demo` runs them
without a service."""

from __future__ import annotations

import copy
import dataclasses
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine

from breachflow import services
from breachflow.demo import demo_case, report_of
from breachflow.dispatcher import Dispatcher
from breachflow.settings import Settings
from breachflow.step_starts import InProcessStarter, flow_start_handler
from models.breaches import get_breach
from models.db import read_scope
from models.outbox import FLOW_START
from models.tables import Breach
from rules.decisions import Approval, Filing, Review

DPO = "Dana DPO"
TESTER = services.Reporter(actor="test")


def demo_report(**changes: Any) -> dict[str, Any]:
    """The demo case file with top-level or `breach` changes (keys starting with `breach_`);
    naming other `activities` drops the demo's per-activity scopes."""
    report = copy.deepcopy(demo_case())
    if "activities" in changes:
        report["breach"].pop("scopes", None)
    for key, value in changes.items():
        if key.startswith("breach_"):
            report["breach"][key.removeprefix("breach_")] = value
        else:
            report[key] = value
    return report


def now() -> datetime:
    return datetime.now(UTC)


def file_report(
    engine: Engine,
    settings: Settings,
    case: dict[str, Any] | None = None,
    *,
    reporter: services.Reporter = TESTER,
    answers: dict[str, Any] | None = None,
) -> Breach:
    """File a sample report through the one filing path (`answers`: the form's answers)."""
    report = report_of(case or demo_report())
    if answers is not None:
        report = dataclasses.replace(report, answers=answers)
    with services.ReportFiler(engine, settings) as filer:
        return filer.file(report, reporter=reporter, now=now())


def rig(engine: Engine, settings: Settings) -> tuple[Dispatcher, InProcessStarter]:
    """A dispatcher that runs the steps in-process; decisions wait for the test to take them."""
    starter = InProcessStarter(engine, settings)
    return Dispatcher(engine, {FLOW_START: flow_start_handler(starter)}), starter


def state(engine: Engine, breach_id: uuid.UUID) -> str:
    with read_scope(engine) as session:
        return get_breach(session=session, breach_id=breach_id).state


def aware_at(engine: Engine, breach_id: uuid.UUID) -> datetime:
    with read_scope(engine) as session:
        return get_breach(session=session, breach_id=breach_id).aware_at


def review(
    engine: Engine,
    settings: Settings,
    breach_id: uuid.UUID,
    *,
    decided_by_email: str | None = None,
    **kw: Any,
) -> Breach:
    """The DPO's review through `services.record_review`, accepting unless told otherwise (with
    reasons for a delay: the sample breach lies in the past, its 72 hours long gone);
    `decided_by_email` as a signed-in person's (None: the name as typed)."""
    values: dict[str, Any] = {
        "decided_by": DPO,
        "aware_at": aware_at(engine, breach_id),
        "late_reason": "test: the sample breach lies in the past",
    }
    values.update(kw)
    for name in ("measures_taken", "measures_planned"):
        if name in values:
            values[name] = tuple(values[name])
    return services.record_review(
        engine=engine,
        settings=settings,
        breach_id=breach_id,
        review=Review(**values),
        now=now(),
        decided_by_email=decided_by_email,
    )


def approve(
    engine: Engine,
    settings: Settings,
    breach_id: uuid.UUID,
    *,
    decided_by_email: str | None = None,
    **kw: Any,
) -> Breach:
    """The DPO approves the drafts (or, with `action="send_back"`, sends them back)."""
    return services.record_approval(
        engine=engine,
        settings=settings,
        breach_id=breach_id,
        approval=Approval(**{"decided_by": DPO, **kw}),
        now=now(),
        decided_by_email=decided_by_email,
    )


def file(
    engine: Engine,
    settings: Settings,
    breach_id: uuid.UUID,
    *,
    decided_by_email: str | None = None,
    **kw: Any,
) -> Breach:
    """The DPO records the filing (a DBN reference, notices sent, reasons for any delay)."""
    values: dict[str, Any] = {
        "decided_by": DPO,
        "gba_reference": "DBN-2026-000123",
        "filed_at": now(),
        "processor_notices_sent": True,
        "late_reason": "test: the sample breach lies in the past",
    }
    values.update(kw)
    return services.record_filing_decision(
        engine=engine,
        settings=settings,
        breach_id=breach_id,
        filing=Filing(**values),
        now=now(),
        decided_by_email=decided_by_email,
    )

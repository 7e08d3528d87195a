"""Test data and rigs for the lifecycle tests (a plain module: conftest is not importable)."""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from breachflow import services
from breachflow.dispatcher import Dispatcher
from breachflow.settings import Settings
from flows import names
from flows.starter import FLOW_START, InProcessFlowStarter, flow_start_handler
from models.breaches import get_breach
from models.db import read_scope

ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "examples" / "demo-breach.json"


def demo_report(**changes: Any) -> dict[str, Any]:
    """The demo case file with top-level or `breach` changes (keys starting with `breach_`)."""
    report = copy.deepcopy(json.loads(DEMO.read_text(encoding="utf-8")))
    for key, value in changes.items():
        if key.startswith("breach_"):
            report["breach"][key.removeprefix("breach_")] = value
        else:
            report[key] = value
    return report


def now() -> datetime:
    return datetime.now(UTC)


def rig(engine: Engine, settings: Settings) -> tuple[Dispatcher, InProcessFlowStarter]:
    """A dispatcher that runs the phases in-process; decisions wait for the test to take them."""

    def phase(fn: Callable[..., Any]) -> Callable[..., Any]:
        return lambda breach_id: fn(
            engine=engine, settings=settings, breach_id=uuid.UUID(breach_id), now=now()
        )

    def waits(breach_id: str) -> None:
        services.mark_waiting(
            engine=engine,
            settings=settings,
            breach_id=uuid.UUID(breach_id),
            state="awaiting_review",
            now=now(),
        )

    flows = {
        names.ASSESS_BREACH: phase(services.run_assessment),
        names.DRAFT_DOCUMENTS: phase(services.draft_documents),
        names.RECORD_FILING: phase(services.record_filing),
        names.REVIEW_DECISION: waits,
        names.APPROVAL_DECISION: lambda breach_id: None,
        names.FILING_DECISION: lambda breach_id: None,
        names.PART2_DECISION: lambda breach_id: None,
        names.CLOSING_DECISION: lambda breach_id: None,
    }
    starter = InProcessFlowStarter(flows)
    return Dispatcher(engine, {FLOW_START: flow_start_handler(starter)}), starter


def state(engine: Engine, breach_id: uuid.UUID) -> str:
    with read_scope(engine) as session:
        return get_breach(session=session, breach_id=breach_id).state


def review(engine: Engine, settings: Settings, breach_id: uuid.UUID, **kw: Any) -> None:
    """The DPO's review through `services.record_review`, accepting unless told otherwise."""
    with read_scope(engine) as session:
        aware_at = get_breach(session=session, breach_id=breach_id).aware_at
    args: dict[str, Any] = {
        "decided_by": "Dana DPO",
        "aware_at": aware_at,
        "aware_gap_reason": None,
        "outcome": "accept",
        "override_reason": None,
        "completeness": "complete",
    }
    args.update(kw)
    services.record_review(engine=engine, settings=settings, breach_id=breach_id, now=now(), **args)

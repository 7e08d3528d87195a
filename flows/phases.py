"""Phase flows: the work between two decisions. Short, idempotent, started through the outbox.

Each flow calls one task that calls one application service; the service checks the breach's
state in the database, so a re-run (a retry, the reconciler, a duplicate start) adds nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from prefect import flow, task

from breachflow import services
from flows import runtime
from models.tables import Breach


def run_phase(service: Callable[..., Breach], breach_id: str) -> str:
    """Run one phase service for the breach; the state it leaves the breach in."""
    breach = service(
        engine=runtime.engine(),
        settings=runtime.settings(),
        breach_id=uuid.UUID(breach_id),
        now=runtime.now(),
    )
    return breach.state


@task(name="run-assessment", retries=2, retry_delay_seconds=5)
def run_assessment_task(breach_id: str) -> str:
    return run_phase(services.run_assessment, breach_id)


@task(name="draft-documents", retries=2, retry_delay_seconds=5)
def draft_documents_task(breach_id: str) -> str:
    return run_phase(services.draft_documents, breach_id)


@task(name="record-filing", retries=2, retry_delay_seconds=5)
def record_filing_task(breach_id: str) -> str:
    return run_phase(services.record_filing, breach_id)


@flow(name="assess-breach", log_prints=True)
def assess_breach(breach_id: str) -> str:
    """Roles from the register, the assessment, obligations with deadlines; then the review."""
    return run_assessment_task(breach_id)


@flow(name="draft-documents", log_prints=True)
def draft_documents(breach_id: str) -> str:
    """Drafts for every obligation that needs a document; then the approval."""
    return draft_documents_task(breach_id)


@flow(name="record-filing", log_prints=True)
def record_filing(breach_id: str) -> str:
    """Apply the filing decision: documents filed, obligations done, Part 2 planned."""
    return record_filing_task(breach_id)

"""The decision flows, served as deployments named `breachflow` by each worker's runner.

A decision run is opened through Prefect's API, suspended, without a process
(`flows.decision_runs`); the runner executes it only once the DPO resumes it in the Prefect UI,
in a short process of its own. The phases run inside the worker (`flows.steps`), not here.
"""

from __future__ import annotations

from breachflow.services.steps import DEPLOYMENT
from flows.decisions import (
    approval_decision,
    closing_decision,
    filing_decision,
    part2_decision,
    review_decision,
    withdrawal_decision,
)

DECISION_FLOWS = (
    review_decision,
    approval_decision,
    filing_decision,
    part2_decision,
    closing_decision,
    withdrawal_decision,
)


def serve_decisions(limit: int = 4) -> None:
    """Register the decision deployments and execute resumed runs until interrupted."""
    from prefect import serve

    deployments = [f.to_deployment(name=DEPLOYMENT) for f in DECISION_FLOWS]
    serve(*deployments, limit=limit, print_starting_message=False)  # type: ignore[arg-type]

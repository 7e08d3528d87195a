"""Every breachflow flow, and serving them all as deployments named `breachflow`.

`python -m flows.deployments` is what `breachflow serve` runs in a subprocess: one runner process
that starts a process per flow run, at most `--limit` at once (2 cores: 4). A suspended decision
run leaves the runner and holds no process until it is resumed.
"""

from __future__ import annotations

import argparse

from breachflow.services.steps import DEPLOYMENT
from flows.decisions import (
    approval_decision,
    closing_decision,
    filing_decision,
    part2_decision,
    review_decision,
    withdrawal_decision,
)
from flows.phases import assess_breach, draft_documents, record_filing

ALL_FLOWS = (
    assess_breach,
    draft_documents,
    record_filing,
    review_decision,
    approval_decision,
    filing_decision,
    part2_decision,
    closing_decision,
    withdrawal_decision,
)


def serve_all(limit: int = 4) -> None:
    """Register and serve every deployment until interrupted."""
    from prefect import serve

    deployments = [f.to_deployment(name=DEPLOYMENT) for f in ALL_FLOWS]
    serve(*deployments, limit=limit, print_starting_message=True)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=4)
    serve_all(parser.parse_args().limit)


if __name__ == "__main__":
    main()

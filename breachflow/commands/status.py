"""`breachflow status REF`: where a breach stands, for a person at a terminal.

State in words, the outcome in force (and the DPO's override with its reason), the open
deadlines in Brussels time with hours left, and the decision the breach waits for with where
to take it: the Prefect run (named `review BR-2026-0001`, as `flows.decision_runs.run_name`
names it) and the breach on the DPO's overview.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import typer

from breachflow.services.status import BreachStatus, DeadlineStatus
from documents.formatting import format_instant
from notifiers.slack_texts import words
from rules.codes import Language
from rules.lifecycle import DECISION_LABELS, STATE_LABELS, Decision

_ENGLISH = words("en")


def decision_run_name(decision: Decision, reference: str) -> str:
    """The Prefect run a decision waits in (the name `flows.decision_runs.run_name` gives it;
    a test holds the two together: importing Prefect here would make `status` slow)."""
    return f"{decision.value} {reference}"


def _left(due_at: datetime, now: datetime) -> str:
    minutes = int((due_at - now).total_seconds() // 60)
    if minutes >= 0:
        return f"{minutes // 60} h left" if minutes >= 60 else f"{minutes} min left"
    late = -minutes
    return f"OVERDUE by {late // 60} h" if late >= 60 else f"OVERDUE by {late} min"


def _deadline(deadline: DeadlineStatus, now: datetime) -> str:
    what = _ENGLISH.label("obligation", deadline.obligation)
    whom = f" ({deadline.party})" if deadline.party else ""
    if deadline.due_at is None:
        return f"  {what}{whom}: no fixed deadline"
    when = format_instant(deadline.due_at, Language.EN)
    return f"  {what}{whom}: {when}, {_left(deadline.due_at, now)}"


def status_lines(status: BreachStatus, *, now: datetime, links: dict[str, Any]) -> list[str]:
    """The status as lines of text; `links` holds `public_url` and `prefect_ui_url` (or None)."""
    lines = [f"{status.reference} {STATE_LABELS[status.state]}."]
    outcome = status.outcome
    if outcome is None:
        lines.append("Outcome: not assessed yet.")
    else:
        lines.append(f"Outcome in force: {_ENGLISH.label('outcome', outcome.risk.value)}.")
        if outcome.rules_risk is not None:
            rules = _ENGLISH.label("outcome", outcome.rules_risk.value)
            lines.append(
                f"  Changed by the DPO ({outcome.changed_by or 'name not recorded'}) from "
                f'"{rules}"; reason: {outcome.reason or "none given"}'
            )
    if status.deadlines:
        lines.append("Open deadlines (Belgian time):")
        lines += [_deadline(deadline, now) for deadline in status.deadlines]
    else:
        lines.append("No open deadline.")
    overview = f"{links['public_url'].rstrip('/')}/overview#breach-{status.reference}"
    if status.waiting is None:
        lines.append(f"No decision is waiting. The breach on the overview: {overview}")
        return lines
    run = decision_run_name(status.waiting, status.reference)
    where = f" at {links['prefect_ui_url']}" if links.get("prefect_ui_url") else ""
    base = links["public_url"].rstrip("/")
    lines += [
        f"Waiting for the DPO's decision: {DECISION_LABELS[status.waiting]}.",
        f"  Take it on breachflow's decision page (signed in): {base}/decisions/"
        f"{status.decision_page}",
        f'  or in the Prefect UI{where}: resume the run "{run}".',
        f"  The breach, its drafts and its history on the DPO's overview: {overview}",
    ]
    return lines


def status(reference: str) -> None:
    """Print the status; exit 2 naming the reference when no breach has it."""
    from breachflow.services.accountability import UnknownBreach
    from breachflow.services.status import breach_status
    from breachflow.settings import get_settings, linking_to
    from breachflow.store import open_store
    from breachflow.supervisor import read_service_file
    from models.types import utcnow

    settings = get_settings()
    running = read_service_file(settings)
    settings = linking_to(settings, running)
    engine = open_store(settings)
    try:
        found = breach_status(engine, settings, reference)
    except UnknownBreach as unknown:
        typer.echo(f"error: REF: {unknown}", err=True)
        raise typer.Exit(2) from None
    finally:
        engine.dispose()
    ui = (running or {}).get("prefect_ui_url") or (
        settings.prefect_api_url.removesuffix("/api") if settings.prefect_api_url else None
    )
    links = {"public_url": settings.public_url, "prefect_ui_url": ui}
    typer.echo("\n".join(status_lines(found, now=utcnow(), links=links)))

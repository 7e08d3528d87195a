"""A readable summary of an assessment, for the terminal and the DPO's decision form."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rules.assessment import Assessment
from rules.deadlines import hours_left, to_brussels
from rules.scopes import ScopeAssessment

_OUTCOME = {
    "unlikely": "Unlikely to result in a risk: document only (Art. 33(5))",
    "risk": "Risk: notify the GBA (Art. 33)",
    "high": "High risk: notify the GBA (Art. 33) and tell the people concerned (Art. 34)",
}


def brussels_time(instant: datetime) -> str:
    """E.g. `Mon 30 Mar 2026 11:00 CEST`."""
    return to_brussels(instant).strftime("%a %d %b %Y %H:%M %Z")


def _hours(deadline: datetime, now: datetime) -> str:
    left = hours_left(deadline, now)
    if left < 0:
        return f"{-left:.1f} h overdue"
    return f"{left:.1f} h left"


def _scope_line(scope: ScopeAssessment) -> str:
    a = scope.assessment
    count = scope.facts.subjects.count
    people = f"{count:,} people" if count is not None else "people unknown"
    view = " (processor's view)" if scope.processor_view else ""
    return (
        f"  - {scope.controller_name}{view}: {a.risk.value}; "
        f"{', '.join(scope.activities)}; {people}"
    )


def assessment_summary(assessment: Assessment, scopes: Sequence[ScopeAssessment] = ()) -> str:
    """Outcome first, then deadlines, severity, assumptions, reasons; then each controller's
    own scope when the breach names its activities."""
    a = assessment
    sev = a.severity
    lines = [f"Outcome:  {_OUTCOME[a.risk.value]}"]
    duties = ["document in the breach register"]
    if a.notify_supervisory_authority:
        duties.append("notify the GBA")
    if a.public_communication:
        duties.append("public communication (Art. 34(3)(c))")
    elif a.notify_data_subjects:
        duties.append("tell the people concerned")
    lines.append("Duties:   " + "; ".join(duties))
    if a.exemptions:
        lines.append("Exempt:   " + ", ".join(e.value for e in a.exemptions))
    lines.append(f"Aware:    {brussels_time(a.resolved.aware_at)}")
    for d in a.deadlines:
        lines.append(
            f"Deadline: {d.name.replace('_', ' ')}: {brussels_time(d.due_at)} "
            f"({_hours(d.due_at, a.assessed_at)})"
        )
        lines.extend(f"          warning: {w}" for w in d.warnings)
    lines.append(
        f"Severity: {sev.band.value.replace('_', ' ')} (ENISA SE {sev.score:g} = "
        f"DPC {sev.dpc} x EI {sev.ei:g} + CB {sev.cb:g})"
    )
    lines.extend(f"          DPC {adj.step:+d}: {adj.reason}" for adj in sev.adjustments)
    if a.assumptions:
        lines.append("Assumed (unknown facts, worst value taken):")
        lines.extend(f"  - {text}" for text in a.assumptions)
    lines.append("Reasons:")
    lines.extend(f"  - {r.text} [{r.article}]" for r in a.reasons)
    if scopes:
        lines.append("Per controller (each on its own scope):")
        lines.extend(_scope_line(s) for s in scopes)
    return "\n".join(lines)

"""What a decision run shows the DPO: markdown for the form's description and the artifacts.

Untrusted text (descriptions, names and intake answers typed by people) is escaped for markdown;
instants are shown in Europe/Brussels with the hours left, computed in UTC.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from breachflow.services import current_documents
from breachflow.services.steps import draft_round
from breachflow.summary import brussels_time
from documents.i18n import phrase
from models.access import get_intake_report
from models.assessments import latest_assessment
from models.breaches import get_breach
from models.db import read_scope
from models.obligations import list_obligations
from rules.codes import Language
from rules.deadlines import hours_left
from rules.measures import MEASURE_CODES

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def md_escape(text: str) -> str:
    """Escape markdown and HTML specials in text a person typed."""
    return _MD_SPECIAL.sub(r"\\\1", text)


# What each code of the measures fields prints (in English here; documents translate it).
MEASURE_LEGEND = "\n".join(
    [
        "**Measure codes** (the measures fields):",
        "",
        *(
            f"- {md_escape(code)}: {md_escape(phrase(Language.EN, 'measure', code))}"
            for code in MEASURE_CODES
        ),
    ]
)


@dataclass(frozen=True)
class Briefing:
    reference: str
    state: str
    summary: str
    facts: str
    deadlines: str
    documents: str

    def description(self, title: str, problem: str | None, *, measure_codes: bool = False) -> str:
        """The form's description: what is decided, and why a previous input was refused;
        with `measure_codes`, what each code of the form's measures fields says."""
        parts = [f"## {title}: {self.reference}"]
        if problem:
            parts.append(f"> **Refused:** {md_escape(problem)}. Correct it and submit again.")
        parts += [self.summary, self.deadlines, self.documents]
        if measure_codes:
            parts.append(MEASURE_LEGEND)
        return "\n\n".join(parts)


def _hours(due: datetime, now: datetime) -> str:
    left = hours_left(due, now)
    return f"{-left:.1f} h overdue" if left < 0 else f"{left:.1f} h left"


def _codes(codes: tuple[str, ...]) -> str:
    return ", ".join(md_escape(code) for code in codes) or "none recorded"


def _reporter_measures(answers: Mapping[str, Any] | None) -> list[str]:
    """The intake form's free-text answer on what was already done, quoted and escaped."""
    label = "**Already done, says the reporter (intake form, unverified):**"
    if answers is None or "measures" not in answers:
        return [f"{label} not asked (not reported through the intake form)"]
    text = str(answers.get("measures") or "").strip()
    if not text or text == "unknown":  # intake.form.UNKNOWN: the "I don't know" box
        return [f"{label} the reporter did not know"]
    quoted = [f"> {md_escape(line.strip())}" for line in text.splitlines() if line.strip()]
    return [label, "\n>\n".join(quoted)]


def _activities(named: list[str], outcome: Mapping[str, Any]) -> str:
    """The affected activities; none named: the ones assessed as the worst case, to choose from
    in the form's "Affected activities" field."""
    if named:
        return f"**Activities:** {', '.join(md_escape(a) for a in named)}"
    assessed = list(dict.fromkeys(str(row.get("activity")) for row in outcome.get("scopes", [])))
    if not assessed:
        return "**Activities:** none named yet: name them in the form (register ids)"
    return (
        "**Activities:** none named by the reporter; assessed as all of the client's, the "
        f"worst case: {', '.join(md_escape(a) for a in assessed)}. Name the affected ones in "
        "the form."
    )


def briefing(engine: Engine, breach_id: uuid.UUID, now: datetime) -> Briefing:
    """Read the breach, its latest assessment, obligations and current drafts."""
    with read_scope(engine) as session:
        breach = get_breach(session=session, breach_id=breach_id)
        assessment = latest_assessment(session=session, breach_id=breach_id)
        obligations = list_obligations(session=session, breach_id=breach_id)
        documents = current_documents(session, breach_id)
        round_ = draft_round(session, breach_id)
        intake = get_intake_report(session=session, breach_id=breach_id)
    outcome: dict[str, Any] = assessment.outcome if assessment else {}
    severity = outcome.get("severity", {})
    lines = [
        f"**Outcome:** {outcome.get('risk', 'not assessed')}"
        + (
            f" (overridden by {md_escape(assessment.decided_by or '')}: "
            f"{md_escape(assessment.override_reason or '')})"
            if assessment and assessment.override_outcome
            else ""
        ),
        f"**Severity (ENISA):** {severity.get('band', '?')}, SE {severity.get('score', '?')} "
        f"= DPC {severity.get('dpc', '?')} x EI {severity.get('ei', '?')} + CB "
        f"{severity.get('cb', '?')}",
        f"**Aware at:** {brussels_time(breach.aware_at)} (set by "
        f"{md_escape(breach.aware_set_by)}); detected {brussels_time(breach.detected_at)}",
        _activities(breach.affected_activity_ids, outcome),
        "",
        f"**Measures recorded:** taken: {_codes(tuple(breach.measures_taken))}; planned: "
        f"{_codes(tuple(breach.measures_planned))}",
        "",
        *_reporter_measures(intake.answers if intake else None),
        "",
        "**Reasons:**",
        *[
            f"- {md_escape(r.get('text', ''))} ({md_escape(r.get('article', ''))})"
            for r in outcome.get("reasons", [])
        ],
        "",
        "**Assumed (unknown facts, worst value taken):**",
        *([f"- {md_escape(a)}" for a in outcome.get("assumptions", [])] or ["- none"]),
    ]
    deadlines = [
        "**Deadlines (Europe/Brussels):**",
        "",
        "| duty | party | due | left | state |",
        "|---|---|---|---|---|",
    ]
    for o in obligations:
        due = brussels_time(o.due_at) if o.due_at else "without undue delay"
        left = _hours(o.due_at, now) if o.due_at and o.state == "open" else ""
        deadlines.append(f"| {o.kind} | {md_escape(o.party)} | {due} | {left} | {o.state} |")
    docs = [
        f"**Drafts (round {round_}: the approval form's Drafting round):**",
        "",
    ] + [
        f"- {d.kind} for {md_escape(d.party)} ({d.language}, v{d.version}, {d.filing}, "
        f"{d.completeness}): [{md_escape(d.path)}](file://{d.path})"
        for d in documents
    ]
    if not documents:
        docs.append("- none yet")
    facts = "**Facts:**\n\n```json\n" + _json(breach.facts) + "\n```"
    description = md_escape(breach.description or "")
    return Briefing(
        reference=breach.reference,
        state=breach.state,
        summary=description + "\n\n" + "\n".join(lines),
        facts=facts,
        deadlines="\n".join(deadlines),
        documents="\n".join(docs),
    )


def _json(value: Any) -> str:
    import json

    return json.dumps(value, indent=2, ensure_ascii=False).replace("```", "'''")

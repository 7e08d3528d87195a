"""What a decision run shows the DPO: markdown for the form's description and the artifacts.

Untrusted text (descriptions, names and intake answers typed by people) is escaped for markdown;
instants are shown in Europe/Brussels with the hours left, computed in UTC.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import select

from breachflow.decision_choices import MEASURES
from breachflow.services import current_documents
from breachflow.services.steps import decision_page_id, draft_round
from breachflow.summary import brussels_time
from documents.i18n import has_label, t
from documents.statements import RULES, fact_name
from intake.messages import MESSAGES as PAGE_WORDS
from models.access import get_intake_report
from models.assessments import latest_assessment
from models.breaches import get_breach
from models.db import read_scope
from models.obligations import list_obligations
from models.tables import Client, Document, LegalEntity, Obligation
from rules.codes import Language
from rules.deadlines import hours_left
from rules.lifecycle import Decision
from rules.wording import FACT_LABELS, VALUE_LABELS

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def md_escape(text: str) -> str:
    """Escape markdown and HTML specials in text a person typed."""
    return _MD_SPECIAL.sub(r"\\\1", text)


# The drafts by what they are, for the DPO (the documents say the rest).
DOCUMENT_NAMES = {
    "gba_notification": "GBA notification",
    "processor_notice": "Notice to the client controller",
    "subject_letter": "Letter to the people concerned",
    "public_communication": "Public communication",
    "register_entry": "Breach register entry",
}
OUTCOME_WORDS = {
    "unlikely": "unlikely to result in a risk: breach register only (Art. 33(5))",
    "risk": "a risk: notify the GBA (Art. 33)",
    "high": "a high risk: notify the GBA (Art. 33) and tell the people concerned (Art. 34)",
}
# The code family of a fact's values where it is not the fact's own name.
_FAMILY = {"subjects.categories": "subject"}


@dataclass(frozen=True)
class Briefing:
    """What a decision run shows: each part markdown, escaped; `links` to breachflow's pages."""

    reference: str
    state: str
    summary: str
    facts: str
    deadlines: str
    documents: str
    links: str
    aware_at: datetime
    round: int

    def description(self, title: str, problem: str | None) -> str:
        """The form's description: what is decided, and why a previous input was refused."""
        parts = [f"## {title}: {self.reference}", self.links]
        if problem:
            parts.append(f"> **Refused:** {md_escape(problem)}. Correct it and submit again.")
        parts += [self.summary, self.deadlines, self.documents]
        return "\n\n".join(parts)


def _hours(due: datetime, now: datetime) -> str:
    left = hours_left(due, now)
    return f"{-left:.1f} h overdue" if left < 0 else f"{left:.1f} h left"


def _measures(codes: tuple[str, ...]) -> str:
    """Recorded measures as the forms offer them (in words)."""
    return "; ".join(md_escape(MEASURES.get(code, code)) for code in codes) or "none recorded"


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


def briefing(
    engine: Engine,
    breach_id: uuid.UUID,
    now: datetime,
    *,
    public_url: str,
    decision: Decision | None = None,
) -> Briefing:
    """Read the breach, its latest assessment, obligations and current drafts; links go to
    breachflow's pages under `public_url` (over HTTP: a browser refuses `file://` links): to
    the page of the waiting `decision` when given, else to the list of waiting decisions."""
    with read_scope(engine) as session:
        breach = get_breach(session=session, breach_id=breach_id)
        page = "" if decision is None else "/" + decision_page_id(session, breach, decision)
        parties = {c.code: c.name for c in session.exec(select(Client))} | {
            e.code: e.name for e in session.exec(select(LegalEntity))
        }
        assessment = latest_assessment(session=session, breach_id=breach_id)
        obligations = list_obligations(session=session, breach_id=breach_id)
        documents = current_documents(session, breach_id)
        round_ = draft_round(session, breach_id)
        intake = get_intake_report(session=session, breach_id=breach_id)
    outcome: dict[str, Any] = assessment.outcome if assessment else {}
    severity = outcome.get("severity", {})
    lines = [
        "**Outcome:** "
        + OUTCOME_WORDS.get(str(outcome.get("risk")), str(outcome.get("risk", "not assessed")))
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
        f"**Measures recorded:** taken: {_measures(tuple(breach.measures_taken))}. Planned: "
        f"{_measures(tuple(breach.measures_planned))}.",
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
    base = public_url.rstrip("/")
    return Briefing(
        reference=breach.reference,
        state=breach.state,
        summary=md_escape(breach.description or "") + "\n\n" + "\n".join(lines),
        facts="\n".join(["**Facts:**", "", *fact_lines(breach.facts)]),
        deadlines="\n".join(_deadline_lines(obligations, now)),
        documents="\n".join(_draft_lines(documents, round_, base, parties)),
        links=f"[Decide on breachflow's decision page]({base}/decisions{page}) · "
        f"[The overview of open breaches]({base}/overview#breach-{breach.reference})",
        aware_at=breach.aware_at,
        round=round_,
    )


def _deadline_lines(obligations: list[Obligation], now: datetime) -> list[str]:
    """The duties as a short list (a table is cut off in the Resume dialog): open ones first
    by due time, each with the hours left."""
    order = {"open": 0, "done": 1}
    ranked = sorted(
        obligations,
        key=lambda o: (order.get(o.state, 2), o.due_at or datetime.max.replace(tzinfo=UTC)),
    )
    lines = ["**Deadlines (Brussels time):**", ""]
    for o in ranked:
        name = PAGE_WORDS.get(f"kind.{o.kind}", o.kind.replace("_", " "))
        due = f"due {brussels_time(o.due_at)}" if o.due_at else "without undue delay"
        left = f", **{_hours(o.due_at, now)}**" if o.due_at and o.state == "open" else ""
        lines.append(f"- {md_escape(name)}, for {md_escape(o.party)}: {due}{left} ({o.state})")
    if not obligations:
        lines.append("- none")
    return lines


def _draft_lines(
    documents: list[Document], round_: int, base: str, parties: Mapping[str, str]
) -> list[str]:
    """Each current draft linked to breachflow's document page (the PDF, for signed-in users),
    addressed to a party by name."""
    lines = [f"**Drafts (round {round_}: the approval form's Drafting round):**", ""]
    for d in documents:
        name = DOCUMENT_NAMES.get(d.kind, d.kind.replace("_", " "))
        party = "the GBA" if d.party == "gba" else parties.get(d.party, d.party)
        key = f"completeness.{d.completeness}"
        part = t(Language.EN, key) if has_label(key) else d.completeness
        lines.append(
            f"- [{md_escape(name)} for {md_escape(party)}]({base}/documents/{d.id}) "
            f"({d.language.upper()}, version {d.version}, {md_escape(part)})"
        )
    if not documents:
        lines.append("- none yet")
    return lines


def fact_lines(facts: Mapping[str, Any]) -> list[str]:
    """The facts as a list of words: each fact by its name, coded values by their labels,
    each activity's own share on its own line."""
    lines: list[str] = []
    for key, value in facts.items():
        if key == "scopes":
            lines += [_scope_line(scope) for scope in value or [] if isinstance(scope, Mapping)]
        elif isinstance(value, Mapping):
            lines += [_fact_line(f"{key}.{sub}", v) for sub, v in value.items()]
        else:
            lines.append(_fact_line(key, value))
    return lines or ["- none recorded"]


def _fact_line(path: str, value: Any) -> str:
    name = fact_name(path, Language.EN) if path in FACT_LABELS else path.replace("_", " ")
    return f"- {md_escape(name.replace('.', ': '))}: {_words(path, value)}"


def _words(path: str, value: Any) -> str:
    """A fact's value in words (escaped): labels for codes, yes/no, unknown."""
    if value is None or value == "unknown":
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(_words(path, v) for v in value) or "none"
    if isinstance(value, int | float):
        return f"{value:g}"
    if isinstance(value, Mapping):
        return md_escape(", ".join(f"{k}: {v}" for k, v in value.items()))
    text = str(value)
    family = _FAMILY.get(path, path.rsplit(".", 1)[-1])
    if (path, text) in VALUE_LABELS:
        return md_escape(RULES(Language.EN.value, f"{path}.{text}"))
    if has_label(f"{family}.{text}"):
        return md_escape(t(Language.EN, f"{family}.{text}"))
    return md_escape(text.replace("_", " "))


def _scope_line(scope: Mapping[str, Any]) -> str:
    subjects = scope.get("subjects") or {}
    count = subjects.get("count") if isinstance(subjects, Mapping) else None
    people = f"{count:g} people" if isinstance(count, int | float) else "people unknown"
    data = _words("data", scope.get("data") or [])
    return f"- share of {md_escape(str(scope.get('activity', '?')))}: {people}; {data}"

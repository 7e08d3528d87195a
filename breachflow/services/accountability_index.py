"""The accountability export's `index.html`: the page a lawyer or an inspector opens first.

In English (see `breachflow.services.accountability`), times in Brussels time, codes in words,
and every stored value escaped (a reporter's text is data, never markup). It sums up what the
JSON files and PDFs beside it hold, links to each, and says what the audit hashes prove and how
to check them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from markupsafe import Markup, escape

from documents.formatting import format_instant
from notifiers.slack_texts import words
from rules.codes import Language
from rules.lifecycle import DECISION_LABELS, STATE_LABELS, Decision, State

__all__ = ["ExportView", "index_html"]

_ENGLISH = words("en")


@dataclass(frozen=True)
class ExportView:
    """What the index shows: the records as the JSON files hold them."""

    reference: str
    exported_at: datetime
    breach: dict[str, Any]
    assessments: list[dict[str, Any]]
    decisions: list[dict[str, Any]]
    obligations: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    events: list[dict[str, Any]]
    head: dict[str, Any] | None


def when(value: Any) -> str:
    """A stored instant (ISO text or datetime) in Brussels time; an empty one as a dash."""
    if not value:
        return "—"
    at = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return format_instant(at, Language.EN)


def _text(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(_text(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Markup:
    """A table of escaped cells (a Markup cell, such as a link, is kept); no header row when
    the headers are blank (a list of label and value)."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    thead = f"<thead><tr>{head}</tr></thead>" if any(headers) else ""
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return Markup(f"<table>{thead}<tbody>{body}</tbody></table>")


def _link(href: str, label: str) -> Markup:
    return Markup('<a href="{}">{}</a>').format(href, label)


def _outcome(code: Any) -> str:
    return _ENGLISH.label("outcome", str(code)) if code else "not assessed"


def _assessments(view: ExportView) -> Markup:
    parts = []
    for row in view.assessments:
        outcome = row.get("outcome") or {}
        severity = row.get("severity") or {}
        rules = outcome.get("overridden_from") or outcome.get("risk")
        in_force = row.get("override_outcome") or outcome.get("risk")
        band = str(severity.get("band", "—")).replace("_", " ")
        facts = [
            ("Assessed", when(row.get("created_at"))),
            ("Outcome of the rules", _outcome(rules)),
            ("Outcome in force", _outcome(in_force)),
            ("Severity (ENISA)", f"score {severity.get('score', '—')}, {band}"),
        ]
        if row.get("override_outcome"):
            facts += [
                ("Changed by the DPO", _text(row.get("decided_by"))),
                ("The DPO's reason", _text(row.get("override_reason"))),
            ]
        reasons = [(r.get("article", ""), r.get("text", "")) for r in row.get("reasons") or []]
        parts.append(
            Markup("<h3>Assessment version {}</h3>").format(row.get("version"))
            + _table(("", ""), facts)
            + Markup("<p>Reasons, with their sources:</p>")
            + _table(("Source", "Reason"), reasons)
            + Markup("<p>Assumptions made where a fact was unknown: {}</p>").format(
                _text(row.get("assumptions"))
            )
        )
    return Markup("").join(parts) or Markup("<p>No assessment yet.</p>")


def _obligations(view: ExportView) -> Markup:
    rows = [
        (
            _ENGLISH.label("obligation", row.get("kind")),
            row.get("party"),
            when(row.get("due_at")),
            row.get("state"),
            when(row.get("done_at")),
            _text(row.get("late_reason")),
            (row.get("terms") or {}).get("basis", "—"),
        )
        for row in sorted(view.obligations, key=lambda r: (r.get("due_at") or "9", r["kind"]))
    ]
    headers = ("Obligation", "Owed to", "Deadline", "State", "Done", "Reasons for delay", "Basis")
    return _table(headers, rows)


def _details(payload: Mapping[str, Any]) -> str:
    """A decision's fields as `name: value`, instants in Brussels time, empty ones left out."""
    return "; ".join(
        f"{key.replace('_', ' ')}: {when(value) if key.endswith('_at') else _text(value)}"
        for key, value in payload.items()
        if value not in (None, "", [], {})
    )


def _decision(kind: str) -> str:
    label = DECISION_LABELS.get(Decision(kind)) if kind in set(Decision) else None
    return (label or kind.replace("_", " ")).capitalize()


def _decisions(view: ExportView) -> Markup:
    rows = [
        (
            when(row.get("at")),
            _decision(str(row.get("kind"))),
            row.get("decided_by"),
            _details(row.get("payload") or {}),
        )
        for row in view.decisions
    ]
    return _table(("When", "Decision", "Decided by", "What was decided, and why"), rows)


def _documents(view: ExportView) -> Markup:
    rows = []
    for row in view.documents:
        file = row.get("file")
        rows.append(
            (
                _link(file, file.removeprefix("documents/")) if file else row.get("file_problem"),
                f"{row.get('kind', '').replace('_', ' ')} ({row.get('party')})",
                row.get("language"),
                f"version {row.get('version')}, round {_text(row.get('round'))}",
                row.get("status"),
                when(row.get("created_at")),
                f"{_text(row.get('approved_by'))}, {when(row.get('approved_at'))}",
                when(row.get("filed_or_sent_at")),
                _text(row.get("external_reference")),
            )
        )
    headers = (
        "File",
        "Document",
        "Language",
        "Version",
        "State",
        "Drafted",
        "Approved by, when",
        "Filed or sent",
        "GBA reference",
    )
    return _table(headers, rows)


def _events(view: ExportView) -> Markup:
    rows = [
        (
            row.get("seq"),
            when(row.get("at")),
            row.get("actor"),
            f"{row.get('entity_type')} {str(row.get('entity_id'))[:8]}",
            row.get("action"),
            row.get("prev_hash"),
            row.get("hash"),
        )
        for row in view.events
    ]
    headers = ("Seq", "When", "Who", "Record", "Change", "Previous hash", "Hash")
    return _table(headers, rows)


_STYLE = """
body { font-family: sans-serif; margin: 2em; max-width: 80em; line-height: 1.4; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #999; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
td { overflow-wrap: anywhere; }
.fault { color: #a00; font-weight: bold; }
"""

_HASHES = Markup(
    "<p>Every change to a breach, its assessments, obligations, decisions and documents is an "
    "event in breachflow's audit trail: one chain shared by all breaches. Each event's "
    "<em>hash</em> is an HMAC-SHA256, under the organisation's audit key, of the event "
    "(number, time, author, record, change, the record before and after) and of the hash of "
    "the event before it in the chain (<em>previous hash</em>). The events listed here are "
    "this breach's, so their numbers have gaps: each previous hash names the event just before "
    "it in the whole chain.</p>"
    "<p>Making this export was itself recorded in the audit trail (who, when, and the "
    "SHA-256 of its manifest), as an <em>accountability_export</em> event on the breach.</p>"
    "<p>The key is kept outside the database and is not in this export, so neither a reader "
    "of it nor anyone who altered the database can compute a valid hash. What the hashes "
    "prove is therefore checked on the organisation's live system: <code>breachflow audit "
    "verify</code> recomputes every hash with the key, checks every link and the chain's head, "
    "compares the chain with its anchors kept outside the database (a file, the security "
    "team's Slack channel, e-mails to the DPO; the lines are in <code>audit/anchors.txt</code>) "
    "and replays the events against the stored records, naming any fault. Ask for it to be run "
    "in your presence and compare the hashes of the events listed here with those it checks: "
    "an event changed, removed or reordered after this export would no longer match.</p>"
)

_CHECK = Markup(
    "<p><code>manifest.sha256</code> lists the SHA-256 of every other file in this export. "
    "<code>breachflow export verify FILE.zip</code> checks the zip without the database and "
    "names every file changed, missing or added and an edited manifest; after unzipping, "
    "<code>sha256sum -c manifest.sha256</code> checks the files too. The SHA-256 of the "
    "manifest itself was printed when the export was made: compare it with the one kept by the "
    "person who made it.</p>"
)


def index_html(view: ExportView, problems: Sequence[str]) -> str:
    """The index page of the export."""
    breach = view.breach
    state = State(breach["state"])
    latest = view.assessments[-1] if view.assessments else {}
    in_force = latest.get("override_outcome") or (latest.get("outcome") or {}).get("risk")
    summary = [
        ("Breach", view.reference),
        ("Where it stands", f"{view.reference} {STATE_LABELS[state]}"),
        ("Outcome in force", _outcome(in_force)),
        ("Reported", when(breach.get("created_at"))),
        ("Detected", when(breach.get("detected_at"))),
        ("Aware (start of the 72 hours, Art. 33(1) GDPR)", when(breach.get("aware_at"))),
        ("Awareness set by", breach.get("aware_set_by")),
        ("Exported", when(view.exported_at)),
        (
            "Audit chain head at export",
            f"event {view.head['seq']}, hash {view.head['hash']}" if view.head else "—",
        ),
    ]
    faults = Markup("").join(
        Markup('<p class="fault">Document file problem: {}</p>').format(problem)
        for problem in problems
    )
    files = Markup(", ").join(
        _link(name, name)
        for name in (
            "breach.json",
            "assessments.json",
            "decisions.json",
            "obligations.json",
            "documents.json",
            "audit/events.jsonl",
            "audit/anchors.txt",
            "export.json",
            "manifest.sha256",
        )
    )
    body = (
        Markup("<h1>Accountability export: breach {}</h1>").format(view.reference)
        + Markup(
            "<p>What the organisation holds on this personal-data breach, as Art. 5(2) and "
            "33(5) GDPR require it to be able to show the supervisory authority (GBA/APD). "
            "Times are Belgian time (Europe/Brussels).</p>"
        )
        + faults
        + _table(("", ""), summary)
        + Markup("<h2>Assessments</h2>")
        + _assessments(view)
        + Markup("<h2>Obligations and deadlines</h2>")
        + _obligations(view)
        + Markup("<h2>Decisions</h2>")
        + _decisions(view)
        + Markup("<h2>Documents, every version</h2>")
        + _documents(view)
        + Markup("<h2>Audit trail of this breach</h2>")
        + _HASHES
        + _events(view)
        + Markup("<h2>Checking this export</h2>")
        + _CHECK
        + Markup("<p>The records in full: {}.</p>").format(files)
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Accountability export {escape(view.reference)}</title>"
        f"<style>{_STYLE}</style></head><body>{body}</body></html>\n"
    )

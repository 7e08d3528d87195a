"""The breach register (Art. 33(5) GDPR) as CSV: one row per breach, reasoning included.

The PDF export is `PdfRenderer().render("breach_register", BreachRegisterView, language)`; the
CSV holds the same fields, rendered by the same helpers as the PDF (so the two agree), under
stable column codes, with every value in the chosen language, for a spreadsheet or an audit.
"""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import datetime

from documents.formatting import format_instant
from documents.i18n import code_label, phrase, soft_code_label, t
from documents.statements import free_text_plain, statement_with_sources
from documents.summary import summary_text
from documents.viewmodels import BreachRegisterView, BreachView, FreeText
from rules.codes import Language

COLUMNS = (
    "reference",
    "version",
    "controller",
    "activities",
    "description",
    "incident_type",
    "nature",
    "occurred_from",
    "detected_at",
    "aware_at",
    "data",
    "subject_categories",
    "subject_count",
    "consequences",
    "measures_taken",
    "risk",
    "severity_score",
    "severity_band",
    "reasons",
    "gba_notified_at",
    "gba_reference",
    "gba_part2_at",
    "not_notified_reason",
    "subjects_communication",
    "subjects_informed_at",
    "exemptions",
    "late",
    "delay_reasons",
    "root_cause",
    "lessons_learned",
)


def _text(value: FreeText | None, language: Language) -> str:
    return free_text_plain(value, language) if value is not None else ""


def _row(view: BreachView, language: Language) -> list[str]:
    unknown = t(language, "unknown")

    def when(value: datetime | None) -> str:
        return format_instant(value, language) if value else unknown

    def codes(family: str, values: object) -> str:
        if values is None:
            return unknown
        return "; ".join(code_label(language, family, v) for v in values)  # type: ignore[attr-defined]

    risk, comm, timeline = view.risk, view.communication, view.timeline
    severity = risk.severity
    reasons = "\n".join(statement_with_sources(r, language) for r in risk.reasons)
    not_notified = ""
    if risk.notify_supervisory_authority is False or risk.not_notified_reason:
        not_notified = (
            _text(risk.not_notified_reason, language) if risk.not_notified_reason else reasons
        )
    measures = "; ".join(phrase(language, "measure", c) for c in view.measures_taken.codes)
    if view.measures_taken.free:
        measures = f"{measures} {_text(view.measures_taken.free, language)}".strip()
    description = summary_text(view, language)
    if view.description:
        description += "\n" + _text(view.description, language)
    closing = view.closing
    return [
        view.reference,
        str(view.version),
        view.controller.name or unknown if view.controller else unknown,
        "; ".join(a.name.get(language) for a in view.activities) or unknown,
        description,
        code_label(language, "incident_type", view.incident_type)
        if view.incident_type
        else unknown,
        codes("nature", view.nature),
        when(timeline.occurred_from),
        when(timeline.detected_at),
        when(timeline.aware_at),
        codes("data", view.data),
        "; ".join(soft_code_label(language, "subject", s) for s in view.subject_categories)
        if view.subject_categories
        else unknown,
        t(language, "count.exact", count=view.subject_count)
        if view.subject_count is not None
        else unknown,
        "; ".join(phrase(language, "consequence", c) for c in view.consequences)
        if view.consequences is not None
        else unknown,
        measures or unknown,
        code_label(language, "risk", risk.outcome) if risk.outcome else unknown,
        t(language, "count.exact", count=severity.score)
        if severity and severity.score is not None
        else unknown,
        code_label(language, "band", severity.band) if severity and severity.band else unknown,
        reasons or unknown,
        when(view.gba_notified_at) if view.gba_notified_at else t(language, "no"),
        view.gba_reference or "",
        when(view.gba_part2_at) if view.gba_part2_at else "",
        not_notified,
        t(language, f"communication.{comm.status}") if comm.status else unknown,
        when(view.subjects_informed_at) if view.subjects_informed_at else "",
        codes("exemption", comm.exemptions),
        t(language, "yes" if timeline.late else "no") if timeline.late is not None else unknown,
        _text(timeline.delay_reasons, language) if timeline.late else "",
        _text(closing.root_cause, language) if closing else "",
        _text(closing.lessons_learned, language) if closing else "",
    ]


# A cell starting with one of these is run as a formula by spreadsheets.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """Text a spreadsheet would run as a formula (a typed description, say) is quoted."""
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def breach_register_csv(register: BreachRegisterView, language: Language) -> tuple[bytes, str]:
    """UTF-8 CSV (with BOM, for spreadsheets) of the register; returns bytes and SHA-256."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for entry in register.entries:
        writer.writerow([_cell(cell) for cell in _row(entry, language)])
    content = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    return content, hashlib.sha256(content).hexdigest()

"""What changed between two filings of a notification (a follow-up, or Part 2 after Part 1).

A document keeps the facts it showed as plain JSON (`shown_facts`: codes, numbers, ISO
instants), stored with the document when it is drafted; the next round's draft compares its
own with the filed one's and lists each fact that changed, so the GBA reads what is new
without comparing two notifications (Art. 33(4) GDPR: information in phases).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from documents.formatting import format_instant
from documents.i18n import code_label, phrase, soft_code_label, t
from documents.viewmodels import BreachView, Change
from rules.codes import Language

# The facts a notification states that a reader compares between filings, in document order.
COMPARED: tuple[str, ...] = (
    "occurred_from",
    "aware_at",
    "incident_type",
    "nature",
    "confidentiality",
    "integrity",
    "availability",
    "malicious",
    "subject_categories",
    "subject_count",
    "data",
    "record_count",
    "consequences",
    "outcome",
    "measures_taken",
    "measures_planned",
)
_CODE_FAMILY = {
    "incident_type": "incident_type",
    "confidentiality": "confidentiality",
    "integrity": "integrity",
    "availability": "availability",
    "outcome": "risk",
}


def _instant(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def shown_facts(view: BreachView) -> dict[str, Any]:
    """The compared facts of a view as JSON (None: unknown)."""
    return {
        "occurred_from": _instant(view.timeline.occurred_from),
        "aware_at": _instant(view.timeline.aware_at),
        "incident_type": view.incident_type,
        "nature": list(view.nature) if view.nature is not None else None,
        "confidentiality": view.confidentiality,
        "integrity": view.integrity,
        "availability": view.availability,
        "malicious": view.malicious,
        "subject_categories": list(view.subject_categories or ()) or None,
        "subject_count": view.subject_count,
        "data": list(view.data) if view.data is not None else None,
        "record_count": view.record_count,
        "consequences": list(view.consequences) if view.consequences is not None else None,
        "outcome": view.risk.outcome,
        "measures_taken": list(view.measures_taken.codes),
        "measures_planned": list(view.measures_planned.codes),
    }


def changes_since(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[Change, ...]:
    """Each compared fact whose value differs (a fact the earlier filing lacked counts too)."""
    return tuple(
        Change(name, before.get(name), after.get(name))
        for name in COMPARED
        if _normal(before.get(name)) != _normal(after.get(name))
    )


def _normal(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return sorted(str(v) for v in value)
    return None if value == [] else value


def _join(values: Iterable[str]) -> str:
    return "; ".join(values)


def change_value(name: str, value: Any, language: Language) -> str:
    """A compared fact's value as the document shows it."""
    if value is None or value == []:
        return t(language, "unknown")
    if name in _CODE_FAMILY:
        return code_label(language, _CODE_FAMILY[name], str(value))
    if name in ("occurred_from", "aware_at"):
        return format_instant(datetime.fromisoformat(str(value)), language)
    if name in ("malicious",):
        return t(language, "yes" if value else "no")
    if name in ("subject_count", "record_count"):
        return t(language, "count.exact", count=value)
    if name == "nature":
        return ", ".join(code_label(language, "nature", v) for v in value)
    if name == "data":
        return _join(code_label(language, "data_short", v) for v in value)
    if name == "subject_categories":
        return ", ".join(soft_code_label(language, "subject", v) for v in value)
    if name == "consequences":
        return _join(phrase(language, "consequence", v) for v in value)
    if name in ("measures_taken", "measures_planned"):
        return _join(phrase(language, "measure", v) for v in value)
    return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)

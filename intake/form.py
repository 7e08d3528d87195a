"""The report form: its questions in plain words, and the mapping of answers to facts.

Every question can be left at "I don't know", which becomes `unknown` in the facts; only who
reports (name, e-mail) and what happened are required. Answers that have no facts field (how it
was discovered, systems, still going on, measures taken, recipients) are kept as they were given.
Times are entered in Brussels local time (the `datetime-local` input has no zone).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from breachflow.services.reporting import ReportIn
from intake.auth import Viewer
from intake.validation import EMAIL, check_times, instant_problem, text_problem
from rules.codes import IncidentType
from rules.deadlines import BRUSSELS
from rules.facts import MAX_PEOPLE, MAX_RECIPIENTS

UNKNOWN = "unknown"

# Plain-word data choices -> data codes (examples/cases/README.md).
DATA_CHOICES: dict[str, tuple[str, ...]] = {
    "identity": ("basic_identity",),
    "contact": ("contact",),
    "work": ("professional",),
    "education": ("education",),
    "family": ("family",),
    "national_id": ("national_id_number",),
    "bank": ("financial",),
    "card": ("payment_card",),
    "login": ("credentials",),
    "id_documents": ("official_documents",),
    "location": ("location",),
    "sick_leave": ("employment_health",),
    "health": ("health",),
    "biometric": ("biometric",),
    "union": ("trade_union",),
    "criminal": ("criminal",),
    "beliefs": ("religious", "racial_ethnic", "political", "sex_life"),
}
# Groups of people; children and patients make the people vulnerable (DOMAIN.md §3).
GROUPS: tuple[str, ...] = (
    "employees",
    "former_employees",
    "applicants",
    "customers",
    "children",
    "patients",
    "self_employed",
    "other",
)
VULNERABLE_GROUPS = frozenset({"children", "patients"})
INCIDENT_TYPES: tuple[str, ...] = tuple(code.value for code in IncidentType)
ENCRYPTION: dict[str, str] = {"yes": "yes", "no": "no", "key_compromised": "key_compromised"}
DISCLOSURES: tuple[str, ...] = (
    "not_affected",
    "no_evidence_of_access",
    "known_recipients",
    "unknown_recipients",
)
YES_NO: dict[str, bool] = {"yes": True, "no": False}
TEXT_ANSWERS: tuple[str, ...] = ("how_discovered", "systems", "recipients", "measures")
MAX_NAME = 200
MAX_TEXT = 5_000
MAX_DESCRIPTION = 20_000
ASCII_NUMBER = re.compile(r"[0-9]+")


@dataclass
class FormOutcome:
    """The parsed form: a report when valid, else the errors (field -> message key, params)."""

    values: dict[str, Any]
    errors: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    report: ReportIn | None = None


class _Reader:
    def __init__(self, form: Mapping[str, Any], getlist: Any) -> None:
        self.form = form
        self.getlist = getlist
        self.values: dict[str, Any] = {}
        self.errors: dict[str, tuple[str, dict[str, Any]]] = {}

    def fail(self, name: str, code: str, **params: Any) -> None:
        self.errors.setdefault(name, (f"error.{code}", params))

    def text(self, name: str, *, limit: int, required: bool = False) -> str:
        raw = self.form.get(name)
        value = raw.strip() if isinstance(raw, str) else ""
        self.values[name] = value
        if required and not value:
            self.fail(name, "required")
        elif len(value) > limit:
            self.fail(name, "too_long")
        elif text_problem(value):
            self.fail(name, "invalid")
        return value

    def choice(self, name: str, allowed: Sequence[str]) -> str:
        value = self.text(name, limit=100) or UNKNOWN
        self.values[name] = value
        if value != UNKNOWN and value not in allowed:
            self.fail(name, "choice")
            return UNKNOWN
        return value

    def choices(self, name: str, allowed: Sequence[str]) -> list[str]:
        picked = [v for v in self.getlist(name) if isinstance(v, str)]
        self.values[name] = picked
        if any(v not in allowed for v in picked):
            self.fail(name, "choice")
            return []
        return list(dict.fromkeys(picked))

    def flag(self, name: str) -> bool:
        value = self.form.get(name) in ("1", "on", "yes", "true")
        self.values[name] = value
        return value

    def count(self, name: str, *, maximum: int) -> int | None:
        """A whole number in ASCII digits: `str.isdigit` also takes "²" (which `int` refuses)
        and Arabic-Indic digits (which `int` silently reads), neither of which a reporter
        means as a count."""
        value = self.text(name, limit=20)
        if not value or self.flag(f"{name}_unknown"):
            return None
        if not ASCII_NUMBER.fullmatch(value):
            self.fail(name, "number")
            return None
        number = int(value)
        if number > maximum:
            self.fail(name, "count_range", maximum=f"{maximum:,}")
            return None
        return number

    def local_time(self, name: str) -> datetime | None:
        """A `datetime-local` value read as Brussels time; None (and an error) when unusable."""
        value = self.text(name, limit=40)
        if not value:
            self.fail(name, "datetime")
            return None
        try:
            naive = datetime.fromisoformat(value)
        except ValueError:
            self.fail(name, "datetime")
            return None
        if naive.tzinfo is not None:
            self.fail(name, "datetime")
            return None
        instant = naive.replace(tzinfo=BRUSSELS)
        if instant_problem(instant):
            self.fail(name, "datetime")
            return None
        return instant


def _times(
    reader: _Reader, now: datetime
) -> tuple[datetime, datetime | None, datetime | None, dict[str, Any]]:
    occurred = reader.choice("occurred", ("at", "between"))
    occurred_from = occurred_to = None
    if occurred == "at":
        occurred_from = occurred_to = reader.local_time("occurred_at")
    elif occurred == "between":
        occurred_from = reader.local_time("occurred_from")
        occurred_to = reader.local_time("occurred_to")
    for name in ("occurred_at", "occurred_from", "occurred_to", "detected_at"):
        reader.values.setdefault(name, (reader.form.get(name) or "").strip())
    detected = reader.choice("detected", ("at",))
    detected_at = reader.local_time("detected_at") if detected == "at" else None
    # Discovery time not known: the time the report was received stands in for it.
    detected_at_or_now = detected_at or now
    for problem in check_times(
        detected_at=detected_at_or_now,
        occurred_from=occurred_from,
        occurred_to=occurred_to,
        now=now,
    ):
        target = (
            "occurred_at"
            if problem.field in ("occurred_from", "occurred_to") and occurred == "at"
            else problem.field
        )
        reader.fail(target, problem.code)
    answers = {"occurred": occurred, "detected": detected}
    return detected_at_or_now, occurred_from, occurred_to, answers


def _facts(reader: _Reader) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    incident = reader.choice("incident_type", INCIDENT_TYPES)
    facts["incident_type"] = incident
    picked = reader.choices("data", tuple(DATA_CHOICES))
    known = sorted({code for key in picked for code in DATA_CHOICES[key]})
    # "I don't know" beside ticked data: these, and perhaps more (the documents still name the
    # data known, the rules take the worst of the rest).
    facts["data"] = [*known, UNKNOWN] if reader.flag("data_unknown") or not known else known
    groups = reader.choices("groups", GROUPS)
    if reader.flag("groups_unknown"):
        groups = []
    facts["subjects"] = {
        "count": reader.count("subjects_count", maximum=MAX_PEOPLE),
        "categories": groups,
        "vulnerable": True if VULNERABLE_GROUPS & set(groups) else UNKNOWN,
    }
    facts["unintelligible"] = ENCRYPTION.get(reader.choice("encrypted", tuple(ENCRYPTION)), UNKNOWN)
    disclosure = reader.choice("disclosure", DISCLOSURES)
    facts["confidentiality"] = disclosure
    if disclosure == "known_recipients":
        facts["recipients_count"] = reader.count("recipients_count", maximum=MAX_RECIPIENTS)
        deleted = reader.choice("deletion_confirmed", tuple(YES_NO))
        facts["recipients_trusted"] = YES_NO.get(deleted, UNKNOWN)
    else:
        reader.values.setdefault("recipients_count", reader.form.get("recipients_count") or "")
        reader.values.setdefault("deletion_confirmed", reader.form.get("deletion_confirmed") or "")
    facts["malicious"] = YES_NO.get(reader.choice("malicious", tuple(YES_NO)), UNKNOWN)
    return facts


def parse_report_form(
    form: Mapping[str, Any], getlist: Any, *, viewer: Viewer, language: str, now: datetime
) -> FormOutcome:
    """Validate the submitted form; the outcome keeps every value for re-display on error."""
    reader = _Reader(form, getlist)
    name = reader.text("reporter_name", limit=MAX_NAME, required=True)
    email = reader.text("reporter_email", limit=254, required=True)
    if email and not EMAIL.match(email):
        reader.fail("reporter_email", "email")
    phone = reader.text("reporter_phone", limit=50)
    description = reader.text("description", limit=MAX_DESCRIPTION, required=True)
    detected_at, occurred_from, occurred_to, answers = _times(reader, now)
    facts = _facts(reader)
    for question in TEXT_ANSWERS:
        text = reader.text(question, limit=MAX_TEXT)
        answers[question] = UNKNOWN if reader.flag(f"{question}_unknown") or not text else text
    answers["ongoing"] = reader.choice("ongoing", tuple(YES_NO))
    outcome = FormOutcome(values=reader.values, errors=reader.errors)
    if reader.errors:
        return outcome
    outcome.report = ReportIn(
        reporter_name=name,
        reporter_email=email,
        reporter_phone=phone or None,
        description=description,
        detected_at=detected_at,
        occurred_from=occurred_from,
        occurred_to=occurred_to,
        activities=None,
        facts=facts,
        language=language,
        channel="security" if viewer.is_security else "form",
        answers=answers,
    )
    return outcome

"""Small factories for store tests: valid inputs with overridable fields."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from models.tables import BreachCreate, ObligationCreate

NOW = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)

FACTS = {
    "aware_at": "2026-03-27T10:00:00+01:00",
    "nature": ["confidentiality"],
    "incident_type": "email_misdirected",
    "malicious": False,
    "data": ["basic_identity", "contact", "financial"],
    "subjects": {"count": 40, "categories": ["employees"], "vulnerable": "unknown"},
    "confidentiality": "known_recipients",
    "recipients_count": 1,
    "identifiability": "unknown",
}


def breach_in(now: datetime, **overrides: Any) -> BreachCreate:
    values: dict[str, Any] = {
        "reporter": "Ann Peeters",
        "reporter_contact": "ann@bakkerij-peeters.be",
        "channel": "form",
        "occurred_from": now - timedelta(days=1),
        "detected_at": now - timedelta(hours=2),
        "aware_at": now,
        "aware_set_by": "intake",
        "aware_gap_reason": "checked the mailbox logs first",
        "description": "Payslips of 40 employees e-mailed to one wrong address <script>",
        "facts": FACTS,
        "affected_activity_ids": ["payroll-bakkerij-peeters"],
    }
    values.update(overrides)
    return BreachCreate(**values)


def obligation_in(breach_id: uuid.UUID, now: datetime, **overrides: Any) -> ObligationCreate:
    values: dict[str, Any] = {
        "breach_id": breach_id,
        "kind": "supervisory_authority",
        "party": "gba",
        "activity_id": "",
        "due_at": now + timedelta(hours=72),
        "terms": {"hours": 72, "source": "Art. 33(1) GDPR"},
    }
    values.update(overrides)
    return ObligationCreate(**values)

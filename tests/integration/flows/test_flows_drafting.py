"""What is drafted for whom: the duties of each affected activity become documents."""

from __future__ import annotations

import uuid

from sqlalchemy import Engine

from breachflow.settings import Settings
from models.db import read_scope
from models.documents import list_documents
from rules.lifecycle import State
from tests.integration.flows.flow_support import demo_report, file_report, review, rig, state

HIGH_RISK_STAFF = {
    "activities": ["staff-administration"],
    "breach_confidentiality": "unknown_recipients",
    "breach_malicious": True,
    "breach_incident_type": "hacking_malware",
}


def _drafted(engine: Engine, settings: Settings, **changes: object) -> list[tuple[str, str]]:
    """Report, review (accepting the outcome) and draft; the (kind, party) of each draft."""
    dispatcher, _ = rig(engine, settings)
    breach_id: uuid.UUID = file_report(engine, settings, demo_report(**changes)).id
    dispatcher.run_until_idle()
    review(engine, settings, breach_id)
    dispatcher.run_until_idle()
    assert state(engine, breach_id) == State.AWAITING_APPROVAL
    with read_scope(engine) as session:
        return sorted(
            (d.kind, d.party) for d in list_documents(session=session, breach_id=breach_id)
        )


def test_processor_breach_for_two_clients_drafts_a_notice_to_each_and_no_gba_draft(
    engine: Engine, settings: Settings
) -> None:
    """Processor for two clients (Art. 33(2)): a notice to each controller and nothing for the
    GBA: each client, as controller, decides on notifying it."""
    drafts = _drafted(
        engine, settings, activities=["payroll-bakkerij-peeters", "payroll-transports-dubois"]
    )
    assert drafts == [
        ("processor_notice", "bakkerij-peeters"),
        ("processor_notice", "transports-dubois"),
    ]


def test_high_risk_controller_breach_drafts_the_gba_notification_and_the_letter(
    engine: Engine, settings: Settings
) -> None:
    """Our own staff's data taken by an attacker: high risk, so the GBA draft (Art. 33) and the
    letter to the people (Art. 34); no processor notice (we are controller)."""
    kinds = {kind for kind, _ in _drafted(engine, settings, **HIGH_RISK_STAFF)}
    assert {"gba_notification", "subject_letter", "register_entry"} <= kinds
    assert "processor_notice" not in kinds

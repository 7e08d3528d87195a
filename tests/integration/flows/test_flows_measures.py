"""The DPO's measures taken and planned: recorded at review and Part 2, printed in the drafts."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from breachflow import services
from breachflow.settings import Settings
from documents.i18n import phrase, t
from models.access import audit_events_for
from models.audit import verify_chain
from models.breaches import get_breach
from models.db import read_scope
from models.decisions import list_decisions
from models.documents import list_documents
from rules.codes import Language
from rules.decisions import DecisionRefused, Part2
from tests.integration.documents.conftest import pdf_text
from tests.integration.flows.flow_support import (
    approve,
    demo_report,
    file,
    file_report,
    now,
    review,
    rig,
    state,
)

TAKEN = ["passwords_reset", "contained"]
PLANNED = ["mfa"]
# Our own staff's data taken by an attacker, reported in French: high risk, so the GBA draft
# and the letter to the people are both drafted, in French.
HIGH_RISK_STAFF_FR = {
    "language": "fr",
    "activities": ["staff-administration"],
    "breach_confidentiality": "unknown_recipients",
    "breach_malicious": True,
    "breach_incident_type": "hacking_malware",
}


def _reported(engine: Engine, settings: Settings, **changes: Any) -> uuid.UUID:
    """A breach reported and assessed, its review waiting."""
    dispatcher, _ = rig(engine, settings)
    breach = file_report(engine, settings, demo_report(**changes))
    dispatcher.run_until_idle()
    assert state(engine, breach.id) == "awaiting_review"
    return breach.id


def _measures(engine: Engine, breach_id: uuid.UUID) -> dict[str, list[str]]:
    with read_scope(engine) as session:
        breach = get_breach(session=session, breach_id=breach_id)
    return {"taken": breach.measures_taken, "planned": breach.measures_planned}


def _drafts(engine: Engine, settings: Settings, breach_id: uuid.UUID) -> dict[str, tuple[str, str]]:
    """Draft the documents; kind -> (language, the PDF's text on single spaces)."""
    rig(engine, settings)[0].run_until_idle()
    with read_scope(engine) as session:
        documents = list_documents(session=session, breach_id=breach_id)
    return {
        d.kind: (d.language, " ".join(pdf_text(Path(d.path).read_bytes()).split()))
        for d in documents
    }


def _section(text: str, language: Language, heading: str, next_heading: str) -> str:
    start = text.index(" ".join(t(language, heading).split()))
    return text[start : text.index(" ".join(t(language, next_heading).split()), start)]


def test_review_stores_the_measures_with_the_breach_in_an_audited_update(
    engine: Engine, settings: Settings
) -> None:
    """The codes are kept in the breach's measures columns, written by the DPO in the audit
    chain in the review's transaction, and the review decision records them as entered."""
    breach_id = _reported(engine, settings)
    review(engine, settings, breach_id, measures_taken=TAKEN, measures_planned=PLANNED)
    assert _measures(engine, breach_id) == {"taken": TAKEN, "planned": PLANNED}
    with read_scope(engine) as session:
        events = audit_events_for(session=session, entity_ids=[breach_id])
        decisions = list_decisions(session=session, breach_id=breach_id)
        assert verify_chain(session).ok
    updates = [e for e in events if e.action == "set_measures"]
    assert len(updates) == 1
    assert updates[0].actor == "unauthenticated:Dana DPO"  # typed, as in the Prefect UI
    assert (updates[0].before or {})["measures_taken"] == []
    assert updates[0].after is not None
    assert updates[0].after["measures_taken"] == TAKEN
    assert updates[0].after["measures_planned"] == PLANNED
    assert decisions[-1].kind == "review"
    assert decisions[-1].payload["measures_taken"] == TAKEN
    assert decisions[-1].payload["measures_planned"] == PLANNED


@pytest.mark.parametrize("field", ["measures_taken", "measures_planned"])
def test_review_refuses_an_unknown_measure_code_naming_the_field(
    engine: Engine, settings: Settings, field: str
) -> None:
    """A code outside the catalogue is refused with the field's name; nothing is recorded."""
    breach_id = _reported(engine, settings)
    with pytest.raises(DecisionRefused, match=rf"^{field}: .*prayer"):
        review(engine, settings, breach_id, **{field: ["contained", "prayer"]})
    assert state(engine, breach_id) == "awaiting_review"
    assert _measures(engine, breach_id) == {"taken": [], "planned": []}
    with read_scope(engine) as session:
        assert list_decisions(session=session, breach_id=breach_id) == []


def test_review_refuses_a_measure_both_taken_and_planned(
    engine: Engine, settings: Settings
) -> None:
    """A measure is done or still to do, not both."""
    breach_id = _reported(engine, settings)
    with pytest.raises(DecisionRefused, match=r"^measures_planned: contained"):
        review(engine, settings, breach_id, measures_taken=TAKEN, measures_planned=["contained"])
    assert state(engine, breach_id) == "awaiting_review"


def test_gba_draft_and_letter_print_the_measures_in_their_language(
    engine: Engine, settings: Settings
) -> None:
    """A French breach: the GBA draft and the letter list the French phrases under their
    measures headings, which no longer say "inconnu"."""
    breach_id = _reported(engine, settings, **HIGH_RISK_STAFF_FR)
    review(engine, settings, breach_id, measures_taken=TAKEN, measures_planned=PLANNED)
    drafts = _drafts(engine, settings, breach_id)
    fr = Language.FR
    sections = {
        "gba_notification": ("sec.measures", "sec.communication"),
        "subject_letter": ("letter.sec.measures", "letter.sec.advice"),
    }
    for kind, (heading, next_heading) in sections.items():
        language, text = drafts[kind]
        assert language == fr.value
        section = _section(text, fr, heading, next_heading)
        for code in TAKEN + PLANNED:
            assert phrase(fr, "measure", code) in section, (kind, code)
        assert t(fr, "unknown") not in section, kind
    letter = _section(drafts["subject_letter"][1], fr, "letter.sec.measures", "letter.sec.advice")
    assert t(fr, "letter.measures_planned") in letter


def test_without_measures_the_drafts_say_unknown(engine: Engine, settings: Settings) -> None:
    """Nothing entered: the same sections say "inconnu" and print no measure."""
    breach_id = _reported(engine, settings, **HIGH_RISK_STAFF_FR)
    review(engine, settings, breach_id)
    drafts = _drafts(engine, settings, breach_id)
    fr = Language.FR
    gba = _section(drafts["gba_notification"][1], fr, "sec.measures", "sec.communication")
    letter = _section(drafts["subject_letter"][1], fr, "letter.sec.measures", "letter.sec.advice")
    for section in (gba, letter):
        assert t(fr, "unknown") in section
        assert phrase(fr, "measure", "contained") not in section


def test_processor_notice_and_register_entry_carry_the_measures(
    engine: Engine, settings: Settings
) -> None:
    """The notice to the client (in its language, Dutch) and the register entry print them."""
    breach_id = _reported(engine, settings)
    review(engine, settings, breach_id, measures_taken=["recipient_deletion"])
    drafts = _drafts(engine, settings, breach_id)
    language, notice = drafts["processor_notice"]
    assert language == "nl"
    assert phrase(Language.NL, "measure", "recipient_deletion") in notice
    language, entry = drafts["register_entry"]
    assert phrase(Language(language), "measure", "recipient_deletion") in entry


def _file_part1(engine: Engine, settings: Settings, breach_id: uuid.UUID) -> None:
    dispatcher, _ = rig(engine, settings)
    dispatcher.run_until_idle()
    approve(engine, settings, breach_id)
    file(engine, settings, breach_id, gba_reference="DBN-2026-000124")
    dispatcher.run_until_idle()
    assert state(engine, breach_id) == "part2_due"


def test_part2_is_drafted_with_the_changes_since_part1_approved_and_filed_like_part1(
    engine: Engine, settings: Settings
) -> None:
    """Art. 33(4): the DPO prepares Part 2 (a measures list entered replaces the recorded one, a
    planned measure now taken leaves the planned list, an unknown code is refused naming the
    field); a complete notification is drafted as a follow-up of Part 1's DBN reference with a
    section "changes since Part 1"; approved and filed, it completes Part 2's obligation and the
    register entry is made anew with the date Part 2 was filed."""
    breach_id = _reported(engine, settings)
    review(
        engine,
        settings,
        breach_id,
        completeness="part1",
        measures_taken=["contained"],
        measures_planned=["mfa", "staff_training"],
    )
    _file_part1(engine, settings, breach_id)
    common: dict[str, Any] = {"engine": engine, "settings": settings, "breach_id": breach_id}
    with pytest.raises(DecisionRefused, match=r"^measures_taken: .*prayer"):
        services.record_part2(
            **common, part2=Part2("Dana DPO", measures_taken=("prayer",)), now=now()
        )
    assert state(engine, breach_id) == "part2_due"
    services.record_part2(
        **common, part2=Part2("Dana DPO", measures_taken=("contained", "mfa")), now=now()
    )
    assert _measures(engine, breach_id) == {
        "taken": ["contained", "mfa"],
        "planned": ["staff_training"],
    }
    dispatcher, _ = rig(engine, settings)
    dispatcher.run_until_idle()
    assert state(engine, breach_id) == "awaiting_approval"
    with read_scope(engine) as session:
        part2 = next(
            d
            for d in services.current_documents(session, breach_id)
            if d.kind == "gba_notification"
        )
    assert (part2.filing, part2.completeness) == ("follow_up", "part2")
    text = " ".join(pdf_text(Path(part2.path).read_bytes()).split())
    language = Language(part2.language)
    assert t(language, "sec.changes_part2") in text
    assert "DBN-2026-000124" in text  # Part 1's reference, which Part 2 completes
    assert phrase(language, "measure", "mfa") in text.split(t(language, "sec.changes_part2"))[1]
    approve(engine, settings, breach_id)
    file(engine, settings, breach_id, gba_reference="DBN-2026-000124")
    dispatcher.run_until_idle()
    assert state(engine, breach_id) == "filed"
    with read_scope(engine) as session:
        from models.obligations import list_obligations

        obligations = list_obligations(session=session, breach_id=breach_id)
        entries = [
            d
            for d in list_documents(session=session, breach_id=breach_id)
            if d.kind == "register_entry" and d.round is None
        ]
    assert [o.state for o in obligations if o.kind == "authority_part2"] == ["done"]
    entry = " ".join(pdf_text(Path(entries[-1].path).read_bytes()).split())
    assert t(Language(entries[-1].language), "f.gba_part2_at") in entry

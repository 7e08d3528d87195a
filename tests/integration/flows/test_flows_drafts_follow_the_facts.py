"""Drafts follow the facts and the decisions: new facts make new drafts, an approval names the
drafts it read, a notification no longer required asks for nothing, late drafts carry the
DPO's reasons, and the register entry is made anew at filing and closing (CSV and PDF agree)."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from breachflow import services
from breachflow.services.breach_register import breach_register
from breachflow.services.steps import draft_round
from breachflow.settings import Settings
from documents.breach_register import COLUMNS, breach_register_csv
from documents.i18n import t
from models.db import read_scope
from models.documents import list_documents
from models.tables import Document
from rules.codes import Language
from rules.decisions import Closing, DecisionRefused
from tests.integration.documents.conftest import pdf_text
from tests.integration.flows.flow_support import (
    DPO,
    approve,
    demo_report,
    file,
    file_report,
    now,
    review,
    rig,
    state,
)

# Our own staff only (we are controller): a GBA notification, no processor notice.
STAFF = {"activities": ["staff-administration"], "breach_recipients_count": 1}


def _awaiting_approval(engine: Engine, settings: Settings, **changes: object) -> uuid.UUID:
    dispatcher, _ = rig(engine, settings)
    breach_id = file_report(engine, settings, demo_report(**changes)).id
    dispatcher.run_until_idle()
    review(engine, settings, breach_id)
    dispatcher.run_until_idle()
    assert state(engine, breach_id) == "awaiting_approval"
    return breach_id


def _current(engine: Engine, breach_id: uuid.UUID) -> dict[str, Document]:
    with read_scope(engine) as session:
        return {d.kind: d for d in services.current_documents(session, breach_id)}


def _text(document: Document) -> str:
    return " ".join(pdf_text(Path(document.path).read_bytes()).split())


def test_new_facts_while_drafts_wait_make_new_drafts_and_an_outdated_approval_is_refused(
    engine: Engine, settings: Settings
) -> None:
    """The count grows while round 1 waits for approval: round 2 is drafted with the new count;
    approving round 1 is refused, naming round 2; approving round 2 approves its drafts only."""
    breach_id = _awaiting_approval(engine, settings, **STAFF)
    first = _current(engine, breach_id)["gba_notification"]
    services.add_facts(
        engine=engine,
        settings=settings,
        breach_id=breach_id,
        facts_update={"subjects": {"count": 4321}},
        actor="security",
        now=now(),
    )
    rig(engine, settings)[0].run_until_idle()
    assert state(engine, breach_id) == "awaiting_approval"
    second = _current(engine, breach_id)["gba_notification"]
    assert (first.round, second.round) == (1, 2)
    assert second.version == first.version + 1
    assert "4.321" in _text(second)
    with pytest.raises(DecisionRefused, match=r"^version: the drafts of round 1 are outdated"):
        approve(engine, settings, breach_id, version=1)
    assert state(engine, breach_id) == "awaiting_approval"
    approve(engine, settings, breach_id, version=2)
    with read_scope(engine) as session:
        documents = list_documents(session=session, breach_id=breach_id)
    assert {d.round for d in documents if d.approved_at} == {2}
    assert state(engine, breach_id) == "approved"


def test_filing_asks_no_reference_for_a_notification_no_longer_required(
    engine: Engine, settings: Settings
) -> None:
    """Approved, then the recipient proves bound to secrecy and has deleted the data: the
    outcome drops to unlikely, the GBA notification is cancelled and redrafted away, and the
    filing needs no DBN reference; the register entry made at filing says why not notified."""
    breach_id = _awaiting_approval(engine, settings, **STAFF)
    approve(engine, settings, breach_id)
    services.add_facts(
        engine=engine,
        settings=settings,
        breach_id=breach_id,
        facts_update={"recipients_trusted": True},
        actor=DPO,
        now=now(),
    )
    dispatcher, _ = rig(engine, settings)
    dispatcher.run_until_idle()
    assert "gba_notification" not in _current(engine, breach_id)
    approve(engine, settings, breach_id)
    file(engine, settings, breach_id, gba_reference="")
    dispatcher.run_until_idle()
    assert state(engine, breach_id) == "filed"
    with read_scope(engine) as session:
        entry = max(
            (d for d in list_documents(session=session, breach_id=breach_id) if d.round is None),
            key=lambda d: d.version,
        )
    text = _text(entry)
    language = Language(entry.language)
    assert t(language, "f.not_notified_reason") in text


def test_a_late_draft_carries_the_reasons_the_dpo_gave_at_the_review(
    engine: Engine, settings: Settings
) -> None:
    """Past the 72 hours the review asks for the reasons (Art. 33(1)) and the GBA draft prints
    them; the filing takes them over without asking again."""
    dispatcher, _ = rig(engine, settings)
    breach_id = file_report(engine, settings, demo_report(**STAFF)).id
    dispatcher.run_until_idle()
    with pytest.raises(DecisionRefused, match=r"^late_reason: the GBA deadline has passed"):
        review(engine, settings, breach_id, late_reason="")
    assert state(engine, breach_id) == "awaiting_review"
    reason = "De melding bereikte de DPO pas na het weekend."
    review(engine, settings, breach_id, late_reason=reason)
    dispatcher.run_until_idle()
    gba = _current(engine, breach_id)["gba_notification"]
    text = _text(gba)
    assert t(Language(gba.language), "f.delay_reasons") in text
    assert reason in text
    approve(engine, settings, breach_id)
    file(engine, settings, breach_id, late_reason="")
    dispatcher.run_until_idle()
    assert state(engine, breach_id) == "filed"


def test_the_register_entry_is_made_anew_at_filing_and_closing_and_the_csv_agrees(
    engine: Engine, settings: Settings
) -> None:
    """Filed: a new entry (not a draft) says when the GBA was told and under which reference;
    closed: another, with the root cause and lessons learned. The register CSV gives the same
    date and reference as the PDF."""
    breach_id = _awaiting_approval(engine, settings, **STAFF)
    approve(engine, settings, breach_id)
    filed_at = now() - timedelta(minutes=5)
    file(engine, settings, breach_id, gba_reference="DBN-2026-777", filed_at=filed_at)
    rig(engine, settings)[0].run_until_idle()
    services.record_closing(
        engine=engine,
        settings=settings,
        breach_id=breach_id,
        closing=Closing(DPO, "Een verkeerd adres in het mailsjabloon.", "Vier-ogencontrole."),
        now=now(),
    )
    with read_scope(engine) as session:
        entries = sorted(
            (
                d
                for d in list_documents(session=session, breach_id=breach_id)
                if d.kind == "register_entry"
            ),
            key=lambda d: d.version,
        )
        register = breach_register(session, settings, now())
    assert [d.round for d in entries] == [1, None, None]
    drafted, filed, closed = (_text(d) for d in entries)
    language = Language(entries[-1].language)
    assert "DBN-2026-777" not in drafted
    assert "DBN-2026-777" in filed
    assert t(language, "register.event.filed") in filed
    assert "Vier-ogencontrole." in closed
    assert t(language, "register.event.closed") in closed
    content, _ = breach_register_csv(register, language)
    header, row = list(csv.reader(io.StringIO(content.decode("utf-8").lstrip("\ufeff"))))
    cells = dict(zip(header, row, strict=True))
    assert tuple(header) == COLUMNS
    assert cells["gba_reference"] == "DBN-2026-777"
    assert cells["gba_notified_at"] in closed
    assert cells["root_cause"] in closed


def test_each_new_round_is_numbered_for_the_approval(engine: Engine, settings: Settings) -> None:
    """A send-back and new facts each start a round; the approval form asks for its number."""
    breach_id = _awaiting_approval(engine, settings, **STAFF)
    approve(engine, settings, breach_id, action="send_back", remarks="say it in fewer words")
    rig(engine, settings)[0].run_until_idle()
    with read_scope(engine) as session:
        assert draft_round(session, breach_id) == 2
    assert {d.round for d in _current(engine, breach_id).values()} == {2}


def test_the_first_gba_notification_after_filing_is_a_new_one(
    engine: Engine, settings: Settings
) -> None:
    """Filed as unlikely (register only); new facts raise the risk: the follow-up round drafts
    the GBA notification as a new notification, not a follow-up of one never filed."""
    breach_id = _awaiting_approval(engine, settings, **STAFF, breach_recipients_trusted=True)
    assert "gba_notification" not in _current(engine, breach_id)
    approve(engine, settings, breach_id)
    file(engine, settings, breach_id, gba_reference="")
    dispatcher, _ = rig(engine, settings)
    dispatcher.run_until_idle()
    assert state(engine, breach_id) == "filed"
    services.add_facts(
        engine=engine,
        settings=settings,
        breach_id=breach_id,
        facts_update={"recipients_trusted": False},
        actor=DPO,
        now=now(),
    )
    dispatcher.run_until_idle()
    gba = _current(engine, breach_id)["gba_notification"]
    assert (gba.filing, gba.completeness) == ("new", "complete")

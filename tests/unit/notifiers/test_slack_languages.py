"""Slack messages in the security team's language: every message kind, read in Dutch, French
and German, holds no phrase of the English catalog (as a Belgian team would read it), names its
weekdays and months in that language, and keeps its facts (reference, counts, Brussels time)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import pytest
from babel.messages.pofile import read_po

from locales.catalogs import po_path
from notifiers.slack_messages import (
    BreachSnapshot,
    Deadline,
    SlackContent,
    breach_card,
    breach_link,
    closed,
    documents_approved,
    dpo_decision_waiting,
    escalation,
    filed,
    outcome_and_deadlines,
    reminder,
)
from notifiers.slack_texts import COMPLETENESS_CODES, OBLIGATION_CODES, STATUS_CODES, words
from notifiers.watchdog_messages import outage_alarm, outage_over

pytestmark = pytest.mark.unit

NATIONAL = ("nl", "fr", "de")
NOW = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)  # Friday 10:00 CET, the day before DST starts
SNAPSHOT = BreachSnapshot(
    reference="BR-2026-0007",
    link=breach_link("https://breachflow.example.be", "BR-2026-0007"),
    clients=tuple(f"Bakkerij Janssens {n} BV" for n in range(7)),
    own_data=True,
    outcome="high",
    deadlines=tuple(
        Deadline(kind, NOW + timedelta(hours=12 * n), party="Bakkerij Janssens 0 BV")
        for n, kind in enumerate(OBLIGATION_CODES, start=1)
    ),
    subjects_count=1250,
    records_count=40000,
    systems=("Payroll 3000",),
    run_link="http://127.0.0.1:4200/runs/flow-run/1",
)


def every_message(language: str) -> Iterable[SlackContent]:
    """Each kind of message the security team can get, with every label a code can take."""
    later = NOW + timedelta(days=4)
    for status in STATUS_CODES:
        yield breach_card(SNAPSHOT, now=NOW, status=status, language=language)
    for outcome in ("unlikely", "risk", "high", None):
        for clients_only in (True, False):
            snapshot = BreachSnapshot(
                reference=SNAPSHOT.reference,
                link=SNAPSHOT.link,
                clients=SNAPSHOT.clients[:1],
                own_data=not clients_only,
                outcome=outcome,
            )
            yield dpo_decision_waiting(snapshot, now=NOW, language=language)
    yield breach_card(BreachSnapshot(reference="BR-1", link="http://h"), now=NOW, language=language)
    yield outcome_and_deadlines(SNAPSHOT, now=NOW, language=language)
    for deadline in SNAPSHOT.deadlines:
        yield reminder(SNAPSHOT, deadline, now=NOW, language=language)
        note = words(language).say("note.sent_late")
        yield escalation(SNAPSHOT, deadline, now=later, language=language).with_note(note)
    for count in (0, 1, 3):
        yield documents_approved(SNAPSHOT, documents_count=count, now=NOW, language=language)
    for completeness in COMPLETENESS_CODES:
        yield filed(
            SNAPSHOT,
            completeness=completeness,
            filed_at=NOW,
            recorded_at=NOW + timedelta(minutes=53),
            authority_reference="DBN-2026-123",
            language=language,
        )
    yield closed(SNAPSHOT, closed_at=later, language=language)
    for problems in ([words(language).say("watchdog.problem.serve", url="http://x/health")],):
        alarm = outage_alarm(problems, now=NOW, link="http://x/health", language=language)
        yield SlackContent(alarm.text, alarm.blocks)
    over = outage_over(since=NOW, now=later, language=language)
    yield SlackContent(over.text, over.blocks)


def read(content: SlackContent) -> str:
    """Everything a person sees: the fallback text and every text in the blocks."""
    seen = [content.text]

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                seen.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list | tuple):
            for value in node:
                walk(value)

    walk(content.blocks)
    return " ".join(" ".join(seen).split())


def english_phrases() -> set[str]:
    """Phrases of two words or more of the English catalog, but for those the national
    catalogs repeat too (names: "CCB ... (NIS2)", "breachflow serve")."""
    with po_path("en", "slack").open("rb") as handle:
        english = read_po(handle)
    phrases: set[str] = set()
    for message in english:
        if message.id and message.context != "format.instant":
            for part in re.split(r"\{[^}]*\}|[()\[\]:;,.]", str(message.string)):
                if len(part.split()) >= 2:
                    phrases.add(" ".join(part.split()))
    national = []
    for language in NATIONAL:
        with po_path(language, "slack").open("rb") as handle:
            national.append(" ".join(str(m.string) for m in read_po(handle) if m.id).lower())
    return {p for p in phrases if sum(p.lower() in text for text in national) < 2}


@pytest.mark.parametrize("language", NATIONAL)
def test_no_english_phrase_in_a_national_language(language: str) -> None:
    """A phrase of the English catalog in a Dutch, French or German message is a translation
    left out; the whole words "the", "and", "due", "left" are English nowhere else."""
    phrases = english_phrases()
    assert len(phrases) > 50  # the check reads the catalog, not an empty set
    found = []
    for content in every_message(language):
        text = read(content)
        found += [phrase for phrase in phrases if phrase in text]
        found += re.findall(r"\b(?:the|and|left|overdue|Filed|Closed)\b", text)
    assert sorted(set(found)) == []


@pytest.mark.parametrize(
    ("language", "deadline", "filed_line"),
    [
        (
            "nl",
            "ma 30 mrt 2026, 11:00 (Belgische tijd) (nog 72 u)",
            "Ingediend*\nDeel 1, vr 27 mrt",
        ),
        (
            "fr",
            "lun. 30 mars 2026, 11h00 (heure belge) (encore 72 h)",
            "Déposée*\nPartie 1, ven. 27",
        ),
        (
            "de",
            "Mo., 30. März 2026, 11:00 Uhr (belgische Zeit) (noch 72 Std.)",
            "Eingereicht*\nTeil 1, Fr., 27. März",
        ),
        ("en", "Mon 30 Mar 2026 11:00 CEST (72 h left)", "Filed*\nPart 1, Fri 27 Mar"),
    ],
)
def test_dates_counts_and_labels_read_in_the_language(
    language: str, deadline: str, filed_line: str
) -> None:
    """Brussels time across the DST change with weekday and month in the team's language,
    counts in its notation, labels of codes translated."""
    snapshot = BreachSnapshot(
        reference="BR-2026-0007",
        link=SNAPSHOT.link,
        own_data=True,
        outcome="high",
        deadlines=(Deadline("authority_notification", NOW + timedelta(hours=72)),),
        subjects_count=1250,
    )
    card = json.dumps(breach_card(snapshot, now=NOW, language=language).blocks, ensure_ascii=False)
    assert deadline in card
    assert words(language).number(1250) in card
    assert "BR-2026-0007" in card
    shown = filed(snapshot, completeness="part1", filed_at=NOW, language=language)
    assert filed_line in json.dumps(shown.blocks, ensure_ascii=False).replace("\\n", "\n")


def test_french_counts_zero_and_one_in_the_singular() -> None:
    """The plural comes from the language's rule, not English's: "0 document approuvé"."""
    text = documents_approved(SNAPSHOT, documents_count=0, now=NOW, language="fr").text
    assert "0 document approuvé," in text
    assert (
        "2 Dokumente freigegeben"
        in documents_approved(SNAPSHOT, documents_count=2, now=NOW, language="de").text
    )


def test_an_unknown_language_is_refused_by_name() -> None:
    """A language with no catalog fails loudly, naming the ones there are."""
    with pytest.raises(ValueError, match=r"'es'.*nl, fr, de, en"):
        words("es")


def test_the_audit_anchor_is_said_in_the_language_and_keeps_its_line() -> None:
    """The anchor's Slack message is in the team's language; the MAC'd line is kept as it is
    (`audit verify --anchor` reads it from the Slack file)."""
    from breachflow.services.anchoring import anchor_messages
    from models.audit import Anchor

    anchor = Anchor(1234, "ab" * 32, NOW, "filing")
    line = "breachflow-audit-anchor v1 seq=1234 hash=" + "ab" * 32
    texts = {
        language: anchor_messages(
            line, anchor, reference="BR-2026-0007", dpo_email="dpo@x.be", language=language
        )[0]
        for language in ("nl", "fr", "de", "en")
    }
    assert texts["nl"]["text"].startswith(
        "Anker van het auditspoor (indiening van BR-2026-0007): gebeurtenis nr. 1234"
    )
    assert texts["fr"]["text"].startswith("Ancre de la piste d'audit (dépôt de BR-2026-0007)")
    assert texts["de"]["text"].startswith("Anker des Prüfpfads (Einreichung von BR-2026-0007)")
    assert texts["en"]["text"].startswith("Audit trail anchor (filing of BR-2026-0007)")
    assert all(f"```{line}```" in json.dumps(t["blocks"]) for t in texts.values())

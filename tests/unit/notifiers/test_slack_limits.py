"""Every Slack message kind stays within Block Kit's limits with the longest inputs breachflow
can produce: hundreds of clients and systems with long names, every obligation kind for each,
counts at the largest the facts accept, text that escaping grows fivefold, a long public URL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from locales import LANGUAGES
from notifiers.slack_messages import (
    LIMITS,
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
from notifiers.slack_texts import COMPLETENESS_CODES, OBLIGATION_CODES, STATUS_CODES
from rules.facts import MAX_PEOPLE, MAX_RECIPIENTS
from rules.lifecycle import Alert

pytestmark = pytest.mark.unit

NOW = datetime(2026, 10, 24, 23, 30, tzinfo=UTC)  # the night before the autumn DST change
# `&` is what escaping grows most (`&amp;`); `<` and `>` next. A name of only these is the
# longest any text of a given length can become.
HOSTILE = "&<>" * 400
LONG_URL = "https://breachflow." + "a" * 1900 + ".example.be"
REFERENCE = "BR-2026-99999999"
CLIENTS = tuple(f"{HOSTILE} client {n}" for n in range(300))
DEADLINES = tuple(
    Deadline(kind, NOW + timedelta(hours=hours), party=client)
    for hours, (kind, client) in enumerate(
        (kind, client) for kind in OBLIGATION_CODES for client in CLIENTS
    )
)
LONGEST = BreachSnapshot(
    reference=REFERENCE,
    link=breach_link(LONG_URL, REFERENCE),
    clients=CLIENTS,
    own_data=True,
    outcome="high",
    deadlines=DEADLINES,
    subjects_count=MAX_PEOPLE,
    records_count=MAX_RECIPIENTS,
    systems=tuple(f"{HOSTILE} system {n}" for n in range(200)),
    run_link=LONG_URL + "/runs/flow-run/" + "f" * 36,
)
SHORTEST = BreachSnapshot(reference=REFERENCE, link=breach_link("http://h", REFERENCE))


def every_kind(
    snapshot: BreachSnapshot, language: str = "en"
) -> Iterator[tuple[str, SlackContent]]:
    """Each alert event's message (replies and top-message edits) in `language`, named by
    event."""
    deadline = max(DEADLINES, key=lambda d: len(d.label(language)))
    lang = {"language": language}
    builders: dict[Alert, Callable[[], list[SlackContent]]] = {
        Alert.REPORTED: lambda: [breach_card(snapshot, now=NOW, **lang)],
        Alert.ASSESSED: lambda: [outcome_and_deadlines(snapshot, now=NOW, **lang)],
        Alert.DECISION_WAITING: lambda: [dpo_decision_waiting(snapshot, now=NOW, **lang)],
        Alert.APPROVED: lambda: [
            documents_approved(snapshot, documents_count=MAX_PEOPLE, now=NOW, **lang)
        ],
        Alert.FILED: lambda: [
            filed(
                snapshot,
                completeness=completeness,
                filed_at=NOW - timedelta(days=3000),
                recorded_at=NOW,
                authority_reference="DBN-" + HOSTILE,
                **lang,
            )
            for completeness in COMPLETENESS_CODES
        ],
        Alert.CLOSED: lambda: [closed(snapshot, closed_at=NOW, **lang)],
        Alert.REMINDER: lambda: [
            reminder(snapshot, deadline, now=NOW, **lang).with_note("sent late: " + HOSTILE)
        ],
        Alert.OVERDUE: lambda: [
            escalation(
                snapshot,
                deadline,
                now=NOW + timedelta(days=5000),
                mention_group_id="S" * 40,
                **lang,
            ).with_note("sent late: " + HOSTILE)
        ],
    }
    assert set(builders) == set(Alert), "every alert event has its message checked here"
    for event, build in builders.items():
        for content in build():
            yield event.value, content
    for status in STATUS_CODES:  # the top message as it is edited through the lifecycle
        yield f"card:{status}", breach_card(snapshot, now=NOW, status=status, **lang)


def problems(content: SlackContent) -> list[str]:
    """Every way the message breaks a Block Kit limit (empty: Slack accepts it)."""
    found: list[str] = []

    def over(what: str, size: int, limit: int) -> None:
        if size > limit:
            found.append(f"{what}: {size} > {limit}")

    over("blocks", len(content.blocks), LIMITS.blocks)
    over("fallback text", len(content.text), LIMITS.fallback_text)
    for number, block in enumerate(content.blocks):
        where = f"block {number} ({block['type']})"
        if block["type"] == "header":
            over(f"{where} text", len(block["text"]["text"]), LIMITS.header_text)
        elif block["type"] == "section":
            if "text" in block:
                over(f"{where} text", len(block["text"]["text"]), LIMITS.section_text)
            fields: list[dict[str, Any]] = block.get("fields", [])
            over(f"{where} fields", len(fields), LIMITS.section_fields)
            for field in fields:
                over(f"{where} field", len(field["text"]), LIMITS.field_text)
        elif block["type"] == "context":
            over(f"{where} elements", len(block["elements"]), LIMITS.context_elements)
            for element in block["elements"]:
                over(f"{where} element", len(element["text"]), LIMITS.section_text)
        elif block["type"] == "actions":
            over(f"{where} elements", len(block["elements"]), LIMITS.actions_elements)
            for button in block["elements"]:
                over(f"{where} button text", len(button["text"]["text"]), LIMITS.button_text)
                over(f"{where} button url", len(button["url"]), LIMITS.button_url)
                over(f"{where} action_id", len(button["action_id"]), LIMITS.action_id)
        else:
            found.append(f"{where}: a block type this check does not know")
    return found


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("snapshot", [LONGEST, SHORTEST], ids=["longest", "shortest"])
def test_every_message_kind_stays_within_block_kit_limits(
    snapshot: BreachSnapshot, language: str
) -> None:
    """Slack rejects a message beyond its limits (`invalid_blocks`, `msg_too_long`), and the
    team would miss it: no input the rules can produce may push a message over, in any of the
    security team's languages (German words run longest)."""
    for kind, content in every_kind(snapshot, language):
        assert problems(content) == [], kind
        header = content.blocks[0]
        assert header["type"] == "header"
        assert header["text"]["text"], kind


def test_the_longest_message_still_says_what_matters() -> None:
    """Cut to fit, the message keeps the reference, the first clients and a count of the rest."""
    card = breach_card(LONGEST, now=NOW)
    assert REFERENCE in card.blocks[0]["text"]["text"]
    whose = card.blocks[1]["fields"][0]["text"]
    assert whose.startswith("*Whose data*\n&amp;&lt;&gt;")
    assessed = outcome_and_deadlines(LONGEST, now=NOW)
    assert len(assessed.blocks[1]["fields"]) == LIMITS.section_fields
    assert REFERENCE in assessed.text


def test_the_check_catches_a_message_over_the_limits() -> None:
    """The limit check itself finds an oversized header, too many fields and a long URL."""
    oversized = SlackContent(
        text="x",
        blocks=(
            {"type": "header", "text": {"type": "plain_text", "text": "h" * 151}},
            {"type": "section", "fields": [{"type": "mrkdwn", "text": "f"}] * 11},
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": "b"},
                        "url": "u" * 3001,
                        "action_id": "a",
                    }
                ],
            },
        ),
    )
    assert len(problems(oversized)) == 3

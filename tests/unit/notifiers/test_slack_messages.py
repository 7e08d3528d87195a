"""Slack message builders: content, Brussels time, escaping, and what they must never say."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
    escape_mrkdwn,
    filed,
    format_deadline,
    outcome_and_deadlines,
    reminder,
    whose_data,
)

pytestmark = pytest.mark.unit

NOW = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)  # 10:00 CET, the day before the DST change
LINK = breach_link("https://breachflow.example.be/", "BR-2026-0007")
GBA = Deadline("authority_notification", NOW + timedelta(hours=72))
SNAPSHOT = BreachSnapshot(
    reference="BR-2026-0007",
    link=LINK,
    clients=("Bakkerij Janssens BV",),
    own_data=True,
    outcome="high",
    deadlines=(Deadline("authority_part2", NOW + timedelta(days=24)), GBA),
    subjects_count=1250,
    records_count=40000,
    systems=("Payroll 3000",),
    run_link="http://127.0.0.1:4200/runs/flow-run/abc",
)

PII_RECORD = {
    "reference": "BR-2026-0008",
    "link": breach_link("https://breachflow.example.be", "BR-2026-0008"),
    "clients": None,
    "outcome": "risk",
    "deadlines": [{"obligation": "authority_notification", "due_at": NOW + timedelta(hours=70)}],
    "subjects_count": 3,
    "systems": ["HR portal"],
    "reporter_name": "Marie Dubois",
    "reporter_email": "marie.dubois@example.be",
    "subject_names": ["Jan Peeters"],
    "national_number": "85.07.30-033.61",
    "description": "Laptop with salary slips of Jan Peeters stolen from car",
}
PII_VALUES = ("Marie", "Dubois", "marie.dubois@", "Peeters", "85.07.30", "Laptop", "salary")


def every_message(snapshot: BreachSnapshot) -> list[SlackContent]:
    deadline = snapshot.next_deadline or GBA
    return [
        breach_card(snapshot, now=NOW),
        breach_card(snapshot, now=NOW, status="filed"),
        outcome_and_deadlines(snapshot, now=NOW),
        reminder(snapshot, deadline, now=NOW),
        escalation(snapshot, deadline, now=NOW + timedelta(hours=80)),
        dpo_decision_waiting(snapshot, now=NOW),
        documents_approved(snapshot, documents_count=3, now=NOW),
        filed(snapshot, completeness="part1", filed_at=NOW, authority_reference="DBN-2026-123"),
        closed(snapshot, closed_at=NOW),
    ]


def rendered(content: SlackContent) -> str:
    return content.text + json.dumps(content.blocks, ensure_ascii=False)


def mrkdwn_texts(content: SlackContent) -> list[str]:
    """Every string Slack parses as mrkdwn: the fallback text and mrkdwn text objects."""
    found = [content.text]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn":
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list | tuple):
            for item in node:
                walk(item)

    walk(content.blocks)
    return found


@given(st.text())
def test_escape_mrkdwn_leaves_no_angle_brackets(text: str) -> None:
    """Whatever the input, the escaped text has no < or > left to open a link or mention."""
    escaped = escape_mrkdwn(text)
    assert "<" not in escaped
    assert ">" not in escaped


@given(st.text())
def test_escape_mrkdwn_is_reversible(text: str) -> None:
    """Escaping loses nothing: Slack shows the reporter's text exactly as typed."""
    escaped = escape_mrkdwn(text)
    assert escaped.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == text


def test_escape_mrkdwn_known_attacks() -> None:
    """The three special characters become entities; `&` first so entities are not doubled."""
    assert escape_mrkdwn("<!channel> & <https://evil|x>") == (
        "&lt;!channel&gt; &amp; &lt;https://evil|x&gt;"
    )


def test_every_message_links_to_the_breach_and_names_it() -> None:
    """Each breach message carries the reference, a fallback text and the breachflow link."""
    for content in every_message(SNAPSHOT):
        assert "BR-2026-0007" in content.text
        assert content.blocks[0]["type"] == "header"
        buttons = [b for b in content.blocks if b["type"] == "actions"]
        urls = [e["url"] for b in buttons for e in b["elements"]]
        assert LINK in urls


def test_new_breach_card_shows_outcome_deadline_counts_in_brussels_time() -> None:
    """The top message: whose data, outcome label, the earliest deadline in CEST with hours
    left."""
    text = rendered(breach_card(SNAPSHOT, now=NOW))
    assert "New breach BR-2026-0007" in text
    assert "Bakkerij Janssens BV and our own data" in text
    assert "High risk: notify the GBA and the people concerned" in text
    # 72 h after 10:00 CET on 27 March 2026 crosses the DST change: 11:00 CEST on 30 March.
    assert "Mon 30 Mar 2026 11:00 CEST (72 h left)" in text
    assert "Next deadline: Notification to the GBA" in text
    assert "1,250" in text  # English notation; `1.250` in Dutch
    assert "40,000" in text


def test_dpo_waiting_links_to_the_prefect_run() -> None:
    """The DPO's message has a button to the waiting Prefect run next to the breach link."""
    content = dpo_decision_waiting(SNAPSHOT, now=NOW)
    [actions] = [b for b in content.blocks if b["type"] == "actions"]
    assert [e["url"] for e in actions["elements"]] == [LINK, SNAPSHOT.run_link]
    assert "<http://127.0.0.1:4200/runs/flow-run/abc|Decide>" in content.text


def test_outcome_message_lists_every_deadline_in_order() -> None:
    """After assessment the thread gets each obligation's deadline, earliest first."""
    content = outcome_and_deadlines(SNAPSHOT, now=NOW)
    fields = [f["text"] for f in content.blocks[1]["fields"]]
    assert fields[2].startswith("*Notification to the GBA*")
    assert fields[3].startswith("*GBA notification, Part 2*")
    assert "Mon 20 Apr 2026 11:00 CEST (576 h left)" in fields[3]


def test_escalation_says_overdue_and_can_ping_the_dpo_group() -> None:
    """Past the deadline the message says by how much, and pings the configured group."""
    content = escalation(
        SNAPSHOT, GBA, now=GBA.due_at + timedelta(hours=5, minutes=10), mention_group_id="S0DPO"
    )
    assert content.text.startswith("<!subteam^S0DPO> OVERDUE BR-2026-0007")
    assert "overdue by 5 h" in content.text


def test_escalation_refuses_a_group_id_that_is_not_an_id() -> None:
    """A configured group id cannot smuggle in another mention."""
    with pytest.raises(ValueError, match="user group id"):
        escalation(SNAPSHOT, GBA, now=NOW, mention_group_id="x> <!channel")


def test_filed_and_closed_show_brussels_time() -> None:
    """Filing and closing instants are shown in Brussels time, with the GBA reference."""
    text = rendered(filed(SNAPSHOT, completeness="part1", filed_at=NOW, authority_reference="DBN1"))
    assert "Part 1, Fri 27 Mar 2026 10:00 CET" in text
    assert "DBN1" in text
    assert "Fri 27 Mar 2026 10:00 CET" in rendered(closed(SNAPSHOT, closed_at=NOW))


def test_format_deadline_minutes_and_overdue() -> None:
    """Under an hour the time left is in minutes; past the deadline it says overdue."""
    due = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert format_deadline(due, now=due - timedelta(minutes=35)).endswith("(35 min left)")
    assert format_deadline(due, now=due + timedelta(hours=2)).endswith("(overdue by 2 h)")
    assert format_deadline(due, now=due).startswith("Wed 01 Jul 2026 14:00 CEST")


def test_naive_datetimes_are_refused() -> None:
    """A naive instant is ambiguous across DST: refuse it rather than guess."""
    with pytest.raises(ValueError, match="timezone-aware"):
        Deadline("gba_part1", datetime(2026, 3, 30, 11, 0))  # noqa: DTZ001
    with pytest.raises(ValueError, match="timezone-aware"):
        format_deadline(GBA.due_at, now=datetime(2026, 3, 27, 9, 0))  # noqa: DTZ001


def test_reporter_text_cannot_mention_or_link() -> None:
    """A system name typed as `<!channel>` or a link shows as text in every mrkdwn string."""
    hostile = BreachSnapshot(
        reference="BR-2026-0009",
        link=breach_link("https://breachflow.example.be", "BR-2026-0009"),
        clients=("A & B <!here>",),
        systems=("<!channel>", "<https://evil.example/login|GBA portal>", "@channel"),
        deadlines=(GBA,),
    )
    for content in every_message(hostile):
        for text in mrkdwn_texts(content):
            assert "<!channel>" not in text
            assert "<!here>" not in text
            assert "<https://evil" not in text
    card = rendered(breach_card(hostile, now=NOW))
    assert "&lt;!channel&gt;" in card
    assert "&lt;https://evil.example/login|GBA portal&gt;" in card
    assert "A &amp; B &lt;!here&gt;" in card


def test_messages_never_carry_personal_data_from_the_record() -> None:
    """Built from a record holding reporter and subject details, no message repeats them."""
    snapshot = BreachSnapshot.from_mapping(PII_RECORD)
    for content in every_message(snapshot):
        text = rendered(content)
        assert "BR-2026-0008" in text
        for value in PII_VALUES:
            assert value not in text


def test_snapshot_has_no_field_for_personal_data() -> None:
    """The input type itself cannot hold a name, e-mail, national number or description."""
    with pytest.raises(TypeError):
        BreachSnapshot(reference="BR-1", link=LINK, reporter_name="Marie")  # type: ignore[call-arg]


def test_content_wraps_into_a_thread_reply_or_top_message_edit() -> None:
    """A built message becomes a ChannelMessage with its key and thread/update target."""
    reply = reminder(SNAPSHOT, GBA, now=NOW).message(
        key="slack:BR-2026-0007:reminder:gba_part1:24", reference="BR-2026-0007", thread_ts="1.2"
    )
    assert reply.thread_ts == "1.2"
    assert reply.update_ts is None
    assert reply.blocks[0]["type"] == "header"
    edit = breach_card(SNAPSHOT, now=NOW, status="closed").message(
        key="k", reference="BR-2026-0007", update_ts="1.2"
    )
    assert edit.update_ts == "1.2"
    assert "Closed: BR-2026-0007" in edit.text


def field_texts(content: SlackContent) -> list[str]:
    return [f["text"] for f in content.blocks[1]["fields"]]


@pytest.mark.parametrize(
    ("clients", "own_data", "shown"),
    [
        (("Bakkerij Peeters bv",), True, "Bakkerij Peeters bv and our own data"),
        (("Bakkerij Peeters bv", "Transports Dubois sa"), False, "Bakkerij Peeters bv, Transports"),
        ((), True, "our own data"),
        ((), False, "to be determined at review"),
        (tuple(f"Client {n}" for n in range(8)), True, "Client 4 and 3 more and our own data"),
    ],
)
def test_whose_data_names_each_client_and_our_own(
    clients: tuple[str, ...], own_data: bool, shown: str
) -> None:
    """A mixed breach names the client and our own data; a breach whose activities are not
    known yet says so instead of claiming it is ours."""
    snapshot = BreachSnapshot(
        reference="BR-2026-0001", link=LINK, clients=clients, own_data=own_data
    )
    assert shown in whose_data(snapshot)
    assert f"*Whose data*\n{whose_data(snapshot)}" in field_texts(breach_card(snapshot, now=NOW))


def test_a_breach_of_client_data_only_says_the_controller_notifies() -> None:
    """When none of our data is touched the GBA notification is the client's (Art. 33(1));
    the message must not tell the team to notify the GBA themselves."""
    snapshot = BreachSnapshot(
        reference="BR-2026-0002", link=LINK, clients=("Bakkerij Peeters bv",), outcome="risk"
    )
    assert "Risk: the controller notifies the GBA" in rendered(breach_card(snapshot, now=NOW))


def test_deadlines_that_read_the_same_show_once_and_name_the_client() -> None:
    """One client assisted by two of our entities is one line, with the client's name."""
    due = NOW + timedelta(hours=72)
    snapshot = BreachSnapshot(
        reference="BR-2026-0003",
        link=LINK,
        clients=("Bakkerij Peeters bv",),
        deadlines=(
            Deadline("assist_controller", due, "Bakkerij Peeters bv"),
            Deadline("assist_controller", due, "Bakkerij Peeters bv"),
            Deadline("processor_notice", due, "Transports Dubois sa"),
        ),
    )
    fields = field_texts(outcome_and_deadlines(snapshot, now=NOW))
    assist = [f for f in fields if "Assistance" in f]
    assert assist == [
        "*Assistance to the client (controller): Bakkerij Peeters bv*\n"
        "Mon 30 Mar 2026 11:00 CEST (72 h left)"
    ]
    assert any(
        f.startswith("*Notice to the client (controller): Transports Dubois sa*") for f in fields
    )


def test_filed_shows_the_time_the_dpo_gave_and_the_recording_time_when_later() -> None:
    """Filed at 10:05 and recorded at 10:58: both show, each for what it is."""
    filed_at = datetime(2026, 11, 30, 9, 5, tzinfo=UTC)
    recorded = filed_at + timedelta(minutes=53)
    content = filed(
        SNAPSHOT,
        completeness="complete",
        filed_at=filed_at,
        recorded_at=recorded,
        authority_reference="DBN-2026-000123",
    )
    fields = field_texts(content)
    assert "*Filed*\ncomplete notification, Mon 30 Nov 2026 10:05 CET" in fields
    assert "*Recorded in breachflow*\nMon 30 Nov 2026 10:58 CET" in fields
    assert "*GBA reference*\nDBN-2026-000123" in fields
    assert "filed Mon 30 Nov 2026 10:05 CET" in content.text
    same = filed(SNAPSHOT, completeness="complete", filed_at=filed_at, recorded_at=filed_at)
    assert not any("Recorded" in f for f in field_texts(same))


def test_documents_approved_counts_in_words() -> None:
    """ "1 document approved", "3 documents approved": never "document(s)"."""
    assert "1 document approved," in documents_approved(SNAPSHOT, documents_count=1, now=NOW).text
    three = documents_approved(SNAPSHOT, documents_count=3, now=NOW)
    assert "3 documents approved," in three.text
    assert "*Documents approved*\n3" in field_texts(three)


def test_every_text_of_the_table_is_used_and_every_label_is_there() -> None:
    """The table holds no dead text, and the builders hold no English of their own: every
    key (a code label by its family, a plural by its stem) appears in the builders, the
    alerts or the watchdog, and every obligation kind, outcome and status has a label."""
    from pathlib import Path

    from notifiers import slack_texts
    from rules.obligations import ObligationKind

    root = Path(slack_texts.__file__).resolve().parent.parent
    code = "".join(
        (root / name).read_text(encoding="utf-8")
        for name in (
            "notifiers/slack_messages.py",
            "notifiers/watchdog_messages.py",
            "breachflow/alerts.py",
            "breachflow/watchdog.py",
            "breachflow/services/anchoring.py",
        )
    )
    texts = (root / "notifiers" / "slack_texts.py").read_text(encoding="utf-8")
    code += texts.split("SLACK = ")[1]  # the lookups after the table (`Words`)
    families = ("outcome", "outcome_for_clients", "obligation", "status", "completeness")
    for key in slack_texts.MESSAGES:
        family = key.split(".")[0]
        if family in families:
            assert f'"{family}"' in code, key
        elif key.startswith("anchor.reason."):
            assert 'f"anchor.reason.{' in code, key
        elif key.endswith((".one", ".other")):
            assert f'"{key.rsplit(".", 1)[0]}"' in code, key
        else:
            assert f'"{key}"' in code, key
    assert set(slack_texts.OBLIGATION_CODES) == {k.value for k in ObligationKind}

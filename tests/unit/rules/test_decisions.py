"""What each decision must contain: every problem listed at once, each naming its field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from rules.codes import Risk
from rules.decisions import (
    Approval,
    Closing,
    DecisionRefused,
    Filing,
    Part2,
    Problem,
    Review,
    Withdrawal,
    filing_event,
    problems_of_approval,
    problems_of_closing,
    problems_of_delay,
    problems_of_filing,
    problems_of_part2,
    problems_of_review,
    problems_of_withdrawal,
    refuse_if,
)
from rules.lifecycle import Event

NOW = datetime(2026, 3, 28, 9, 0, tzinfo=UTC)
AWARE = NOW - timedelta(hours=20)


def fields(problems: list[Problem]) -> list[str]:
    return [p.field for p in problems]


def test_a_complete_review_has_no_problem_and_an_override_names_its_outcome() -> None:
    assert problems_of_review(Review("Dana DPO", AWARE), NOW) == []
    review = Review("Dana DPO", AWARE, outcome="override_to_high", override_reason="grudge")
    assert problems_of_review(review, NOW) == []
    assert review.override is Risk.HIGH
    assert Review("Dana DPO", AWARE).override is None


def test_a_review_lists_every_problem_at_once() -> None:
    """Who decides, an override's reason (DOMAIN.md §3), Part 1 or complete, a future or naive
    awareness, unknown measure codes and a measure both taken and planned."""
    review = Review(
        " ",
        NOW + timedelta(hours=1),
        outcome="override_to_unlikely",
        override_reason="",
        completeness="half",
        measures_taken=("contained", "prayer"),
        measures_planned=("contained",),
    )
    assert fields(problems_of_review(review, NOW)) == [
        "decided_by",
        "override_reason",
        "completeness",
        "aware_at",
        "measures_taken",
        "measures_planned",
    ]
    naive = Review("Dana DPO", AWARE.replace(tzinfo=None), outcome="maybe")
    problems = problems_of_review(naive, NOW)
    assert fields(problems) == ["outcome", "aware_at"]
    assert problems[1].message == "give a time zone"


def test_a_time_before_the_gdpr_needs_the_dpos_confirmation() -> None:
    """Art. 99(2): the GDPR applies from 25 May 2018. An earlier awareness, or an earlier
    recorded occurrence or detection, is refused until the DPO confirms it."""
    early = datetime(2017, 6, 1, 9, 0, tzinfo=UTC)
    review = Review("Dana DPO", early)
    problems = problems_of_review(review, NOW)
    assert fields(problems) == ["confirm_before_gdpr"]
    assert "aware_at" in problems[0].message
    recorded = {"occurred_from": early, "occurred_to": None, "detected_at": AWARE}
    problems = problems_of_review(Review("Dana DPO", AWARE), NOW, recorded=recorded)
    assert fields(problems) == ["confirm_before_gdpr"]
    assert "occurred_from" in problems[0].message
    confirmed = Review("Dana DPO", early, confirm_before_gdpr=True)
    assert problems_of_review(confirmed, NOW, recorded=recorded) == []
    assert confirmed.payload()["confirm_before_gdpr"] is True


def test_refusal_carries_every_problem_and_reads_field_first() -> None:
    with pytest.raises(DecisionRefused) as refused:
        refuse_if([Problem("a", "one"), Problem("b", "two")])
    assert str(refused.value) == "a: one; b: two"
    assert [p.field for p in refused.value.problems] == ["a", "b"]
    refuse_if([])  # nothing wrong: nothing raised


def test_sending_drafts_back_needs_remarks() -> None:
    assert problems_of_approval(Approval("Dana DPO")) == []
    assert fields(problems_of_approval(Approval("Dana DPO", "send_back"))) == ["remarks"]
    assert fields(problems_of_approval(Approval("Dana DPO", "shred"))) == ["action"]


def test_an_approval_names_the_round_it_read_and_an_outdated_one_is_refused() -> None:
    """New facts made round 3: an approval of round 2 says which round to read instead."""
    assert problems_of_approval(Approval("Dana DPO", version=3), current_round=3) == []
    (outdated,) = problems_of_approval(Approval("Dana DPO", version=2), current_round=3)
    assert outdated.field == "version"
    assert "round 2 are outdated" in outdated.message
    assert "decide on round 3" in outdated.message
    assert problems_of_approval(Approval("Dana DPO"), current_round=3) == []


def test_a_late_notification_needs_its_reasons_before_drafting() -> None:
    """Art. 33(1): once the GBA deadline has passed, the review states the reasons for the
    delay, which the draft prints."""
    (problem,) = problems_of_delay(None, NOW, AWARE, name="late_reason")
    assert problem.field == "late_reason"
    assert problems_of_delay("the laptop was reported late", NOW, AWARE, name="late_reason") == []
    assert problems_of_delay(None, AWARE, NOW, name="late_reason") == []


def _filing(**changes: object) -> list[str]:
    values: dict[str, object] = {
        "decided_by": "Dana DPO",
        "filed_at": NOW,
        "gba_reference": "DBN-2026-000123",
        "processor_notices_sent": True,
    }
    values.update(changes)
    problems = problems_of_filing(
        Filing(**values),  # type: ignore[arg-type]
        NOW,
        gba_drafted=True,
        processor_notices_drafted=True,
        deadlines=[NOW - timedelta(hours=1) if changes.get("late") else NOW + timedelta(days=1)],
    )
    return fields(problems)


def test_a_filing_needs_the_portal_reference_the_notices_and_reasons_when_late() -> None:
    """Art. 33(1): after the 72 hours the notification states the reasons for the delay."""
    assert _filing() == []
    assert _filing(gba_reference="12345") == ["gba_reference"]
    assert _filing(processor_notices_sent=False) == ["processor_notices_sent"]
    assert _filing(filed_at=NOW + timedelta(minutes=5)) == ["filed_at"]


def test_a_late_filing_needs_its_reasons() -> None:
    late = Filing("Dana DPO", NOW, "DBN-1", True)
    problems = problems_of_filing(
        late, NOW, gba_drafted=True, processor_notices_drafted=False, deadlines=[AWARE]
    )
    assert fields(problems) == ["late_reason"]
    explained = Filing("Dana DPO", NOW, "DBN-1", True, late_reason="forensics took 4 days")
    assert (
        problems_of_filing(
            explained, NOW, gba_drafted=True, processor_notices_drafted=False, deadlines=[AWARE]
        )
        == []
    )


def test_part2_closing_and_withdrawal_name_what_they_lack() -> None:
    assert fields(problems_of_part2(Part2("Dana DPO"), NOW, deadlines=[AWARE])) == ["late_reason"]
    assert problems_of_part2(Part2("Dana DPO"), NOW, deadlines=[NOW]) == []
    late = Part2("Dana DPO", late_reason="the forensic report came on day 22")
    assert problems_of_part2(late, NOW, deadlines=[AWARE]) == []
    assert fields(problems_of_closing(Closing("Dana DPO", " ", ""))) == [
        "root_cause",
        "lessons_learned",
    ]
    assert fields(problems_of_withdrawal(Withdrawal("", ""))) == ["decided_by", "reason"]


def test_only_part1_of_a_gba_notification_opens_part2() -> None:
    """Art. 33(4): Part 2 follows a Part 1 filed in the GBA portal; a follow-up or a round of
    notices only is complete."""
    assert filing_event("part1", follow_up=False, gba_filed=True) is Event.FILED_PART1
    assert filing_event("part1", follow_up=True, gba_filed=True) is Event.FILED_COMPLETE
    assert filing_event("part1", follow_up=False, gba_filed=False) is Event.FILED_COMPLETE
    assert filing_event("complete", follow_up=False, gba_filed=True) is Event.FILED_COMPLETE

"""What the review form shows the DPO about measures: the reporter's answer and the record."""

from __future__ import annotations

from sqlalchemy import Engine

from breachflow.settings import Settings
from flows.briefing import briefing
from tests.integration.flows.flow_support import file_report, now, review, rig

ANSWER = "Reset *all* passwords <script>alert(1)</script>\n\n# blocked [the sender](http://x)"


def test_review_briefing_quotes_the_reporters_measures_escaped(
    engine: Engine, settings: Settings
) -> None:
    """The intake's answer on what was already done is shown quoted, with markdown and HTML
    escaped."""
    breach = file_report(engine, settings, answers={"measures": ANSWER})
    description = briefing(engine, breach.id, now(), public_url=settings.public_url).description(
        "Review the assessment", None
    )
    assert "> Reset \\*all\\* passwords \\<script\\>alert\\(1\\)\\</script\\>" in description
    assert "> \\# blocked \\[the sender\\]\\(http://x\\)" in description
    assert "<script>" not in description
    assert "**Measures recorded:** taken: none recorded. Planned: none recorded." in description


def test_briefing_shows_the_recorded_measures_and_a_breach_without_intake_answers(
    engine: Engine, settings: Settings
) -> None:
    """After the review the summary lists the measures recorded in words; a breach reported
    outside the intake form says the reporter was not asked."""
    dispatcher, _ = rig(engine, settings)
    breach = file_report(engine, settings)
    dispatcher.run_until_idle()
    review(
        engine,
        settings,
        breach.id,
        measures_taken=["recipient_deletion"],
        measures_planned=["staff_training"],
    )
    brief = briefing(engine, breach.id, now(), public_url=settings.public_url)
    assert (
        "**Measures recorded:** taken: The recipients were asked to delete the data and to "
        "confirm it. Planned: Staff training in information security." in brief.summary
    )
    assert "not asked (not reported through the intake form)" in brief.summary

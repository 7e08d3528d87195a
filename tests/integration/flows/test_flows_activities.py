"""A client's report that names no activity: assessed on all of the client's activities as the
worst case, saying so, until the DPO names the affected ones at review."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import Engine

from breachflow import services
from breachflow.settings import Settings
from flows.briefing import briefing, md_escape
from flows.decisions import activity_ids
from flows.forms import ReviewInput
from models.assessments import latest_assessment
from models.breaches import get_breach
from models.db import read_scope, session_scope
from models.obligations import list_obligations
from models.processing_register import get_client_by_code, sync_processing_register
from rules.decisions import DecisionRefused
from tests.integration.flows.flow_support import demo_report, file_report, now, review, rig

WORST_CASE = (
    "affected processing activities not named by the reporter: every activity we carry out for "
    "Bakkerij Peeters bv taken as affected (Payroll and social declarations for Bakkerij "
    "Peeters, Social-legal advice and disputes for Bakkerij Peeters) until the DPO names the "
    "affected ones at review"
)


def client_reporter(engine: Engine, settings: Settings, code: str) -> services.Reporter:
    """The reporter a client token files as (the register synced first, as the service does)."""
    with session_scope(engine) as session:
        sync_processing_register(
            session=session,
            register=services.processing_register_of(settings),
            source="test",
            now=now(),
        )
        client = get_client_by_code(session=session, code=code)
        assert client is not None
        return services.Reporter(
            actor="token:test", client_id=client.id, client_code=code, client_name=client.name
        )


def unnamed_report(engine: Engine, settings: Settings) -> uuid.UUID:
    """Bakkerij Peeters reports the sample breach without picking an activity; assessed."""
    dispatcher, _ = rig(engine, settings)
    case = demo_report(activities=None)
    case.pop("activities")
    breach = file_report(
        engine, settings, case, reporter=client_reporter(engine, settings, "bakkerij-peeters")
    )
    dispatcher.run_until_idle()
    return breach.id


def open_assistance(engine: Engine, breach_id: uuid.UUID) -> list[str]:
    with read_scope(engine) as session:
        return sorted(
            o.activity_id
            for o in list_obligations(session=session, breach_id=breach_id)
            if o.kind == "assist_controller" and o.state == "open"
        )


def test_no_activity_named_is_assessed_on_all_the_clients_as_the_worst_case(
    engine: Engine, settings: Settings
) -> None:
    """Nothing is tied to the breach, but every activity we carry out for the client is
    assessed, and the assessment says so, so the DPO knows to name them."""
    breach_id = unnamed_report(engine, settings)
    with read_scope(engine) as session:
        breach = get_breach(session=session, breach_id=breach_id)
        assessment = latest_assessment(session=session, breach_id=breach_id)
    assert breach.affected_activity_ids == []
    assert assessment is not None
    assert assessment.outcome["assumptions"][0] == WORST_CASE
    assert assessment.outcome["assumption_codes"][0]["code"] == "assumed.activities.of_client"
    assert {row["activity"] for row in assessment.outcome["scopes"]} == {
        "payroll-bakkerij-peeters",
        "hr-advice-bakkerij-peeters",
    }
    assert assessment.outcome["parties"] == {"clients": ["Bakkerij Peeters bv"], "own_data": False}
    assert open_assistance(engine, breach_id) == [
        "hr-advice-bakkerij-peeters",
        "payroll-bakkerij-peeters",
    ]


def test_the_dpo_names_the_activities_at_review_and_the_worst_case_lapses(
    engine: Engine, settings: Settings
) -> None:
    """Named at review: the breach is tied to them, the assumption is gone, and the duty
    planned only for the activity no longer affected is cancelled."""
    breach_id = unnamed_report(engine, settings)
    review(engine, settings, breach_id, activities=("payroll-bakkerij-peeters",))
    with read_scope(engine) as session:
        breach = get_breach(session=session, breach_id=breach_id)
        assessment = latest_assessment(session=session, breach_id=breach_id)
        cancelled = [
            (o.activity_id, o.late_reason)
            for o in list_obligations(session=session, breach_id=breach_id)
            if o.state == "cancelled"
        ]
    assert breach.affected_activity_ids == ["payroll-bakkerij-peeters"]
    assert assessment is not None
    assert WORST_CASE not in assessment.outcome["assumptions"]
    assert open_assistance(engine, breach_id) == ["payroll-bakkerij-peeters"]
    assert (
        "hr-advice-bakkerij-peeters",
        "no longer required: none of its activities is affected (hr-advice-bakkerij-peeters)",
    ) in cancelled


def test_an_activity_not_in_the_register_is_refused_by_name(
    engine: Engine, settings: Settings
) -> None:
    """A typo in the review's activities is refused, naming the field; nothing is recorded."""
    breach_id = unnamed_report(engine, settings)
    with pytest.raises(DecisionRefused) as refused:
        review(engine, settings, breach_id, activities=("payroll-bakkerij-peters",))
    [problem] = refused.value.problems
    assert problem.field == "activities"
    assert "payroll-bakkerij-peters not in the register" in problem.message
    with read_scope(engine) as session:
        assert get_breach(session=session, breach_id=breach_id).state == "awaiting_review"


def test_the_review_briefing_lists_the_activities_to_choose_from(
    engine: Engine, settings: Settings
) -> None:
    """The DPO sees that none was named and which ones were assessed as the worst case, ids
    escaped for markdown, and the form has the field to name them in."""
    breach_id = unnamed_report(engine, settings)
    summary = briefing(engine, breach_id, now(), public_url=settings.public_url).summary
    assert "**Activities:** none named by the reporter; assessed as all of the client's" in summary
    assert "payroll\\-bakkerij\\-peeters" in summary  # shown as payroll-bakkerij-peeters
    assert "hr\\-advice\\-bakkerij\\-peeters" in summary
    assert md_escape(WORST_CASE) in summary
    field = ReviewInput.model_json_schema()["properties"]["activities"]
    assert field["title"] == "Affected activities"
    assert field["default"] == ""


def test_the_form_s_activities_are_read_as_ids_separated_by_commas_or_spaces() -> None:
    """ "a, b c" names three activities; an empty field names none (the recorded ones stay)."""
    assert activity_ids("payroll-bakkerij-peeters, hr-advice-bakkerij-peeters  x") == (
        "payroll-bakkerij-peeters",
        "hr-advice-bakkerij-peeters",
        "x",
    )
    assert activity_ids("  ") == ()


def test_naming_the_activities_leaves_each_duty_open_once(
    engine: Engine, settings: Settings
) -> None:
    """The scope check planned for the worst case (both activities) is replaced by the one for
    the activity named, not kept beside it: no duty is open twice for the same party."""
    breach_id = unnamed_report(engine, settings)
    review(engine, settings, breach_id, activities=("payroll-bakkerij-peeters",))
    with read_scope(engine) as session:
        obligations = list_obligations(session=session, breach_id=breach_id)
    open_duties = [(o.kind, o.party, o.activity_id) for o in obligations if o.state == "open"]
    kinds_parties = [(kind, party) for kind, party, _ in open_duties]
    assert len(kinds_parties) == len(set(kinds_parties)), open_duties
    assert ("scope_check", "secretariat", "payroll-bakkerij-peeters") in open_duties
    replaced = next(
        o
        for o in obligations
        if o.kind == "scope_check" and o.activity_id.count(",") == 1 and o.state == "cancelled"
    )
    assert replaced.late_reason is not None
    assert "replaced by the same duty" in replaced.late_reason

"""Role resolution and obligations on the sample register (DOMAIN.md §1)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from rules.assessment import assess
from rules.codes import Confidentiality, DataCode
from rules.obligations import ObligationKind, part2_obligation, plan_obligations
from rules.processing_register import (
    ProcessingRegister,
    load_processing_register,
    parse_processing_register,
)
from rules.roles import DutyKind, UnknownActivityError, resolve_duties

from .factories import AWARE_AT, NOW, data, harmless, people

SAMPLE = Path(__file__).resolve().parents[3] / "examples" / "group-s.yaml"

PAYSLIPS = harmless(
    confidentiality=Confidentiality.KNOWN_RECIPIENTS,
    recipients_count=1,
    data=data(DataCode.BASIC_IDENTITY, DataCode.NATIONAL_ID_NUMBER, DataCode.FINANCIAL),
    subjects=people(40),
)


@pytest.fixture(scope="module")
def register() -> ProcessingRegister:
    return load_processing_register(SAMPLE)


def kinds(plans: list) -> list[tuple[str, str]]:
    return sorted((p.kind.value, p.party) for p in plans)


def test_processor_breach_for_two_clients_gives_two_notices_and_no_gba_duty(
    register: ProcessingRegister,
) -> None:
    duties = resolve_duties(register, ["payroll-bakkerij-peeters", "payroll-transports-dubois"])
    plans = plan_obligations(duties, assess(PAYSLIPS, now=NOW), register)
    assert kinds(plans) == [
        ("processor_notice", "bakkerij-peeters"),
        ("processor_notice", "transports-dubois"),
    ]
    windows = {p.party: p.due_at for p in plans}
    # Each client's own contract window: 24 h for Peeters, 48 h for Dubois.
    assert windows["bakkerij-peeters"] == datetime.fromisoformat("2026-03-28T10:00:00+01:00")
    assert windows["transports-dubois"] == datetime.fromisoformat("2026-03-29T11:00:00+02:00")


def test_mixed_breach_gives_controller_and_processor_duties(register: ProcessingRegister) -> None:
    """The demo incident: client A's payslips plus our own staff's leave records."""
    duties = resolve_duties(register, ["payroll-bakkerij-peeters", "staff-administration"])
    assert {d.kind for d in duties} == {DutyKind.CONTROLLER, DutyKind.PROCESSOR_NOTICE}
    plans = plan_obligations(duties, assess(PAYSLIPS, now=NOW), register)
    assert ("authority_notification", "gba") in kinds(plans)
    assert ("processor_notice", "bakkerij-peeters") in kinds(plans)
    assert ("register_entry", "secretariat") in kinds(plans)
    gba = next(p for p in plans if p.kind is ObligationKind.AUTHORITY_NOTIFICATION)
    assert gba.entity == "secretariat"
    assert gba.activities == ("staff-administration",)


def test_client_report_on_its_payroll_gives_assist_duty_with_the_clients_clock(
    register: ProcessingRegister,
) -> None:
    client_aware = datetime.fromisoformat("2026-03-27T08:00:00+01:00")
    duties = resolve_duties(
        register, ["payroll-bakkerij-peeters"], reported_by_client="bakkerij-peeters"
    )
    plans = plan_obligations(
        duties, assess(PAYSLIPS, now=NOW), register, client_aware_at=client_aware
    )
    assert kinds(plans) == [
        ("assist_controller", "bakkerij-peeters"),
        ("scope_check", "secretariat"),
    ]
    assist = next(p for p in plans if p.kind is ObligationKind.ASSIST_CONTROLLER)
    assert assist.due_at == datetime.fromisoformat("2026-03-30T09:00:00+02:00")
    assert "processor_notice" not in {p.kind.value for p in plans}


def test_client_report_touching_another_client_notifies_that_one(
    register: ProcessingRegister,
) -> None:
    duties = resolve_duties(
        register,
        ["payroll-bakkerij-peeters", "payroll-mueller-bau"],
        reported_by_client="bakkerij-peeters",
    )
    assert {(d.kind, d.client) for d in duties} == {
        (DutyKind.ASSIST_CONTROLLER, "bakkerij-peeters"),
        (DutyKind.SCOPE_CHECK, "bakkerij-peeters"),
        (DutyKind.PROCESSOR_NOTICE, "mueller-bau"),
    }


def test_two_activities_of_one_client_give_one_notice(register: ProcessingRegister) -> None:
    duties = resolve_duties(register, ["payroll-bakkerij-peeters", "hr-advice-bakkerij-peeters"])
    notices = [d for d in duties if d.kind is DutyKind.PROCESSOR_NOTICE]
    assert {d.activities for d in notices} == {
        ("payroll-bakkerij-peeters",),
        ("hr-advice-bakkerij-peeters",),
    }
    # Two of our entities are involved, each notifies the client for its own activity.
    assert {d.entity for d in notices} == {"secretariat", "management"}


def test_joint_controller_follows_the_arrangement(register: ProcessingRegister) -> None:
    duties = resolve_duties(register, ["pension-portal-brightdesk"])
    assert [(d.kind, d.client, d.window_hours) for d in duties] == [
        (DutyKind.JOINT_PARTNER_NOTICE, "brightdesk", 24.0)
    ]


def test_controller_breach_without_risk_is_documented_only(register: ProcessingRegister) -> None:
    duties = resolve_duties(register, ["recruitment"])
    plans = plan_obligations(duties, assess(harmless(), now=NOW), register)
    assert kinds(plans) == [("register_entry", "secretariat")]


def test_high_risk_controller_breach_plans_letters(register: ProcessingRegister) -> None:
    facts = PAYSLIPS.with_changes(recipients_count=20)
    plans = plan_obligations(
        resolve_duties(register, ["self-employed-insurance"]), assess(facts, now=NOW), register
    )
    assert ("subject_communication", "data_subjects") in kinds(plans)
    assert all(p.entity == "insurance-fund" for p in plans)


def test_unknown_activity_is_named(register: ProcessingRegister) -> None:
    with pytest.raises(UnknownActivityError, match="payroll-nobody"):
        resolve_duties(register, ["payroll-nobody"])


def test_terms_are_snapshotted_with_the_plan(register: ProcessingRegister) -> None:
    duties = resolve_duties(register, ["payroll-mueller-bau"])
    (notice,) = plan_obligations(duties, assess(PAYSLIPS, now=NOW), register)
    assert notice.terms["window_hours"] == 24.0
    assert notice.terms["aware_at"] == AWARE_AT.isoformat()
    assert "Art. 33(2)" in notice.terms["basis"]


def test_nis2_clocks_only_for_a_nis2_entity_or_a_stated_significant_incident(
    register: ProcessingRegister,
) -> None:
    duties = resolve_duties(register, ["staff-administration"])
    unknown_nis2 = PAYSLIPS.with_changes(nis2_significant=None)
    plans = plan_obligations(duties, assess(unknown_nis2, now=NOW), register)
    assert not [p for p in plans if p.party == "ccb"]
    stated = PAYSLIPS.with_changes(nis2_significant=True)
    plans = plan_obligations(duties, assess(stated, now=NOW), register)
    assert len([p for p in plans if p.party == "ccb"]) == 3


def test_part2_obligation_runs_21_days_from_part1() -> None:
    plan = part2_obligation(
        "secretariat",
        ("staff-administration",),
        datetime.fromisoformat("2026-03-20T09:00:00+01:00"),
    )
    assert plan.key == "authority_part2:gba"
    assert plan.due_at == datetime.fromisoformat("2026-04-10T09:00:00+02:00")


# 72 hours after this the GBA deadline falls on the second Wednesday of April, 18:00 CEST,
# inside the portal's maintenance window; so do the CCB's 72-hour notification and a
# processor notice with a 72-hour window.
INTO_MAINTENANCE = datetime.fromisoformat("2026-04-05T18:00:00+02:00")


def test_only_deadlines_filed_in_the_gba_portal_carry_its_maintenance_warning(
    register: ProcessingRegister,
) -> None:
    facts = PAYSLIPS.with_changes(aware_at=INTO_MAINTENANCE, nis2_significant=True)
    duties = resolve_duties(register, ["staff-administration"])
    plans = {p.kind: p for p in plan_obligations(duties, assess(facts, now=NOW), register)}
    gba = plans[ObligationKind.AUTHORITY_NOTIFICATION]
    ccb = plans[ObligationKind.CCB_INCIDENT_NOTIFICATION]
    assert gba.due_at == ccb.due_at
    assert [w.code for w in gba.warning_codes] == ["warning.gba_portal_maintenance"]
    assert gba.warnings
    assert "GBA portal" in gba.warnings[0]
    assert ccb.warning_codes == ()
    assessed = {d.name: d for d in assess(facts, now=NOW).deadlines}
    assert assessed["supervisory_authority"].warning_codes
    assert assessed["ccb_incident_notification"].warning_codes == ()


def test_a_processor_notice_in_the_maintenance_window_is_not_warned(
    register: ProcessingRegister,
) -> None:
    """The client controller is told by e-mail, not through the GBA portal."""
    duties = resolve_duties(register, ["payroll-transports-dubois"])
    later = datetime.fromisoformat("2026-04-06T18:00:00+02:00")  # + the client's 48 hours
    (notice,) = plan_obligations(
        duties, assess(PAYSLIPS.with_changes(aware_at=later), now=NOW), register
    )
    assert notice.due_at == datetime.fromisoformat("2026-04-08T18:00:00+02:00")
    assert notice.warning_codes == ()


def test_part2_in_the_maintenance_window_is_warned() -> None:
    plan = part2_obligation(
        "secretariat",
        ("staff-administration",),
        datetime.fromisoformat("2026-03-18T18:00:00+01:00"),
    )
    assert plan.due_at == datetime.fromisoformat("2026-04-08T18:00:00+02:00")
    assert plan.warnings


def test_a_zero_hour_contract_window_makes_the_notice_due_at_awareness() -> None:
    text = SAMPLE.read_text("utf-8").replace("notice_window_hours: 12", "notice_window_hours: 0")
    register = parse_processing_register(text)
    duties = resolve_duties(register, ["payroll-brightdesk"])
    (notice,) = plan_obligations(duties, assess(PAYSLIPS, now=NOW), register)
    assert notice.due_at == AWARE_AT
    assert notice.terms["window_hours"] == 0.0

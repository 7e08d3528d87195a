"""Obligations: the duties of a breach, made concrete with a party, a deadline and a basis.

Each plan carries the terms it was made under, so the store can snapshot them and a later
change of rules never rewrites an obligation already created.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from rules import deadlines as clock
from rules.assessment import Assessment
from rules.processing_register import ProcessingRegister
from rules.reasons import DeadlineWarning
from rules.roles import Duty, DutyKind

# breachflow policy: decide within 24 hours whether other clients' or our own data are touched,
# so any further processor notice can still meet a 24-hour contract window.
SCOPE_CHECK_HOURS = 24


class ObligationKind(StrEnum):
    REGISTER_ENTRY = "register_entry"
    AUTHORITY_NOTIFICATION = "authority_notification"
    AUTHORITY_PART2 = "authority_part2"
    SUBJECT_COMMUNICATION = "subject_communication"
    PUBLIC_COMMUNICATION = "public_communication"
    PROCESSOR_NOTICE = "processor_notice"
    ASSIST_CONTROLLER = "assist_controller"
    SCOPE_CHECK = "scope_check"
    JOINT_PARTNER_NOTICE = "joint_partner_notice"
    CCB_EARLY_WARNING = "ccb_early_warning"
    CCB_INCIDENT_NOTIFICATION = "ccb_incident_notification"
    CCB_FINAL_REPORT = "ccb_final_report"


# Owed to a client controller (its `party` is the client's register id): a processor's notice
# (Art. 33(2)), assistance to a controller that reported to us (Art. 28(3)(f)), a notice to the
# joint controller that notifies under the arrangement (Art. 26).
OWED_TO_CLIENT = frozenset(
    {
        ObligationKind.PROCESSOR_NOTICE.value,
        ObligationKind.ASSIST_CONTROLLER.value,
        ObligationKind.JOINT_PARTNER_NOTICE.value,
    }
)

# Filed in the GBA's portal (Part 1, Part 2 and follow-ups of Art. 33(1), 33(4)): only these
# deadlines carry the portal's maintenance warning (GBA procedure). The CCB, client controllers
# and the people are not reached through that portal.
FILED_IN_GBA_PORTAL = frozenset(
    {ObligationKind.AUTHORITY_NOTIFICATION, ObligationKind.AUTHORITY_PART2}
)


def _portal_warnings(kind: ObligationKind, due_at: datetime | None) -> tuple[DeadlineWarning, ...]:
    return clock.maintenance_warnings(due_at) if kind in FILED_IN_GBA_PORTAL else ()


@dataclass(frozen=True)
class PlannedObligation:
    """One thing someone must do, by when, and why."""

    kind: ObligationKind
    entity: str
    party: str
    activities: tuple[str, ...]
    due_at: datetime | None
    basis: str
    terms: dict[str, Any] = field(default_factory=dict)
    warning_codes: tuple[DeadlineWarning, ...] = ()

    @property
    def warnings(self) -> tuple[str, ...]:
        """The warnings in English (stored with the obligation's terms today)."""
        return tuple(w.text for w in self.warning_codes)

    @property
    def key(self) -> str:
        """Unique within a breach: re-planning never duplicates an obligation."""
        return f"{self.kind.value}:{self.party}"


def _plan(
    kind: ObligationKind, duty: Duty, party: str, due_at: datetime | None, basis: str, **terms: Any
) -> PlannedObligation:
    return PlannedObligation(
        kind=kind,
        entity=duty.entity,
        party=party,
        activities=duty.activities,
        due_at=due_at,
        basis=basis,
        terms={"basis": basis, **terms},
        warning_codes=_portal_warnings(kind, due_at),
    )


def _controller(duty: Duty, assessment: Assessment, nis2: bool) -> list[PlannedObligation]:
    aware_at = assessment.resolved.aware_at
    plans = [
        _plan(
            ObligationKind.REGISTER_ENTRY,
            duty,
            duty.entity,
            None,
            "Art. 33(5) GDPR: document every breach",
            risk=assessment.risk.value,
        )
    ]
    if assessment.notify_supervisory_authority:
        plans.append(
            _plan(
                ObligationKind.AUTHORITY_NOTIFICATION,
                duty,
                "gba",
                clock.authority_deadline(aware_at),
                "Art. 33(1) GDPR: notify the GBA within 72 hours of awareness",
                hours=clock.AUTHORITY_HOURS,
                aware_at=aware_at.isoformat(),
            )
        )
    if assessment.public_communication:
        plans.append(
            _plan(
                ObligationKind.PUBLIC_COMMUNICATION,
                duty,
                "public",
                None,
                "Art. 34(3)(c) GDPR: public communication without undue delay",
            )
        )
    elif assessment.notify_data_subjects:
        plans.append(
            _plan(
                ObligationKind.SUBJECT_COMMUNICATION,
                duty,
                "data_subjects",
                None,
                "Art. 34(1) GDPR: tell the people concerned without undue delay",
            )
        )
    if nis2:
        ccb = clock.nis2_deadlines(aware_at)
        for kind, due in (
            (ObligationKind.CCB_EARLY_WARNING, ccb.early_warning),
            (ObligationKind.CCB_INCIDENT_NOTIFICATION, ccb.incident_notification),
            (ObligationKind.CCB_FINAL_REPORT, ccb.final_report),
        ):
            plans.append(
                _plan(
                    kind, duty, "ccb", due, "Belgian NIS2 law of 26 April 2024: report to the CCB"
                )
            )
    return plans


def plan_obligations(
    duties: Sequence[Duty],
    assessment: Assessment,
    register: ProcessingRegister,
    *,
    client_aware_at: datetime | None = None,
) -> list[PlannedObligation]:
    """Obligations for every duty; `client_aware_at` starts a reporting client's own clock."""
    aware_at = assessment.resolved.aware_at
    nis2 = assessment.resolved.nis2_significant and (
        register.nis2_entity or assessment.facts.nis2_significant is True
    )
    plans: list[PlannedObligation] = []
    for duty in duties:
        if duty.kind is DutyKind.CONTROLLER:
            plans.extend(_controller(duty, assessment, nis2))
        elif duty.kind in (DutyKind.PROCESSOR_NOTICE, DutyKind.JOINT_PARTNER_NOTICE):
            assert duty.client is not None
            kind = ObligationKind(duty.kind.value)
            plans.append(
                _plan(
                    kind,
                    duty,
                    duty.client,
                    clock.processor_notice_deadline(aware_at, duty.window_hours),
                    duty.basis,
                    window_hours=duty.window_hours,
                    aware_at=aware_at.isoformat(),
                )
            )
        elif duty.kind is DutyKind.ASSIST_CONTROLLER:
            assert duty.client is not None
            start = client_aware_at or aware_at
            plans.append(
                _plan(
                    ObligationKind.ASSIST_CONTROLLER,
                    duty,
                    duty.client,
                    clock.authority_deadline(start),
                    duty.basis + "; the client's own 72-hour deadline (Art. 33(1)) is shown",
                    client_aware_at=start.isoformat(),
                )
            )
        else:
            plans.append(
                _plan(
                    ObligationKind.SCOPE_CHECK,
                    duty,
                    duty.entity,
                    clock.after_hours(aware_at, SCOPE_CHECK_HOURS),
                    duty.basis + f"; within {SCOPE_CHECK_HOURS} hours (breachflow policy)",
                )
            )
    return plans


def part2_obligation(
    entity: str, activities: tuple[str, ...], part1_filed_at: datetime
) -> PlannedObligation:
    """GBA portal, Art. 33(4): Part 2 within 21 calendar days after Part 1 was filed."""
    due = clock.part2_deadline(part1_filed_at)
    basis = "Art. 33(4) GDPR, GBA procedure: Part 2 within 21 calendar days after Part 1"
    return PlannedObligation(
        kind=ObligationKind.AUTHORITY_PART2,
        entity=entity,
        party="gba",
        activities=activities,
        due_at=due,
        basis=basis,
        terms={
            "basis": basis,
            "days": clock.PART2_DAYS,
            "part1_filed_at": part1_filed_at.isoformat(),
        },
        warning_codes=_portal_warnings(ObligationKind.AUTHORITY_PART2, due),
    )


def supersedes(planned: Iterable[str], held: Iterable[str], *, narrowing: bool) -> bool:
    """Whether a planned obligation replaces an open one of the same kind and party that was
    planned for other activities (obligations are kept per activity list).

    The affected activities change (named by the DPO, added by new facts or a linked report): a
    duty planned for the old list and one for the new would both stand, one duty twice. The new
    one replaces the old when they share an activity and it covers all of the old one's
    (nothing dropped), or, `narrowing` (the DPO decides what is affected), whenever they share
    one. Disjoint lists are separate duties (assistance per activity); the old one lapses only
    when none of its activities is affected any more.
    """
    new, old = frozenset(planned), frozenset(held)
    if not new or not old or new == old or not new & old:
        return False
    return narrowing or new >= old

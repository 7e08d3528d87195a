"""What each of the DPO's decisions must contain, checked before anything is recorded.

Pure: a decision is a frozen dataclass as the form entered it; `problems_of_*` lists every
problem at once, each naming its field, so a form can show them all beside their fields.
Checks that need the stored breach (a GBA reference when a GBA draft exists, reasons for a late
filing) take what they need as parameters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from rules.codes import Risk
from rules.lifecycle import Event
from rules.measures import MEASURE_CODES, unknown_codes
from rules.plausibility import times_before_gdpr

REVIEW_OUTCOMES = ("accept", "override_to_unlikely", "override_to_risk", "override_to_high")
COMPLETENESS_CHOICES = ("complete", "part1")
APPROVAL_ACTIONS = ("approve", "send_back")
# The GBA portal's case references start with DBN (DOMAIN.md §2, the GBA's procedure).
GBA_REFERENCE_PREFIX = "DBN"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a decision's input."""

    field: str
    message: str


class DecisionRefused(ValueError):
    """The decision's input is invalid; every problem names its field. Nothing was recorded."""

    def __init__(self, problems: Sequence[Problem] | str, message: str | None = None) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems, message or "")]
        self.problems = tuple(problems)
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in self.problems))


def refuse_if(problems: Sequence[Problem]) -> None:
    """Raise `DecisionRefused` with every problem, if there is any."""
    if problems:
        raise DecisionRefused(problems)


def _decider(decided_by: str) -> list[Problem]:
    return [] if decided_by.strip() else [Problem("decided_by", "say who decides")]


def _aware(value: datetime) -> bool:
    return value.tzinfo is not None and value.utcoffset() is not None


def _instant(name: str, value: datetime, now: datetime) -> list[Problem]:
    if not _aware(value):
        return [Problem(name, "give a time zone")]
    if value > now:
        return [Problem(name, "lies in the future")]
    return []


def problems_of_measures(taken: Sequence[str], planned: Sequence[str]) -> list[Problem]:
    """Codes outside the catalogue, and a measure both taken and planned."""
    problems = [
        Problem(
            name,
            f"unknown measure code(s) {', '.join(bad)}; the codes are " + ", ".join(MEASURE_CODES),
        )
        for name, codes in (("measures_taken", taken), ("measures_planned", planned))
        if (bad := unknown_codes(codes))
    ]
    if both := [code for code in planned if code in taken]:
        problems.append(Problem("measures_planned", f"{', '.join(both)} also listed as taken"))
    return problems


@dataclass(frozen=True)
class Review:
    """The DPO's review: awareness confirmed, the outcome accepted or overridden with a reason
    (DOMAIN.md §3), a complete notification or Part 1 (Art. 33(4)), corrected facts, measures,
    the description the processor notices give (fit for every client that receives one, never
    the reporter's own text) and the reasons for a delay (Art. 33(1)), which the drafts print.
    `confirm_before_gdpr`: the DPO confirms times that lie before 25 May 2018."""

    decided_by: str
    aware_at: datetime
    outcome: str = "accept"
    completeness: str = "complete"
    aware_gap_reason: str | None = None
    override_reason: str | None = None
    facts_update: Mapping[str, Any] = field(default_factory=dict)
    measures_taken: tuple[str, ...] = ()
    measures_planned: tuple[str, ...] = ()
    # The affected processing activities (register ids), when the DPO names them; empty keeps
    # those recorded (a report that named none is assessed on the client's, the worst case).
    activities: tuple[str, ...] = ()
    client_description: str | None = None
    late_reason: str | None = None
    confirm_before_gdpr: bool = False

    @property
    def override(self) -> Risk | None:
        """The outcome the DPO sets, or None when the assessed outcome is accepted."""
        if self.outcome == "accept":
            return None
        return Risk(self.outcome.removeprefix("override_to_"))

    def payload(self) -> dict[str, Any]:
        """The decision as stored."""
        return {
            "aware_at": self.aware_at.isoformat(),
            "aware_gap_reason": self.aware_gap_reason,
            "outcome": self.outcome,
            "override_reason": self.override_reason,
            "completeness": self.completeness,
            "facts_update": dict(self.facts_update),
            "measures_taken": list(self.measures_taken),
            "measures_planned": list(self.measures_planned),
            "activities": list(self.activities),
            "client_description": (self.client_description or "").strip() or None,
            "late_reason": (self.late_reason or "").strip() or None,
            "confirm_before_gdpr": self.confirm_before_gdpr,
        }


# A description for the documents is prose, not a report: long enough to read, short enough
# for the GBA portal's description field.
DESCRIPTION_MAX = 4000


def problems_of_review(
    review: Review, now: datetime, *, recorded: Mapping[str, datetime | None] | None = None
) -> list[Problem]:
    """`recorded`: the breach's other times as stored (occurred_from, occurred_to,
    detected_at), which a time before the GDPR applied among them the DPO must confirm."""
    problems = _decider(review.decided_by)
    if review.outcome not in REVIEW_OUTCOMES:
        problems.append(Problem("outcome", f"one of {', '.join(REVIEW_OUTCOMES)}"))
    elif review.override is not None and not (review.override_reason or "").strip():
        # The DPO may override any outcome with a written reason that is kept (DOMAIN.md §3).
        problems.append(Problem("override_reason", "an override needs a written reason"))
    if review.completeness not in COMPLETENESS_CHOICES:
        problems.append(Problem("completeness", f"one of {', '.join(COMPLETENESS_CHOICES)}"))
    problems += _instant("aware_at", review.aware_at, now)
    early = (
        times_before_gdpr({**(recorded or {}), "aware_at": review.aware_at})
        if _aware(review.aware_at)
        else []
    )
    if early and not review.confirm_before_gdpr:
        # Art. 99(2) GDPR: it applies from 25 May 2018; an earlier time is most often a typo.
        problems.append(
            Problem(
                "confirm_before_gdpr",
                f"{', '.join(early)} lie(s) before 25 May 2018, when the GDPR began to apply: "
                "correct the time, or confirm it",
            )
        )
    problems += problems_of_measures(review.measures_taken, review.measures_planned)
    if len(review.client_description or "") > DESCRIPTION_MAX:
        problems.append(Problem("client_description", f"at most {DESCRIPTION_MAX} characters"))
    return problems


def problems_of_delay(
    late_reason: str | None, now: datetime, deadline: datetime | None, *, name: str
) -> list[Problem]:
    """Art. 33(1): a notification after its deadline states the reasons for the delay; the
    drafts print them, so they are asked for before drafting (`name`: the form's field)."""
    if deadline is not None and now > deadline and not (late_reason or "").strip():
        return [Problem(name, "the GBA deadline has passed: state the reasons for the delay")]
    return []


@dataclass(frozen=True)
class Approval:
    """The drafts of one drafting round approved, or sent back with what to change.

    `version` is the round the DPO read (the forms ask for it); None approves the drafts as
    they stand (an in-process caller that reads and approves at once)."""

    decided_by: str
    action: str = "approve"
    remarks: str | None = None
    version: int | None = None

    def payload(self) -> dict[str, Any]:
        return {"action": self.action, "remarks": self.remarks, "version": self.version}


def problems_of_approval(approval: Approval, current_round: int | None = None) -> list[Problem]:
    """`current_round`: the drafting round now waiting; an approval of another is refused."""
    problems = _decider(approval.decided_by)
    if approval.action not in APPROVAL_ACTIONS:
        problems.append(Problem("action", f"one of {', '.join(APPROVAL_ACTIONS)}"))
    elif approval.action == "send_back" and not (approval.remarks or "").strip():
        problems.append(Problem("remarks", "say what to change when sending the drafts back"))
    if (
        approval.version is not None
        and current_round is not None
        and approval.version != current_round
    ):
        problems.append(
            Problem(
                "version",
                f"the drafts of round {approval.version} are outdated: new facts made round "
                f"{current_round}; read its drafts (listed above) and decide on round "
                f"{current_round}",
            )
        )
    return problems


@dataclass(frozen=True)
class Filing:
    """The notification filed in the GBA portal (its DBN reference) and the notices sent."""

    decided_by: str
    filed_at: datetime
    gba_reference: str | None = None
    processor_notices_sent: bool = False
    late_reason: str | None = None

    def payload(self) -> dict[str, Any]:
        return {
            "gba_reference": (self.gba_reference or "").strip() or None,
            "filed_at": self.filed_at.isoformat(),
            "processor_notices_sent": self.processor_notices_sent,
            "late_reason": self.late_reason,
        }


def filing_event(completeness: str, follow_up: bool, gba_filed: bool) -> Event:
    """What a filing does: Part 1 of a GBA notification opens Part 2 (Art. 33(4)); anything
    else (a complete notification, a follow-up, notices only) completes the round."""
    if completeness == "part1" and gba_filed and not follow_up:
        return Event.FILED_PART1
    return Event.FILED_COMPLETE


def is_late(filed_at: datetime, deadlines: Iterable[datetime | None]) -> bool:
    """Filed after any of the deadlines it answers."""
    return any(due is not None and filed_at > due for due in deadlines)


def problems_of_filing(
    filing: Filing,
    now: datetime,
    *,
    gba_drafted: bool,
    processor_notices_drafted: bool,
    deadlines: Iterable[datetime | None],
) -> list[Problem]:
    """`deadlines`: those of the open obligations this filing answers."""
    problems = _decider(filing.decided_by) + _instant("filed_at", filing.filed_at, now)
    reference = (filing.gba_reference or "").strip()
    if gba_drafted and not reference.upper().startswith(GBA_REFERENCE_PREFIX):
        problems.append(Problem("gba_reference", "the GBA portal's case reference (DBN...)"))
    if processor_notices_drafted and not filing.processor_notices_sent:
        problems.append(Problem("processor_notices_sent", "send the notices to the clients first"))
    late = _aware(filing.filed_at) and is_late(filing.filed_at, deadlines)
    if late and not (filing.late_reason or "").strip():
        # Art. 33(1): a notification after 72 hours states the reasons for the delay.
        problems.append(Problem("late_reason", "filed after the deadline: state the reasons"))
    return problems


@dataclass(frozen=True)
class Part2:
    """Part 2 prepared (Art. 33(4)): the measures brought up to date and, when late, the reasons;
    the complete notification is then drafted with what changed since Part 1, approved and filed
    like Part 1."""

    decided_by: str
    late_reason: str | None = None
    measures_taken: tuple[str, ...] = ()
    measures_planned: tuple[str, ...] = ()

    def payload(self) -> dict[str, Any]:
        return {
            "late_reason": self.late_reason,
            "measures_taken": list(self.measures_taken),
            "measures_planned": list(self.measures_planned),
        }


def problems_of_part2(
    part2: Part2, now: datetime, *, deadlines: Iterable[datetime | None]
) -> list[Problem]:
    problems = _decider(part2.decided_by)
    problems += problems_of_measures(part2.measures_taken, part2.measures_planned)
    if is_late(now, deadlines) and not (part2.late_reason or "").strip():
        problems.append(Problem("late_reason", "Part 2 is late: state the reasons"))
    return problems


@dataclass(frozen=True)
class Closing:
    """The case closed with its root cause and lessons learned (the register entry's end)."""

    decided_by: str
    root_cause: str
    lessons_learned: str

    def payload(self) -> dict[str, Any]:
        return {"root_cause": self.root_cause, "lessons_learned": self.lessons_learned}


def problems_of_closing(closing: Closing) -> list[Problem]:
    problems = _decider(closing.decided_by)
    for name in ("root_cause", "lessons_learned"):
        if not str(getattr(closing, name)).strip():
            problems.append(Problem(name, "needed to close the case"))
    return problems


@dataclass(frozen=True)
class Withdrawal:
    """A filed notification withdrawn (e.g. it proved not to be a personal-data breach)."""

    decided_by: str
    reason: str
    gba_reference: str | None = None

    def payload(self) -> dict[str, Any]:
        return {"reason": self.reason, "gba_reference": self.gba_reference}


def problems_of_withdrawal(withdrawal: Withdrawal) -> list[Problem]:
    problems = _decider(withdrawal.decided_by)
    if not withdrawal.reason.strip():
        problems.append(Problem("reason", "say why the notification is withdrawn"))
    return problems

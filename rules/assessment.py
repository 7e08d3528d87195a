"""The assessment: severity, the decision table, exemptions, deadlines, in one pure call.

Its `to_contract()` is the `breachflow assess --json` contract of `examples/cases/README.md`.
`overridden` applies the DPO's outcome (DOMAIN.md §3: the DPO can override any outcome with a
written reason that is kept) and the duties that outcome brings. Reasons, assumptions and
warnings are codes (`rules.reasons`); their English words are for readers of the contract.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from rules import deadlines as clock
from rules.codes import Exemption, Risk, highest
from rules.facts import BreachFacts
from rules.reasons import (
    DPO,
    ENISA,
    POLICY,
    Assumption,
    DeadlineWarning,
    Reason,
    ReasonCode,
    gdpr,
)
from rules.reasons import AssumptionCode as A
from rules.resolved import Resolved
from rules.risk import Finding
from rules.severity import BAND_SUGGESTS, DpcAdjustment, Severity, highest_scoring, severity
from rules.space import Space, breach_space
from rules.worst_case import worst_case


@dataclass(frozen=True)
class Deadline:
    """A named deadline with its legal basis and any warning about it."""

    name: str
    due_at: datetime
    basis: str
    warning_codes: tuple[DeadlineWarning, ...] = ()

    @property
    def warnings(self) -> tuple[str, ...]:
        """The warnings in English."""
        return tuple(w.text for w in self.warning_codes)

    def to_dict(self, now: datetime) -> dict[str, Any]:
        return {
            "name": self.name,
            "due_at": clock.to_brussels(self.due_at).isoformat(),
            "hours_left": round(clock.hours_left(self.due_at, now), 2),
            "basis": self.basis,
            "warnings": list(self.warnings),
            "warning_codes": [w.to_code() for w in self.warning_codes],
        }


@dataclass(frozen=True)
class Assessment:
    """What the law requires for one set of facts, with why (`reasons`) and on what
    assumptions (`assumption_codes`; `assumptions` gives them in English)."""

    facts: BreachFacts
    resolved: Resolved
    severity: Severity
    findings: tuple[Finding, ...]
    risk: Risk
    notify_supervisory_authority: bool
    notify_data_subjects: bool
    public_communication: bool
    exemptions: tuple[Exemption, ...]
    assumption_codes: tuple[Assumption, ...]
    reasons: tuple[Reason, ...]
    deadlines: tuple[Deadline, ...]
    assessed_at: datetime
    # The rules' own outcome when the DPO overrode it (`overridden`); None: the rules decide.
    overridden_from: Risk | None = None
    # Art. 34(3)(a): readable, the data would have made the confidentiality outcome high.
    encryption_spares: bool = False

    @property
    def assumptions(self) -> tuple[str, ...]:
        """The assumptions in English (the DPO briefing and the documents read these)."""
        return tuple(a.text for a in self.assumption_codes)

    @property
    def supervisory_authority_deadline(self) -> datetime | None:
        return next((d.due_at for d in self.deadlines if d.name == "supervisory_authority"), None)

    def to_contract(self) -> dict[str, Any]:
        deadline = self.supervisory_authority_deadline
        return {
            "risk": self.risk.value,
            "document": True,  # Art. 33(5): every breach is documented
            "notify_supervisory_authority": self.notify_supervisory_authority,
            "notify_data_subjects": self.notify_data_subjects,
            "public_communication": self.public_communication,
            "exemptions": [e.value for e in self.exemptions],
            "supervisory_authority_deadline": (
                clock.to_brussels(deadline).isoformat() if deadline else None
            ),
            "aware_at": clock.to_brussels(self.resolved.aware_at).isoformat(),
            "late": bool(deadline and clock.is_late(deadline, self.assessed_at)),
            "severity": self.severity.to_dict(),
            "dimensions": {f.dimension: f.risk.value for f in self.findings},
            "assumptions": list(self.assumptions),
            "reasons": [r.to_dict() for r in self.reasons],
            "assumption_codes": [a.to_code() for a in self.assumption_codes],
            "reason_codes": [r.to_code() for r in self.reasons],
            "deadlines": [d.to_dict(self.assessed_at) for d in self.deadlines],
        }


@dataclass(frozen=True)
class _Duties:
    """What an outcome requires, given the facts that bear on the Art. 34(3) exemptions."""

    notify_supervisory_authority: bool
    notify_data_subjects: bool
    public_communication: bool
    exemptions: tuple[Exemption, ...]
    exemption_reasons: tuple[Reason, ...]


def _duties(resolved: Resolved, risk: Risk, *, encryption_spares: bool) -> _Duties:
    exemptions: list[Exemption] = []
    reasons: list[Reason] = []
    high = risk is Risk.HIGH
    # Art. 34(3)(a) is listed only where it is what spares the people a letter: the outcome is
    # not high, and readable data would have made it so. A high outcome from another dimension
    # (a critical loss of availability) still needs the letters.
    if encryption_spares and not high:
        exemptions.append(Exemption.ART34_3_A)
        reasons.append(Reason.of(ReasonCode.EXEMPT_UNINTELLIGIBLE, gdpr("34(3)(a)")))
    if high and resolved.measures_neutralise_high_risk:
        # Art. 34(3)(b): later measures; the risk stays high, the letters are not required.
        exemptions.append(Exemption.ART34_3_B)
        reasons.append(Reason.of(ReasonCode.EXEMPT_MEASURES, gdpr("34(3)(b)")))
    elif high and not resolved.subjects_contactable:
        # Art. 34(3)(c): disproportionate effort, a public communication instead.
        exemptions.append(Exemption.ART34_3_C)
        reasons.append(Reason.of(ReasonCode.EXEMPT_PUBLIC, gdpr("34(3)(c)")))
    # Art. 33(1): notify the GBA unless unlikely to result in a risk.
    notify_sa = risk is not Risk.UNLIKELY
    # Art. 34(1): tell the people when the risk is high, unless Art. 34(3)(b) applies.
    notify_ds = high and Exemption.ART34_3_B not in exemptions
    public = notify_ds and Exemption.ART34_3_C in exemptions
    return _Duties(notify_sa, notify_ds, public, tuple(exemptions), tuple(reasons))


def _outcome_reasons(risk: Risk, duties: _Duties) -> list[Reason]:
    if risk is Risk.UNLIKELY:
        return [Reason.of(ReasonCode.OUTCOME_UNLIKELY, gdpr("33(1), 33(5)"))]
    reasons = [
        Reason.of(ReasonCode.OUTCOME_NOTIFY_AUTHORITY, gdpr("33(1)"), hours=clock.AUTHORITY_HOURS)
    ]
    # Never "tell the people" beside an exemption that says they need not be told.
    if duties.notify_data_subjects:
        reasons.append(Reason.of(ReasonCode.OUTCOME_TELL_PEOPLE, gdpr("34(1)")))
    return reasons


def _band_note(sev: Severity, risk: Risk) -> list[Reason]:
    """ENISA is a scale, not the legal test: where its band disagrees, the table decides."""
    suggested = BAND_SUGGESTS[sev.band]
    if suggested is risk:
        return []
    return [
        Reason.of(
            ReasonCode.ENISA_DISAGREES,
            ENISA,
            POLICY,
            band=sev.band.value,
            score=sev.score,
            suggested=suggested.value,
            risk=risk.value,
        )
    ]


def _deadlines(resolved: Resolved, notify: bool) -> list[Deadline]:
    planned: list[Deadline] = []
    if notify:
        due = clock.authority_deadline(resolved.aware_at)
        # Filed in the GBA portal: its maintenance window matters (GBA procedure).
        planned.append(
            Deadline(
                "supervisory_authority",
                due,
                "Art. 33(1) GDPR: 72 hours from awareness",
                clock.maintenance_warnings(due),
            )
        )
    if resolved.nis2_significant:
        nis2 = clock.nis2_deadlines(resolved.aware_at)
        planned.extend(
            [
                Deadline(
                    "ccb_early_warning",
                    nis2.early_warning,
                    "Belgian NIS2 law: early warning to the CCB within 24 hours",
                ),
                Deadline(
                    "ccb_incident_notification",
                    nis2.incident_notification,
                    "Belgian NIS2 law: incident notification to the CCB within 72 hours",
                ),
                Deadline(
                    "ccb_final_report",
                    nis2.final_report,
                    "Belgian NIS2 law: final report one month after the notification "
                    "(provisional: from the notification deadline)",
                ),
            ]
        )
    return planned


def _deciding(dims: Sequence[Finding], risk: Risk) -> list[Reason]:
    return [r for f in dims if f.risk is risk for r in f.reasons]


def assess_space(
    space: Space,
    facts: BreachFacts,
    *,
    now: datetime,
    dpc_adjustments: Sequence[DpcAdjustment] = (),
) -> Assessment:
    """Decide what the law requires for every completion of `space` (the worst one), recorded
    against `facts`. `assess` is this for a whole breach; scopes use it for their share."""
    case = worst_case(space, now=now)
    scored, scored_open = highest_scoring(case.resolved, space)
    sev = severity(scored, dpc_adjustments)
    dims = case.findings
    risk = highest([f.risk for f in dims])
    duties = _duties(case.resolved, risk, encryption_spares=case.encryption_spares)
    reasons = [
        *_outcome_reasons(risk, duties),
        *_deciding(dims, risk),
        *duties.exemption_reasons,
        *_band_note(sev, risk),
    ]
    assumed = list(case.assumptions)
    if scored_open:
        assumed.append(
            Assumption.of(A.SEVERITY_WORST, ENISA, POLICY, dpc=sev.dpc, ei=sev.ei, cb=sev.cb)
        )
    return Assessment(
        facts=facts,
        resolved=case.resolved,
        severity=sev,
        findings=dims,
        risk=risk,
        notify_supervisory_authority=duties.notify_supervisory_authority,
        notify_data_subjects=duties.notify_data_subjects,
        public_communication=duties.public_communication,
        exemptions=duties.exemptions,
        assumption_codes=tuple(assumed),
        reasons=tuple(dict.fromkeys(reasons)),
        deadlines=tuple(_deadlines(case.resolved, duties.notify_supervisory_authority)),
        assessed_at=now,
        encryption_spares=case.encryption_spares,
    )


def assess(
    facts: BreachFacts,
    *,
    now: datetime,
    dpc_adjustments: Sequence[DpcAdjustment] = (),
) -> Assessment:
    """Decide what the law requires for these facts, as of `now`: the breach-wide worst, over
    the breach's facts and every scope's."""
    return assess_space(breach_space(facts), facts, now=now, dpc_adjustments=dpc_adjustments)


# The article each outcome rests on (not the EDPB's table: the DPO decides under the GDPR).
_OUTCOME_ARTICLE = {Risk.UNLIKELY: "33(1), 33(5)", Risk.RISK: "33(1)", Risk.HIGH: "34(1)"}


def _override_reason(risk: Risk, rules_risk: Risk, reason: str) -> Reason:
    """The DPO's decision, on the article the outcome rests on."""
    return Reason.of(
        ReasonCode.DPO_OVERRIDE,
        gdpr(_OUTCOME_ARTICLE[risk]),
        DPO,
        risk=risk.value,
        rules_risk=rules_risk.value,
        reason=reason.strip(),
    )


def overridden(assessment: Assessment, risk: Risk, *, reason: str) -> Assessment:
    """The assessment with the DPO's outcome `risk` and the duties it brings.

    The exemptions of Art. 34(3) are recomputed for the new outcome, then the notifications
    (Art. 33(1), 34(1)), the public communication (Art. 34(3)(c)) and the deadlines follow as
    in `assess`. Severity, findings and assumptions stay the rules' own; the reasons open with
    the DPO's decision and keep why the rules decided as they did. Applied to an assessment
    already overridden, the rules' outcome it records is kept.
    """
    if not reason.strip():
        raise ValueError("an override needs a written reason")  # DOMAIN.md §3
    rules_risk = assessment.overridden_from or assessment.risk
    resolved = assessment.resolved
    duties = _duties(resolved, risk, encryption_spares=assessment.encryption_spares)
    reasons = [
        _override_reason(risk, rules_risk, reason),
        *_outcome_reasons(risk, duties),
        *_deciding(assessment.findings, rules_risk),
        *duties.exemption_reasons,
        *_band_note(assessment.severity, rules_risk),
    ]
    return replace(
        assessment,
        risk=risk,
        notify_supervisory_authority=duties.notify_supervisory_authority,
        notify_data_subjects=duties.notify_data_subjects,
        public_communication=duties.public_communication,
        exemptions=duties.exemptions,
        reasons=tuple(dict.fromkeys(reasons)),
        deadlines=tuple(_deadlines(resolved, duties.notify_supervisory_authority)),
        overridden_from=rules_risk,
    )

"""The assessment: severity, the decision table, exemptions, deadlines, in one pure call.

Its `to_contract()` is exactly the `breachflow assess --json` contract of
`../shared/cases/README.md`. `overridden` applies the DPO's outcome (DOMAIN.md §3: the DPO can
override any outcome with a written reason that is kept) and the duties that outcome brings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from rules import deadlines as clock
from rules.codes import Confidentiality, Exemption, Risk, Unintelligible, highest
from rules.facts import BreachFacts
from rules.risk import Finding, Reason, findings
from rules.severity import BAND_SUGGESTS, DpcAdjustment, Severity, severity
from rules.worst_case import Resolved, resolve


@dataclass(frozen=True)
class Deadline:
    """A named deadline with its legal basis and any warning about it."""

    name: str
    due_at: datetime
    basis: str
    warnings: tuple[str, ...] = ()

    def to_dict(self, now: datetime) -> dict[str, Any]:
        return {
            "name": self.name,
            "due_at": clock.to_brussels(self.due_at).isoformat(),
            "hours_left": round(clock.hours_left(self.due_at, now), 2),
            "basis": self.basis,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class Assessment:
    facts: BreachFacts
    resolved: Resolved
    severity: Severity
    findings: tuple[Finding, ...]
    risk: Risk
    notify_supervisory_authority: bool
    notify_data_subjects: bool
    public_communication: bool
    exemptions: tuple[Exemption, ...]
    assumptions: tuple[str, ...]
    reasons: tuple[Reason, ...]
    deadlines: tuple[Deadline, ...]
    assessed_at: datetime
    # The rules' own outcome when the DPO overrode it (`overridden`); None: the rules decide.
    overridden_from: Risk | None = None

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
            "deadlines": [d.to_dict(self.assessed_at) for d in self.deadlines],
        }


def _exemptions(resolved: Resolved, risk: Risk) -> tuple[list[Exemption], list[Reason]]:
    exemptions: list[Exemption] = []
    reasons: list[Reason] = []
    encrypted = (
        resolved.unintelligible is Unintelligible.YES
        and resolved.confidentiality is not Confidentiality.NOT_AFFECTED
    )
    if encrypted:
        exemptions.append(Exemption.ART34_3_A)
        reasons.append(
            Reason("Art. 34(3)(a) GDPR", "the data were unintelligible to unauthorised persons")
        )
    if risk is not Risk.HIGH:
        return exemptions, reasons
    if resolved.measures_neutralise_high_risk:
        exemptions.append(Exemption.ART34_3_B)
        reasons.append(
            Reason(
                "Art. 34(3)(b) GDPR",
                "later measures ensure the high risk is no longer likely to "
                "materialise: the people need not be told",
            )
        )
    elif not resolved.subjects_contactable:
        exemptions.append(Exemption.ART34_3_C)
        reasons.append(
            Reason(
                "Art. 34(3)(c) GDPR",
                "telling each person would take disproportionate effort: a public "
                "communication instead",
            )
        )
    return exemptions, reasons


def _outcome_reasons(risk: Risk) -> list[Reason]:
    if risk is Risk.UNLIKELY:
        return [
            Reason(
                "Art. 33(1) and 33(5) GDPR",
                "unlikely to result in a risk: document in the breach register, no notification",
            )
        ]
    reasons = [Reason("Art. 33(1) GDPR", "notify the GBA within 72 hours of awareness")]
    if risk is Risk.HIGH:
        reasons.append(
            Reason("Art. 34(1) GDPR", "high risk: tell the people concerned without undue delay")
        )
    return reasons


def _band_note(sev: Severity, risk: Risk) -> list[Reason]:
    suggested = BAND_SUGGESTS[sev.band]
    if suggested is risk:
        return []
    return [
        Reason(
            "ENISA 2013; DOMAIN.md §3",
            f"the ENISA band ({sev.band.value}, score {sev.score:g}) suggests '{suggested.value}' "
            f"but the EDPB decision table gives '{risk.value}': the table decides; look twice",
        )
    ]


def _deadlines(resolved: Resolved, notify: bool) -> list[Deadline]:
    planned: list[Deadline] = []
    if notify:
        planned.append(
            Deadline(
                "supervisory_authority",
                clock.authority_deadline(resolved.aware_at),
                "Art. 33(1) GDPR: 72 hours from awareness",
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
    return [
        Deadline(d.name, d.due_at, d.basis, clock.maintenance_warnings(d.due_at)) for d in planned
    ]


@dataclass(frozen=True)
class _Duties:
    """What an outcome requires, given the facts that bear on the Art. 34(3) exemptions."""

    notify_supervisory_authority: bool
    notify_data_subjects: bool
    public_communication: bool
    exemptions: tuple[Exemption, ...]
    exemption_reasons: tuple[Reason, ...]


def _duties(resolved: Resolved, risk: Risk) -> _Duties:
    exemptions, exemption_reasons = _exemptions(resolved, risk)
    # Art. 33(1): notify the GBA unless unlikely to result in a risk.
    notify_sa = risk in (Risk.RISK, Risk.HIGH)
    # Art. 34(1): tell the people when the risk is high, unless Art. 34(3)(b) applies;
    # Art. 34(3)(a) is already in the decision table (unintelligible data: confidentiality
    # unlikely), so a high risk from another dimension still needs the letters.
    notify_ds = risk is Risk.HIGH and Exemption.ART34_3_B not in exemptions
    # Art. 34(3)(c): disproportionate effort, a public communication instead.
    public = notify_ds and Exemption.ART34_3_C in exemptions
    return _Duties(notify_sa, notify_ds, public, tuple(exemptions), tuple(exemption_reasons))


def _deciding(dims: Sequence[Finding], risk: Risk) -> list[Reason]:
    return [r for f in dims if f.risk is risk for r in f.reasons]


def assess(
    facts: BreachFacts,
    *,
    now: datetime,
    dpc_adjustments: Sequence[DpcAdjustment] = (),
) -> Assessment:
    """Decide what the law requires for these facts, as of `now`."""
    resolved, assumptions = resolve(facts, now=now)
    sev = severity(resolved, dpc_adjustments)
    dims = findings(resolved)
    risk = highest([f.risk for f in dims])
    duties = _duties(resolved, risk)
    reasons = [
        *_outcome_reasons(risk),
        *_deciding(dims, risk),
        *duties.exemption_reasons,
        *_band_note(sev, risk),
    ]
    return Assessment(
        facts=facts,
        resolved=resolved,
        severity=sev,
        findings=dims,
        risk=risk,
        notify_supervisory_authority=duties.notify_supervisory_authority,
        notify_data_subjects=duties.notify_data_subjects,
        public_communication=duties.public_communication,
        exemptions=duties.exemptions,
        assumptions=tuple(assumptions),
        reasons=tuple(dict.fromkeys(reasons)),
        deadlines=tuple(_deadlines(resolved, duties.notify_supervisory_authority)),
        assessed_at=now,
    )


def _override_reason(risk: Risk, rules_risk: Risk, reason: str) -> Reason:
    """The DPO's decision, on the article the outcome rests on (not the EDPB's table)."""
    article = {
        Risk.UNLIKELY: "Art. 33(1) and 33(5) GDPR",
        Risk.RISK: "Art. 33(1) GDPR",
        Risk.HIGH: "Art. 34(1) GDPR",
    }[risk]
    return Reason(
        f"{article}; DPO decision",
        f"the DPO set the outcome to '{risk.value}' (the rules gave '{rules_risk.value}'): "
        f"{reason.strip()}",
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
    duties = _duties(resolved, risk)
    reasons = [
        _override_reason(risk, rules_risk, reason),
        *_outcome_reasons(risk),
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

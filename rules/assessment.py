"""The assessment: severity, the decision table, exemptions, deadlines, in one pure call.

Its `to_contract()` is exactly the `breachflow assess --json` contract of
`../shared/cases/README.md`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
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
    exemptions, exemption_reasons = _exemptions(resolved, risk)
    notify_sa = risk in (Risk.RISK, Risk.HIGH)
    notify_ds = risk is Risk.HIGH and Exemption.ART34_3_B not in exemptions
    public = notify_ds and Exemption.ART34_3_C in exemptions
    deciding = [r for f in dims if f.risk is risk for r in f.reasons]
    reasons = [*_outcome_reasons(risk), *deciding, *exemption_reasons, *_band_note(sev, risk)]
    return Assessment(
        facts=facts,
        resolved=resolved,
        severity=sev,
        findings=dims,
        risk=risk,
        notify_supervisory_authority=notify_sa,
        notify_data_subjects=notify_ds,
        public_communication=public,
        exemptions=tuple(exemptions),
        assumptions=tuple(assumptions),
        reasons=tuple(dict.fromkeys(reasons)),
        deadlines=tuple(_deadlines(resolved, notify_sa)),
        assessed_at=now,
    )

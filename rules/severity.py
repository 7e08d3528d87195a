"""ENISA 2013 severity: SE = DPC x EI + CB (DOMAIN.md §3).

A scale reported to the DPO and in the GBA draft as the method behind the outcome; the legal
test is the EDPB decision table in `rules.risk`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from rules.codes import (
    Availability,
    Band,
    Confidentiality,
    DataCode,
    DataGroup,
    Identifiability,
    Integrity,
    Risk,
    data_group,
)
from rules.resolved import Resolved
from rules.space import Space

_DPC_BY_GROUP = {
    DataGroup.SIMPLE: 1,
    DataGroup.BEHAVIOURAL: 2,
    # Credentials, national ID numbers and official documents sit in this group by breachflow
    # policy (ENISA scores credentials as the data they open).
    DataGroup.FINANCIAL: 3,
    DataGroup.SENSITIVE: 4,
}

_EI = {
    Identifiability.NEGLIGIBLE: 0.25,
    Identifiability.LIMITED: 0.5,
    Identifiability.SIGNIFICANT: 0.75,
    Identifiability.MAXIMUM: 1.0,
}

_CB_CONFIDENTIALITY = {
    Confidentiality.NOT_AFFECTED: 0.0,
    Confidentiality.NO_EVIDENCE_OF_ACCESS: 0.0,
    Confidentiality.KNOWN_RECIPIENTS: 0.25,
    Confidentiality.UNKNOWN_RECIPIENTS: 0.5,
}

_CB_INTEGRITY = {
    Integrity.NOT_AFFECTED: 0.0,
    Integrity.ALTERED_RECOVERED: 0.0,
    Integrity.ALTERED_RECOVERABLE: 0.25,
    Integrity.ALTERED_UNRECOVERABLE: 0.5,
}

_CB_AVAILABILITY = {
    Availability.NOT_AFFECTED: 0.0,
    Availability.RECOVERED_WITHOUT_DIFFICULTY: 0.0,
    Availability.TEMPORARY: 0.25,
    Availability.PERMANENT: 0.5,
}

MALICIOUS_CB = 0.5

# The outcome an ENISA band would suggest; used only to flag a disagreement with the table.
BAND_SUGGESTS = {
    Band.LOW: Risk.UNLIKELY,
    Band.MEDIUM: Risk.RISK,
    Band.HIGH: Risk.HIGH,
    Band.VERY_HIGH: Risk.HIGH,
}


@dataclass(frozen=True)
class DpcAdjustment:
    """One whole step up (+1) or down (-1) of the DPC, with its reason."""

    step: int
    reason: str

    def __post_init__(self) -> None:
        if self.step not in (-1, 1):
            raise ValueError("a DPC adjustment is one whole step: +1 or -1")


@dataclass(frozen=True)
class Severity:
    dpc_base: int
    adjustments: tuple[DpcAdjustment, ...]
    dpc: int
    ei: float
    cb_confidentiality: float
    cb_integrity: float
    cb_availability: float
    cb_malicious: float
    score: float
    band: Band

    @property
    def cb(self) -> float:
        parts = (self.cb_confidentiality, self.cb_integrity, self.cb_availability)
        return sum(parts) + self.cb_malicious

    def to_dict(self) -> dict[str, Any]:
        return {
            "dpc": float(self.dpc),
            "ei": self.ei,
            "cb": self.cb,
            "score": self.score,
            "band": self.band.value,
            "dpc_base": float(self.dpc_base),
            "dpc_adjustments": [{"step": a.step, "reason": a.reason} for a in self.adjustments],
            "cb_components": {
                "confidentiality": self.cb_confidentiality,
                "integrity": self.cb_integrity,
                "availability": self.cb_availability,
                "malicious": self.cb_malicious,
            },
        }


def band_of(score: float) -> Band:
    """Half-open bands: low < 2 <= medium < 3 <= high < 4 <= very high."""
    if score < 2:
        return Band.LOW
    if score < 3:
        return Band.MEDIUM
    if score < 4:
        return Band.HIGH
    return Band.VERY_HIGH


def automatic_adjustments(facts: Resolved) -> list[DpcAdjustment]:
    """Adjustments the facts themselves justify (ENISA: characteristics of the subjects)."""
    if facts.vulnerable:
        return [DpcAdjustment(1, "vulnerable people concerned (ENISA: subject characteristics)")]
    return []


def dpc_base(data: frozenset[DataCode]) -> int:
    """ENISA DPC before adjustments: the highest data type wins; 1 when none is known."""
    return max((_DPC_BY_GROUP[data_group(d)] for d in data), default=1)


def highest_scoring(resolved: Resolved, space: Space) -> tuple[Resolved, bool]:
    """`resolved` with each fact the score reads at its highest-scoring value, and whether
    any was open. Each component of SE = DPC x EI + CB grows with the facts it reads and no
    fact feeds two components, so each fact at its highest gives the highest score over every
    completion (DOMAIN.md §3: the score with unknowns takes its worst value too)."""
    highest: dict[str, Callable[[Any], float]] = {
        "data": dpc_base,
        "vulnerable": bool,
        "identifiability": _EI.__getitem__,
        "confidentiality": _CB_CONFIDENTIALITY.__getitem__,
        "integrity": _CB_INTEGRITY.__getitem__,
        "availability": _CB_AVAILABILITY.__getitem__,
        "malicious": bool,
    }
    changes: dict[str, Any] = {}
    for name, score in highest.items():
        values = space.choice(name).values
        if len(values) > 1:
            changes[name] = max(values, key=score)
    return replace(resolved, **changes), bool(changes)


def severity(facts: Resolved, extra: Sequence[DpcAdjustment] = ()) -> Severity:
    """ENISA score with every component and DPC adjustment kept."""
    base = dpc_base(facts.data)
    kept: list[DpcAdjustment] = []
    dpc = base
    for adjustment in [*automatic_adjustments(facts), *extra]:
        moved = dpc + adjustment.step
        if 1 <= moved <= 4:  # whole steps within 1..4
            dpc = moved
            kept.append(adjustment)
    ei = _EI[facts.identifiability]
    cb_c = _CB_CONFIDENTIALITY[facts.confidentiality]
    cb_i = _CB_INTEGRITY[facts.integrity]
    cb_a = _CB_AVAILABILITY[facts.availability]
    cb_m = MALICIOUS_CB if facts.malicious else 0.0
    score = dpc * ei + cb_c + cb_i + cb_a + cb_m
    return Severity(
        dpc_base=base,
        adjustments=tuple(kept),
        dpc=dpc,
        ei=ei,
        cb_confidentiality=cb_c,
        cb_integrity=cb_i,
        cb_availability=cb_a,
        cb_malicious=cb_m,
        score=score,
        band=band_of(score),
    )

"""Unknown facts at their worst, by search (DOMAIN.md §3, EDPB 9/2022: act promptly).

For each dimension the search (`rules.search`) tries every value the unknown facts it reads
may take (`rules.space`) and keeps the highest finding; no fixed substitute stands in for an
unknown fact, because none is worst in every row. The assumptions name the value each unknown
fact was taken at (`rules.assumptions`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from rules import risk
from rules.assumptions import assumptions
from rules.codes import Risk, Unintelligible
from rules.facts import BreachFacts
from rules.reasons import Assumption
from rules.resolved import RULE_FACTS, Resolved
from rules.search import Worst, worst
from rules.space import Choice, Origin, Space, breach_space

__all__ = ["Resolved", "WorstCase", "resolve", "worst_case"]


@dataclass(frozen=True)
class WorstCase:
    """The highest finding per dimension over every completion of the unknown facts.

    `resolved` is one completion consistent with the deciding findings (for what reads one set
    of facts: exemptions, consequences, deadlines). `encryption_spares`: the data were
    unintelligible and, readable, the confidentiality outcome would have been high (the test of
    Art. 34(3)(a): encryption is what spares the people a letter).
    """

    space: Space
    worsts: Mapping[str, Worst]
    resolved: Resolved
    assumptions: tuple[Assumption, ...]
    encryption_spares: bool

    @property
    def findings(self) -> tuple[risk.Finding, ...]:
        return tuple(w.finding for w in self.worsts.values())


def _completion(space: Space, worsts: Mapping[str, Worst], *, now: datetime) -> Resolved:
    values = {name: space.choice(name).values[0] for name in RULE_FACTS}
    # The deciding (highest) dimension's values last, so shared facts agree with it.
    deciding_last = sorted(
        enumerate(worsts.values()), key=lambda iw: (iw[1].finding.risk.rank, -iw[0])
    )
    for _, w in deciding_last:
        values.update(w.taken)
    facts = space.facts
    return Resolved(
        aware_at=facts.aware_at or now,
        # Unknown, each exemption fact takes the value that spares nobody a duty: the high
        # risk not neutralised (Art. 34(3)(b)), each person reachable, so individual letters
        # rather than a public communication (Art. 34(3)(c)), the incident significant under
        # the Belgian NIS2 law of 26 April 2024 (the CCB clocks run).
        measures_neutralise_high_risk=bool(facts.measures_neutralise_high_risk),
        subjects_contactable=facts.subjects_contactable is not False,
        nis2_significant=facts.nis2_significant is not False,
        **values,
    )


def _encryption_spares(space: Space, confidentiality: Worst) -> bool:
    """Art. 34(3)(a): would readable data have made the confidentiality outcome high?"""
    if confidentiality.finding.risk is Risk.HIGH:
        return False
    if Unintelligible.YES not in space.choice("unintelligible").values:
        return False
    readable = space.with_choice("unintelligible", Choice((Unintelligible.NO,), Origin.KNOWN))
    return worst(risk.confidentiality, readable).finding.risk is Risk.HIGH


def worst_case(space: Space, *, now: datetime) -> WorstCase:
    """Each dimension at its worst over `space`, with the assumptions that takes."""
    worsts = {name: worst(rule, space) for name, rule in risk.DIMENSIONS}
    return WorstCase(
        space=space,
        worsts=worsts,
        resolved=_completion(space, worsts, now=now),
        assumptions=assumptions(space, worsts, now=now),
        encryption_spares=_encryption_spares(space, worsts["confidentiality"]),
    )


def resolve(facts: BreachFacts, *, now: datetime) -> tuple[Resolved, tuple[Assumption, ...]]:
    """One worst completion of the breach's facts, and the assumptions it rests on."""
    case = worst_case(breach_space(facts), now=now)
    return case.resolved, case.assumptions

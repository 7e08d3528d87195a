"""The search for the worst completion of unknown facts, one dimension at a time.

A rule is run on a lazy view of the facts: reading a settled fact gives its value; reading an
unsettled one stops the run, and the rule is run again once for each value that fact may take
(depth first, worst-first). So only the facts a row actually reads are ever varied, and the
number of runs is the size of the decision tree the rule walks, not the product of every
unknown fact's values. The search ends early once the highest outcome is reached.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from rules.codes import Risk
from rules.resolved import FactView
from rules.risk import Finding
from rules.space import Space


class _Unsettled(Exception):  # control flow, not an error
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class _LazyFacts:
    """The settled facts as attributes; any other fact read raises `_Unsettled`."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.__dict__.update(values)

    def __getattr__(self, name: str) -> Any:
        raise _Unsettled(name)


@dataclass(frozen=True)
class Worst:
    """The highest finding over every completion, and the values of the unsettled facts that
    its row read (`taken`): any value of the facts it did not read gives the same finding."""

    finding: Finding
    taken: Mapping[str, Any]


Rule = Callable[[FactView], Finding]


def worst(rule: Rule, space: Space) -> Worst:
    """The highest finding `rule` gives over every value the unsettled facts may take."""
    settled = {name: c.values[0] for name, c in space.choices.items() if c.settled}
    best: Worst | None = None
    pending: list[dict[str, Any]] = [{}]
    while pending:
        taken = pending.pop()
        try:
            finding = rule(cast(FactView, _LazyFacts({**settled, **taken})))
        except _Unsettled as unsettled:
            values = space.choice(unsettled.name).values
            pending.extend({**taken, unsettled.name: v} for v in reversed(values))
            continue
        if best is None or finding.risk.rank > best.finding.risk.rank:
            best = Worst(finding, taken)
            if finding.risk is Risk.HIGH:
                break
    assert best is not None  # the first run always ends in a finding or a branch
    return best

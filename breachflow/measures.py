"""The measures taken and planned (Art. 33(3)(d), 34(2) GDPR) as the DPO records them.

Codes come from the phrase catalogue `documents.phrases.MEASURES`, so every document prints
them as a sentence in its own language. They are stored in the breach's `facts` under the
private key `_measures` (`{"taken": [...], "planned": [...]}`): private keys survive fact merges
and never reach the rules, and the store needs no new column.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from documents.phrases import MEASURES
from documents.viewmodels import Measures

MEASURES_KEY = "_measures"
MEASURE_CODES: tuple[str, ...] = tuple(MEASURES)


def unknown_codes(codes: Iterable[str]) -> list[str]:
    """The codes that are not in the catalogue, in the order given."""
    return [code for code in codes if code not in MEASURES]


@dataclass(frozen=True)
class RecordedMeasures:
    """Catalogue codes, each once, in the order entered; empty means nothing recorded."""

    taken: tuple[str, ...] = ()
    planned: tuple[str, ...] = ()

    def updated(self, taken: Iterable[str], planned: Iterable[str]) -> RecordedMeasures:
        """A list entered replaces the recorded one, an empty one keeps it; a measure now
        taken is no longer planned."""
        new_taken = tuple(dict.fromkeys(taken)) or self.taken
        new_planned = tuple(dict.fromkeys(planned)) or self.planned
        return RecordedMeasures(
            taken=new_taken, planned=tuple(c for c in new_planned if c not in new_taken)
        )

    def as_json(self) -> dict[str, list[str]]:
        return {"taken": list(self.taken), "planned": list(self.planned)}

    def views(self) -> tuple[Measures, Measures]:
        """(taken, planned) for the documents; an empty one renders as "unknown"."""
        return Measures(codes=self.taken), Measures(codes=self.planned)


def recorded_measures(facts: Mapping[str, Any]) -> RecordedMeasures:
    """The measures stored with a breach's facts (none recorded: both empty)."""
    stored = facts.get(MEASURES_KEY) or {}
    return RecordedMeasures(
        taken=tuple(str(c) for c in stored.get("taken", ())),
        planned=tuple(str(c) for c in stored.get("planned", ())),
    )


def with_measures(facts: Mapping[str, Any], measures: RecordedMeasures) -> dict[str, Any]:
    """A copy of `facts` carrying `measures`."""
    return {**facts, MEASURES_KEY: measures.as_json()}

"""The measures taken and planned (Art. 33(3)(d), 34(2) GDPR) as the DPO records them.

Stable codes: every document prints each as a sentence in its own language (the phrase
catalog of `documents.messages` holds one per code).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Measure(StrEnum):
    """A measure in place, taken or planned."""

    ENCRYPTION_AT_REST = "encryption_at_rest"
    ACCESS_CONTROL = "access_control"
    MFA = "mfa"
    BACKUPS = "backups"
    LOGGING = "logging"
    STAFF_TRAINING = "staff_training"
    CONTAINED = "contained"
    PASSWORDS_RESET = "passwords_reset"
    RECIPIENT_DELETION = "recipient_deletion"
    POLICE_REPORT = "police_report"
    FORENSIC_INVESTIGATION = "forensic_investigation"
    MONITORING_MISUSE = "monitoring_misuse"
    RESTORED_FROM_BACKUP = "restored_from_backup"
    PROCESS_REVIEW = "process_review"


MEASURE_CODES: tuple[str, ...] = tuple(m.value for m in Measure)


def unknown_codes(codes: Iterable[str]) -> list[str]:
    """The codes that are not measures, in the order given."""
    return [code for code in codes if code not in MEASURE_CODES]


@dataclass(frozen=True)
class RecordedMeasures:
    """Measure codes, each once, in the order entered; empty means nothing recorded."""

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

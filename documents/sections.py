"""Section order of the GBA notification draft, as data (DOMAIN.md §4).

Follows the draft EDPB notification template (v1.0, June 2026, a consultation draft) and the
GBA portal: when the final template moves a section, change this tuple, not the templates.
Each name is a template `templates/pdf/gba/<name>.rml`.
"""

from __future__ import annotations

GBA_SECTIONS: tuple[str, ...] = (
    "notification",
    "controller",
    "reporting_person",
    "dpo",
    "other_parties",
    "timeline",
    "nature",
    "systems",
    "subjects",
    "data",
    "measures_before",
    "consequences",
    "risk",
    "measures",
    "communication",
    "other_authorities",
    "cross_border",
    "changes",
)

"""Section order of the GBA notification draft, as data (DOMAIN.md §4).

Follows the draft EDPB notification template (v1.0, June 2026, a consultation draft) and the
GBA portal: when the final template moves a section, change this tuple, not the templates.
Each name is a template `templates/pdf/gba/<name>.rml`. "changes" (a follow-up's or Part 2's
changes since the earlier filing, not a section of the template) comes first, so the authority
reads what is new before the whole notification again; "attachments" closes it.
"""

from __future__ import annotations

GBA_SECTIONS: tuple[str, ...] = (
    "notification",
    "changes",
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
    "attachments",
)

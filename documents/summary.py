"""What happened, told from the coded facts in the reader's language.

The reporter's own text is for the DPO (it may name other clients or staff, in any language);
every document says what happened in sentences of the catalog instead: the incident, then what
became of the data (seen by whom, altered, lost), so a notice, a letter and the GBA draft all
state it in their reader's language and within their reader's scope.
"""

from __future__ import annotations

from documents.i18n import has_label, t
from documents.viewmodels import BreachView
from rules.codes import Language


def summary_text(view: BreachView, language: Language) -> str:
    sentences = [t(language, f"summary.incident.{view.incident_type or 'unknown'}")]
    for family in ("confidentiality", "integrity", "availability"):
        value = getattr(view, family)
        key = f"summary.{family}.{value}"
        if value is not None and has_label(key):
            sentences.append(t(language, key))
    return " ".join(sentences)

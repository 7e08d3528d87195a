"""Every document kind, in every language it is read in, for three breaches, read as a Belgian
DPO's lawyer reads a draft before filing it: no English from our catalogs in a Dutch, French or
German document, "AVG / RGPD / DSGVO" and never "GDPR" there, no raw code, no file of this
project cited, no "unknown" where the fact is known, and every item Art. 33(3), 33(2), 34(2)
and 33(5) require. Set BREACHFLOW_DOCUMENT_PNGS=DIR to get the pages as PNG to look at.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from documents.i18n import t
from rules.codes import Language

from .reading import (
    CODE,
    NATIONAL,
    PROJECT_FILE,
    Read,
    catalogue_english,
    flat,
    kv_values,
    read_all,
    says_unknown,
    scenarios,
    section_text,
    write_pngs,
)

SCENARIOS = {s.name: s for s in scenarios()}
# One test process for the module, so `reads` drafts every document once (xdist).
pytestmark = pytest.mark.xdist_group("read-as-a-lawyer")


@pytest.fixture(scope="module")
def reads(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Read]]:
    """Each scenario run once through report, review, drafts, approval and filing."""
    out = {
        name: read_all(scenario, tmp_path_factory.mktemp(name))
        for name, scenario in SCENARIOS.items()
    }
    folder = os.environ.get("BREACHFLOW_DOCUMENT_PNGS")
    if folder:
        picks = {
            "gba_notification": NATIONAL,
            "processor_notice": (Language.FR, Language.DE, Language.NL),
            "subject_letter": (Language.NL, Language.FR, Language.DE, Language.EN),
            "register_entry": (Language.NL,),
        }
        for name, found in out.items():
            write_pngs(found, Path(folder) / name, picks)
    return out


def problems(found: list[Read], check: Callable[[Read], list[str]]) -> list[str]:
    return [f"{r.scenario} {r.kind} {r.language}: {p}" for r in found for p in check(r)]


@pytest.fixture(scope="module")
def english() -> set[str]:
    return catalogue_english()


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_no_english_from_our_catalogs_and_no_gdpr_in_a_national_language(
    reads: dict[str, list[Read]], english: set[str], scenario: str
) -> None:
    """A Dutch, French or German document holds no phrase of our English catalogs, and cites
    the regulation as AVG, RGPD or DSGVO."""

    def check(read: Read) -> list[str]:
        if read.language not in NATIONAL:
            return []
        text = flat(read.text)
        found = [f"English {phrase!r}" for phrase in sorted(english) if phrase in text]
        return found + (["cites 'GDPR'"] if "GDPR" in text else [])

    assert problems(reads[scenario], check) == []


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_no_code_and_no_file_of_this_project_reaches_a_reader(
    reads: dict[str, list[Read]], scenario: str
) -> None:
    """No stable code (`very_high`, `email_misdirected`), no Python leftovers, no placeholder,
    and no legal source that is a file of this project."""

    def check(read: Read) -> list[str]:
        text = read.text
        return [f"code {m!r}" for m in CODE.findall(text)] + [
            f"file {m!r}" for m in PROJECT_FILE.findall(text)
        ]

    assert problems(reads[scenario], check) == []


# What each scenario knows, as the row labels that must not say "unknown" (beyond the facts
# every breach has: awareness, detection, the DPO, the outcome and its reasons).
ALWAYS_KNOWN = (
    "f.aware_at",
    "f.detected_at",
    "f.incident_type",
    "f.nature",
    "f.confidentiality",
    "f.outcome",
    "f.reasons",
    "f.summary",
    "f.communication_reason",
)
KNOWN = {
    "demo": (*ALWAYS_KNOWN, "f.occurred", "f.subject_count", "f.data_types", "f.malicious"),
    "high-risk": (*ALWAYS_KNOWN, "f.occurred", "f.subject_count", "f.data_types", "f.cause"),
    "late-partly-unknown": (*ALWAYS_KNOWN, "f.delay_reasons", "f.description"),
}


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_no_unknown_where_the_fact_is_known(reads: dict[str, list[Read]], scenario: str) -> None:
    """A known fact is stated: the reason people are or are not told, the DPO's reasons for a
    delay, each client's description and count of its own people; after filing, the register
    says when the GBA was told and under which reference."""

    def check(read: Read) -> list[str]:
        found = []
        for key in KNOWN[scenario]:
            for value in kv_values(read.blocks, read.language, key):
                if says_unknown(value, read.language):
                    found.append(f"{key} says {value!r}")
        if read.kind in ("register_entry", "breach_register"):
            notified = kv_values(read.blocks, read.language, "f.gba_notified")
            if not all(v.startswith(t(read.language, "yes")) for v in notified):
                found.append(f"GBA notified: {notified}")
            if not kv_values(read.blocks, read.language, "f.gba_reference"):
                found.append("no GBA reference after filing")
        return found

    assert problems(reads[scenario], check) == []


# Art. 33(3): the GBA notification's content at least; Art. 33(2) and DOMAIN: the processor
# notice; Art. 34(2): the letter; Art. 33(5): the register entry.
REQUIRED = {
    "gba_notification": (
        "sec.nature",
        "f.subject_categories",
        "f.subject_count",
        "f.data_types",
        "f.record_count",
        "sec.dpo",
        "sec.consequences",
        "sec.measures",
        "sec.communication",
        "sec.attachments",
    ),
    "processor_notice": (
        "notice.sec.what",
        "f.activities",
        "f.subject_count",
        "f.data_types",
        "sec.consequences",
        "sec.measures",
        "notice.window",
        "notice.sec.contact",
    ),
    "subject_letter": (
        "letter.sec.what",
        "letter.sec.data",
        "letter.sec.consequences",
        "letter.sec.measures",
        "letter.sec.advice",
        "letter.sec.contact",
    ),
    "public_communication": (
        "letter.sec.what",
        "letter.sec.data",
        "letter.sec.consequences",
        "letter.sec.measures",
        "letter.sec.advice",
        "letter.sec.contact",
    ),
    "register_entry": (
        "register.facts",
        "register.effects",
        "register.remedial",
        "f.outcome",
        "f.reasons",
        "f.gba_notified",
        "f.subjects_told",
    ),
}


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_every_item_the_law_requires_is_there(reads: dict[str, list[Read]], scenario: str) -> None:
    """Each required item is present with content; a late notification states the reasons for
    the delay (Art. 33(1)); a letter names the controller and the DPO's contact (Art. 34(2))."""

    def check(read: Read) -> list[str]:
        text = flat(read.text)
        found = [
            f"missing {key}"
            for key in REQUIRED.get(read.kind, ())
            if t(read.language, key).split("{")[0].strip() not in text
        ]
        if read.kind in ("subject_letter", "public_communication"):
            if "dpo@groups.be" not in text or "Group S" not in text:
                found.append("no controller or DPO contact")
            for key in ("letter.sec.consequences", "letter.sec.measures"):
                if says_unknown(section_text(read.blocks, read.language, key), read.language):
                    found.append(f"{key} says unknown")
        if read.kind == "gba_notification" and SCENARIOS[scenario].late:
            reasons = kv_values(read.blocks, read.language, "f.delay_reasons")
            if not reasons or says_unknown(reasons[0], read.language):
                found.append(f"late without the reasons for the delay: {reasons}")
        return found

    assert problems(reads[scenario], check) == []


def test_every_kind_is_read_in_every_language(reads: dict[str, list[Read]]) -> None:
    """The GBA draft in nl, fr and de (DOMAIN.md §4); every other kind in the four languages;
    the demo's processor notice and the late breach's two clients' notices among them."""
    kinds = {(r.scenario, r.kind) for found in reads.values() for r in found}
    assert ("demo", "processor_notice") in kinds
    assert ("high-risk", "gba_notification") in kinds
    assert ("late-partly-unknown", "processor_notice") in kinds
    for found in reads.values():
        languages: dict[str, set[Language]] = {}
        for read in found:
            languages.setdefault(read.kind, set()).add(read.language)
        assert languages.pop("gba_notification") == set(NATIONAL)
        assert all(langs == set(Language) for langs in languages.values()), languages

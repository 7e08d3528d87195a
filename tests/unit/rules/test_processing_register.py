"""`breachflow register check`'s validation: every problem named with its place in the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from rules.codes import Language
from rules.processing_register import (
    ProcessingRegisterError,
    kbo_is_valid,
    parse_processing_register,
)

SAMPLE = (Path(__file__).resolve().parents[3] / "examples" / "group-s.yaml").read_text("utf-8")


def problems(text: str) -> list[str]:
    with pytest.raises(ProcessingRegisterError) as caught:
        parse_processing_register(text)
    return [str(p) for p in caught.value.problems]


def test_sample_register_is_valid() -> None:
    register = parse_processing_register(SAMPLE)
    assert len(register.entities) == 5
    assert len([a for a in register.activities.values() if a.role == "processor"]) >= 3
    assert {c.language for c in register.clients.values()} == {"nl", "fr", "de", "en"}
    assert len({c.notice_window_hours for c in register.clients.values()}) >= 2
    assert register.sha256


@pytest.mark.parametrize(
    ("kbo", "valid"),
    [
        ("0407.214.017", True),
        ("0409088293", True),
        ("0480.605.997", True),
        ("0407.214.018", False),
        ("040721401", False),
        ("0407.214.0AB", False),
    ],
)
def test_kbo_check_digits(kbo: str, valid: bool) -> None:
    assert kbo_is_valid(kbo) is valid


def test_bad_kbo_is_named_with_its_line() -> None:
    broken = SAMPLE.replace('kbo: "0407.214.017"', 'kbo: "0407.214.018"')
    (problem,) = problems(broken)
    line = SAMPLE.splitlines().index('    kbo: "0407.214.017"') + 1
    assert problem.startswith(f"line {line}, entities[0].kbo:")
    assert "fails its check" in problem


def test_unknown_data_code() -> None:
    broken = SAMPLE.replace(
        "data: [basic_identity, contact, professional, education]\n"
        "    subjects: [course participants]",
        "data: [basic_identity, shoe_size]\n    subjects: [course participants]",
    )
    (problem,) = problems(broken)
    assert "activities[7].data[1]" in problem
    assert "unknown data code 'shoe_size'" in problem


def test_processor_activity_without_client() -> None:
    broken = SAMPLE.replace("    client: mueller-bau\n    data:", "    data:")
    (problem,) = problems(broken)
    assert "activities[2].client" in problem
    assert "must name its client" in problem


def test_unknown_entity_and_client() -> None:
    broken = SAMPLE.replace("entity: compensation\n", "entity: nowhere\n").replace(
        "client: brightdesk\n    data: [basic_identity, contact, national_id",
        "client: ghost\n    data: [basic_identity, contact, national_id",
    )
    found = problems(broken)
    assert any("unknown entity 'nowhere'" in p for p in found)
    assert any("unknown client 'ghost'" in p for p in found)


def test_duplicate_ids() -> None:
    broken = SAMPLE.replace("- id: recruitment", "- id: staff-administration")
    (problem,) = problems(broken)
    assert "duplicate activity id 'staff-administration'" in problem


def test_several_problems_are_all_reported() -> None:
    broken = SAMPLE.replace('kbo: "0407.214.017"', 'kbo: "123"').replace(
        "language: de", "language: it"
    )
    found = problems(broken)
    assert len(found) == 2


def test_not_yaml() -> None:
    (problem,) = problems("entities: [unclosed\n")
    assert "not valid YAML" in problem


def test_a_notice_window_of_zero_hours_means_at_once() -> None:
    register = parse_processing_register(
        SAMPLE.replace("notice_window_hours: 12", "notice_window_hours: 0")
    )
    assert register.client("brightdesk").notice_window_hours == 0.0


@pytest.mark.parametrize("bad", ["-1", ".nan", ".inf", "soon"])
def test_a_negative_or_non_finite_window_is_named(bad: str) -> None:
    (problem,) = problems(SAMPLE.replace("notice_window_hours: 12", f"notice_window_hours: {bad}"))
    assert "clients[3].notice_window_hours" in problem


def test_names_are_given_per_language_or_as_a_plain_name() -> None:
    """An activity's, a system's and the DPO's names in each language; a plain name still
    works and serves every language."""
    register = parse_processing_register(SAMPLE)
    payroll = register.activity("payroll-mueller-bau")
    assert (
        payroll.name_label.get(Language.DE) == "Lohnabrechnung und Sozialmeldungen für Müller Bau"
    )
    assert payroll.name == "Payroll and social declarations for Müller Bau"  # the default
    assert payroll.systems_labelled[0].get(Language.FR) == ("moteur de calcul des salaires")
    assert register.dpo.label is not None
    assert register.dpo.label.get(Language.NL).startswith("Functionaris")
    plain = parse_processing_register(
        SAMPLE.replace(
            "    name:\n      nl: Open opleidingen\n      fr: Formations ouvertes\n"
            "      de: Offene Schulungen\n      en: Open training courses\n",
            "    name: Open training courses\n",
        )
    )
    assert plain.activity("training-catalogue").name_label.get(Language.NL) == (
        "Open training courses"
    )


def test_a_name_mapping_lacking_a_language_its_readers_read_is_named() -> None:
    """Müller Bau reads German: its activity's name mapping must give one; an unknown language
    key is named too."""
    broken = SAMPLE.replace(
        "      de: Lohnabrechnung und Sozialmeldungen für Müller Bau\n", ""
    ).replace("      fr: Formations ouvertes\n", "      xx: Formations ouvertes\n")
    found = problems(broken)
    assert any("activities[2].name: names no label in de" in p for p in found), found
    assert any("activities[7].name.xx: unknown language 'xx'" in p for p in found), found

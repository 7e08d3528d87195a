"""Reasons, assumptions and warnings are codes with parameters and sources; English at the
edge, every template findable by a gettext extraction."""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

from babel.messages.extract import extract_from_file
from hypothesis import given, settings

from rules import wording
from rules.assessment import assess
from rules.codes import Confidentiality, DataCode
from rules.facts import BreachFacts, parse_facts
from rules.reasons import AssumptionCode, Authority, ReasonCode, WarningCode
from tests.conftest import CASES

from .factories import NOW, data, harmless
from .test_properties import facts_strategy

WORDING = Path(wording.__file__)


def test_every_code_and_source_has_an_english_template() -> None:
    codes = [*ReasonCode, *AssumptionCode, *WarningCode]
    assert [c.value for c in codes if c.value not in wording.ENGLISH] == []
    for authority in Authority:
        assert wording.english_source(authority.value, "1, 2")


def test_every_template_is_marked_for_gettext_extraction() -> None:
    """`pybabel extract -k N_` finds every template and label, so catalogs can follow."""
    found = {m[1] for m in extract_from_file("python", str(WORDING), keywords={"N_": None})}
    expected = {
        *wording.ENGLISH.values(),
        *wording.FACT_LABELS.values(),
        *wording.VALUE_LABELS.values(),
    }
    assert expected <= found


def _dummy(spec: str) -> Any:
    return 10_000 if spec in (",", "g") else "x"


def test_every_template_takes_named_parameters_only() -> None:
    """Positional fields could not be reordered by a translator."""
    for code, template in wording.ENGLISH.items():
        fields = [
            (f, spec) for _, f, spec, _ in string.Formatter().parse(template) if f is not None
        ]
        assert all(f and not f.isdigit() for f, _ in fields), code
        assert template.format(**{f: _dummy(spec or "") for f, spec in fields})


def statements(facts: BreachFacts) -> list[Any]:
    a = assess(facts, now=NOW)
    warnings = [w for d in a.deadlines for w in d.warning_codes]
    return [*a.reasons, *a.assumption_codes, *warnings]


@settings(max_examples=300, deadline=None)
@given(facts_strategy)
def test_no_statement_names_a_file_of_this_project(facts: BreachFacts) -> None:
    """Each rests on a legal or methodical source, never on a design document of ours."""
    for statement in statements(facts):
        words = f"{statement.source} {statement.text}"
        assert "DOMAIN" not in words
        assert ".md" not in words
        assert "§" not in words
        assert statement.sources, statement.code


def test_each_case_gives_reasons_as_codes_beside_the_english_text() -> None:
    """`reasons` keeps `{article, text}`; `reason_codes` gives `{code, params, source}`."""
    for path in sorted(CASES.glob("*.json")):
        contract = assess(parse_facts(json.loads(path.read_text("utf-8"))), now=NOW).to_contract()
        assert len(contract["reasons"]) == len(contract["reason_codes"])
        for text, coded in zip(contract["reasons"], contract["reason_codes"], strict=True):
            assert set(text) == {"article", "text"}
            assert set(coded) == {"code", "params", "source"}
            assert coded["code"] in {c.value for c in ReasonCode}
            assert coded["source"], "every reason rests on a source"
            assert all(s["authority"] in {a.value for a in Authority} for s in coded["source"])
        assert all(isinstance(a, str) for a in contract["assumptions"])
        json.dumps(contract)  # the codes are JSON as they stand


def test_the_enisa_note_cites_enisa_and_our_policy_not_a_design_file() -> None:
    facts = harmless(
        confidentiality=Confidentiality.KNOWN_RECIPIENTS,
        recipients_trusted=True,
        recipients_count=1,
        data=data(DataCode.FINANCIAL),
    )
    (note,) = [r for r in assess(facts, now=NOW).reasons if r.code == ReasonCode.ENISA_DISAGREES]
    assert note.article == "ENISA 2013; breachflow policy"
    assert note.parameters["band"] == "high"
    assert "the table decides" in note.text


def test_english_rendering_of_sources() -> None:
    assert wording.english_sources([("gdpr", "34(3)(a)"), ("edpb_01_2021", "1, 6")]) == (
        "Art. 34(3)(a) GDPR; EDPB Guidelines 01/2021, cases 1, 6"
    )
    assert wording.english_sources([("edpb_01_2021", "13")]) == "EDPB Guidelines 01/2021, case 13"
    assert wording.english_sources([("breachflow_policy", "")]) == "breachflow policy"

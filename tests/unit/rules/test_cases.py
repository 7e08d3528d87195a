"""The EDPB reference cases in examples/cases give their expected outcome and deadline."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from rules.assessment import assess
from rules.facts import parse_facts
from tests.conftest import CASES

from .factories import NOW

CASE_FILES = sorted(CASES.glob("*.json"))


def test_cases_folder_is_there() -> None:
    """The regression suite is not silently empty."""
    assert len(CASE_FILES) >= 9, f"expected the reference cases in {CASES}"


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_case_gives_expected_outcome(path: Path) -> None:
    """Every case file, including ones added later, meets its `expected` block."""
    case: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    contract = assess(parse_facts(case), now=NOW).to_contract()
    for key, expected in case["expected"].items():
        if key == "supervisory_authority_deadline":
            assert contract[key] is not None, f"{path.stem}: no deadline"
            got = datetime.fromisoformat(contract[key])
            assert got == datetime.fromisoformat(expected), f"{path.stem}: {key}"
        else:
            assert contract[key] == expected, f"{path.stem}: {key}"
    assert contract["document"] is True
    assert contract["reasons"], "every outcome carries its reasons"
    if not contract["notify_supervisory_authority"]:
        assert contract["supervisory_authority_deadline"] is None


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_bare_breach_object_gives_the_same(path: Path) -> None:
    """A file holding only the `breach` object assesses exactly like the full case."""
    case = json.loads(path.read_text(encoding="utf-8"))
    full = assess(parse_facts(case), now=NOW).to_contract()
    bare = assess(parse_facts(case["breach"]), now=NOW).to_contract()
    assert full == bare

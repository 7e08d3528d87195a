"""Marks each test by its folder (unit, integration, e2e) and locates the sample cases."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from tests.support.served import uses_served

# The test processes build a great many long-lived objects (pydantic models, SQLAlchemy
# tables, hypothesis strategies): collecting the youngest generation every 700 allocations cost
# about a tenth of their CPU; every 50,000 instead.
gc.set_threshold(50_000, 20, 20)

ROOT = Path(__file__).resolve().parent.parent
# The EDPB reference cases shipped with the repository; BREACHFLOW_CASES points at another
# folder of case files of the same format (more cases, same expectations).
CASES = Path(os.environ.get("BREACHFLOW_CASES", ROOT / "examples" / "cases"))


# Before xdist's own hook, which reads the xdist_group marks to keep a group in one process.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The served tests one after another where the first of them stands, so a run without
    # xdist also starts their service once (it stops after the last of them).
    served = [item for item in items if uses_served(item)]
    if served:
        first = items.index(served[0])
        others = [item for item in items if not uses_served(item)]
        items[:] = others[:first] + served + others[first:]
    for item in items:
        parts = Path(str(item.fspath)).relative_to(ROOT / "tests").parts
        if parts and parts[0] in ("unit", "integration", "e2e"):
            item.add_marker(getattr(pytest.mark, parts[0]))
        # The tests of the one served service run in one test process (xdist).
        if uses_served(item):
            item.add_marker(pytest.mark.xdist_group("served"))

"""Test data for the lifecycle tests (a plain module: conftest is not importable)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "examples" / "demo-breach.json"


def demo_report(**changes: Any) -> dict[str, Any]:
    """The demo case file with top-level or `breach` changes (keys starting with `breach_`)."""
    report = copy.deepcopy(json.loads(DEMO.read_text(encoding="utf-8")))
    for key, value in changes.items():
        if key.startswith("breach_"):
            report["breach"][key.removeprefix("breach_")] = value
        else:
            report[key] = value
    return report

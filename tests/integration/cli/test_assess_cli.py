"""`breachflow assess`, `register check` and `clients` as a newcomer runs them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import CASES, ROOT

BIN = Path(sys.executable).parent / "breachflow"
SAMPLE = ROOT / "examples" / "group-s.yaml"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    command = [str(BIN)] if BIN.exists() else [sys.executable, "-m", "breachflow"]
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.parametrize("path", sorted(CASES.glob("*.json")), ids=lambda p: p.stem)
def test_assess_json_meets_each_case(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    result = run("assess", str(path), "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    for key, expected in case["expected"].items():
        if key == "supervisory_authority_deadline":
            assert datetime.fromisoformat(out[key]) == datetime.fromisoformat(expected)
        else:
            assert out[key] == expected, key
    for key in ("risk", "exemptions", "severity", "assumptions", "reasons", "public_communication"):
        assert key in out


def test_readable_summary_shows_outcome_deadline_and_hours_left() -> None:
    result = run("assess", str(CASES / "edpb-02.json"), "--now", "2026-03-28T10:00:00+01:00")
    assert result.returncode == 0, result.stderr
    assert "Risk: notify the GBA" in result.stdout
    assert "Mon 30 Mar 2026 11:00 CEST (48.0 h left)" in result.stdout
    assert "ENISA SE" in result.stdout


def test_wrong_type_names_the_field_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"breach": {"subjects": {"count": "many"}}}))
    result = run("assess", str(bad), "--json")
    assert result.returncode != 0
    assert "subjects.count" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_code_names_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"incident_type": "alien_abduction"}))
    result = run("assess", str(bad))
    assert result.returncode != 0
    assert "incident_type" in result.stderr


def test_missing_facts_are_assumptions_not_errors(tmp_path: Path) -> None:
    sparse = tmp_path / "sparse.json"
    sparse.write_text(
        json.dumps({"breach": {"aware_at": "2026-05-01T08:00:00+02:00", "data": "unknown"}})
    )
    result = run("assess", str(sparse), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["assumptions"]


def test_register_check_accepts_the_sample() -> None:
    result = run("register", "check", str(SAMPLE))
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout


def test_register_check_rejects_a_broken_copy(tmp_path: Path) -> None:
    broken = tmp_path / "register.yaml"
    shutil.copy(SAMPLE, broken)
    broken.write_text(SAMPLE.read_text("utf-8").replace("role: processor", "role: boss", 1))
    result = run("register", "check", str(broken))
    assert result.returncode != 0
    assert "activities[0].role" in result.stderr
    assert "unknown role 'boss'" in result.stderr


def test_clients_lists_id_name_language_tab_separated() -> None:
    result = run("clients", "--register", str(SAMPLE))
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.strip().splitlines()]
    assert ["transports-dubois", "Transports Dubois sa", "fr"] in rows
    assert all(len(row) == 3 for row in rows)


@pytest.mark.parametrize("data", [["contact", "unknown"], ["unknown"]])
def test_lists_holding_unknown_are_accepted(tmp_path: Path, data: list[str]) -> None:
    sparse = tmp_path / "sparse.json"
    sparse.write_text(json.dumps({"breach": {"data": data, "nature": ["confidentiality"]}}))
    result = run("assess", str(sparse), "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert "data" in {a["params"].get("fact") for a in out["assumption_codes"]}
    assert "scopes" not in out  # no activities named


def test_nan_is_refused_by_name(tmp_path: Path) -> None:
    bad = tmp_path / "nan.json"
    bad.write_text('{"breach": {"subjects": {"count": NaN}}}')
    result = run("assess", str(bad), "--json")
    assert result.returncode != 0
    assert "subjects.count" in result.stderr
    assert "finite" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_file_naming_activities_shows_each_controllers_scope(tmp_path: Path) -> None:
    demo = json.loads((ROOT / "examples" / "demo-breach.json").read_text("utf-8"))
    demo["breach"]["scopes"] = [
        {"activity": "payroll-bakkerij-peeters", "subjects": {"count": 60}},
        {"activity": "staff-administration", "subjects": {"count": 25}},
    ]
    scoped = tmp_path / "scoped.json"
    scoped.write_text(json.dumps(demo))
    result = run("assess", str(scoped), "--json", "--register", str(SAMPLE))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    rows = {row["activity"]: row for row in out["scopes"]}
    assert rows["staff-administration"]["controller"] == "secretariat"
    assert rows["staff-administration"]["subjects_count"] == 25
    assert rows["payroll-bakkerij-peeters"]["controller"] == "bakkerij-peeters"
    assert rows["payroll-bakkerij-peeters"]["view"] == "processor"
    assert rows["payroll-bakkerij-peeters"]["subjects_count"] == 60
    assert out["risk"] == "risk"
    summary = run("assess", str(scoped), "--register", str(SAMPLE))
    assert "Bakkerij Peeters bv (processor's view): risk" in summary.stdout


def test_an_activity_not_in_the_register_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "ghost.json"
    bad.write_text(json.dumps({"activities": ["ghost"], "breach": {}}))
    result = run("assess", str(bad), "--register", str(SAMPLE))
    assert result.returncode != 0
    assert "activities: 'ghost'" in result.stderr

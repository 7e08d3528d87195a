"""The README's command-line examples work in a fresh clone: every file they name is in the
repository (no `../shared`), and the ones that need no running service succeed as written."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

BIN = Path(sys.executable).parent / "breachflow"
# Commands that need a running service, a filed breach (status, export), an account made
# before (`user token`) or the operator's own folders (a backup's absolute path); the
# repository files they name are still checked (the `user` commands run in
# tests/integration/intake/test_intake_people.py).
NEEDS_SERVICE = {
    "health",
    "withdraw",
    "demo",
    "token",
    "serve",
    "letters",
    "audit",
    "backup",
    "restore",
    "user",
    "status",
    "export",
}


def readme_commands() -> list[list[str]]:
    """Every `breachflow ...` line in the README's sh blocks, comments stripped."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL)
    lines = [line.split("#", 1)[0].strip() for block in blocks for line in block.splitlines()]
    return [shlex.split(line) for line in lines if line.startswith("breachflow ")]


COMMANDS = readme_commands()


def test_the_readme_has_command_line_examples() -> None:
    assert len(COMMANDS) >= 8


@pytest.mark.parametrize("words", COMMANDS, ids=lambda words: " ".join(words[1:3]))
def test_each_readme_command_names_files_in_the_repository(words: list[str]) -> None:
    """A fresh clone has every file a README example names (an absolute path is the
    operator's own, such as a backup)."""
    for word in words[1:]:
        if "/" in word and not word.startswith(("-", "http", "/")):
            assert (ROOT / word).exists(), f"{word} is not in the repository"


@pytest.mark.parametrize(
    "words",
    [w for w in COMMANDS if w[1] not in NEEDS_SERVICE],
    ids=lambda words: " ".join(words[1:3]),
)
def test_each_offline_readme_command_runs_as_written(words: list[str], tmp_path: Path) -> None:
    """From the repository's root, as the README has it, with a fresh data folder."""
    env = {**os.environ, "BREACHFLOW_DATA_DIR": str(tmp_path / "data")}
    env.pop("BREACHFLOW_PROCESSING_REGISTER", None)
    result = subprocess.run(
        [str(BIN), *words[1:]],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip()

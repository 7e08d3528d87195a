"""Every help page reads like a well-kept command line: leaf commands take no COMMAND, values
are named in capitals (`--now INSTANT`, `FILE`), flags take none, nothing shows a Python type
(`<bool>`, `<int>`, `{FILE}`), and the list of commands gives each a whole one-line summary."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer

from breachflow.cli import app

BIN = Path(sys.executable).parent / "breachflow"
ROOT = typer.main.get_command(app)


def commands(
    group: Any = ROOT, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command and group under `breachflow`, with the words that reach it (click's
    classes, which typer may vendor: looked at by their attributes)."""
    yield path, group
    for name, command in getattr(group, "commands", {}).items():
        yield from commands(command, (*path, name))


ALL = list(commands())


def help_page(path: tuple[str, ...]) -> str:
    """`breachflow ... --help` as a user runs it."""
    result = subprocess.run(
        [str(BIN), *path, "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


@pytest.mark.parametrize(
    ("path", "command"), ALL, ids=[" ".join(p) or "breachflow" for p, _ in ALL]
)
def test_each_help_page_reads_like_a_well_kept_cli(path: tuple[str, ...], command: Any) -> None:
    page = help_page(path)
    usage = page.splitlines()[0]
    assert usage.startswith(f"Usage: breachflow {' '.join(path)}".rstrip())
    if hasattr(command, "commands"):
        assert usage.endswith("COMMAND [ARGS]...")
    else:
        assert "COMMAND" not in usage
    assert not re.search(r"<[a-z_|\[\]]+>", page), "a Python type shown as a value"
    assert "{" not in usage
    assert "--install-completion" not in page
    for param in command.params:
        option = param.param_type_name == "option"
        if param.param_type_name == "argument" or (option and not param.is_flag):
            assert param.metavar, param.name
            assert param.metavar.isupper(), param.name
        if option and not param.is_flag:
            assert f"{param.opts[0]} {param.metavar}" in page
        if option:
            assert param.help, param.name
    assert (command.help or "").strip(), "every command says what it does"


def test_the_command_list_gives_each_command_a_whole_summary() -> None:
    """No summary is cut short ("Write the letters to the people concerned (Art.")."""
    page = help_page(())
    listed = page.split("Commands:\n", 1)[1].splitlines()
    names = {line.split()[0] for line in listed if line.strip()}
    assert names == set(getattr(ROOT, "commands", {}))
    for line in listed:
        summary = line.split(None, 1)[1]
        assert summary.endswith("."), line
        assert not summary.endswith(("...", "(Art.")), line

"""The `breachflow` command line."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from breachflow.commands import audit, demo, health, letters, serve, token, withdraw
from breachflow.summary import assessment_summary
from rules.assessment import assess
from rules.facts import BreachFacts, FactsError, parse_facts, parse_instant
from rules.processing_register import (
    ProcessingRegister,
    ProcessingRegisterError,
    load_processing_register,
)
from rules.roles import UnknownActivityError
from rules.scopes import ScopedAssessment, assess_scopes

app = typer.Typer(
    help="breachflow: personal-data breaches from the first report to the last letter.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
register_app = typer.Typer(help="The register of processing activities.", no_args_is_help=True)
app.add_typer(register_app, name="register")
app.add_typer(audit.app, name="audit", help="The hash-chained audit trail.")
app.add_typer(token.app, name="token")
app.add_typer(health.app, name="health")
app.add_typer(serve.app, name="serve")
app.add_typer(demo.app, name="demo")
app.add_typer(withdraw.app, name="withdraw")
app.add_typer(letters.app, name="letters")


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        fail(f"{path}: no such file")
    except json.JSONDecodeError as exc:
        fail(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}")


def _now(value: str | None) -> datetime:
    if value is None:
        return datetime.now(UTC)
    try:
        parsed = parse_instant(value, "--now")
    except FactsError as exc:
        fail(str(exc))
    assert parsed is not None
    return parsed


def default_register_path() -> Path:
    """`BREACHFLOW_PROCESSING_REGISTER`, or the sample register shipped with the package."""
    from breachflow.settings import get_settings

    return Path(get_settings().processing_register)


def _load_register(path: Path | None) -> ProcessingRegister:
    path = path or default_register_path()
    try:
        return load_processing_register(path)
    except FileNotFoundError:
        fail(f"{path}: no such file")
    except ProcessingRegisterError as exc:
        fail(
            f"{path}: {len(exc.problems)} problem(s)\n"
            + "\n".join(f"  {path}:{p}" for p in exc.problems)
        )


def _activities(file: Path, document: dict[str, Any], facts: BreachFacts) -> list[str]:
    """The affected activities: the case file's `activities`, then any its scopes name."""
    named = document.get("activities", [])
    if not isinstance(named, list) or not all(isinstance(a, str) for a in named):
        fail(f"{file}: activities: must be a list of activity ids from the register")
    return list(dict.fromkeys([*named, *(s.activity for s in facts.scopes)]))


def _scoped(
    file: Path, facts: BreachFacts, activities: list[str], register: Path | None, now: datetime
) -> ScopedAssessment:
    try:
        return assess_scopes(facts, _load_register(register), activities, now=now)
    except UnknownActivityError as exc:
        fail(f"{file}: activities: {exc.activity_id!r} is not in the register")


@app.command("assess")
def assess_command(
    file: Annotated[Path, typer.Argument(help="A case file or a bare `breach` object (JSON).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the decision as JSON.")] = False,
    now: Annotated[
        str | None, typer.Option(help="ISO 8601 instant for 'hours left' (default: now).")
    ] = None,
    register: Annotated[
        Path | None,
        typer.Option(
            help="Register of processing activities, for a file naming its activities "
            "(default: BREACHFLOW_PROCESSING_REGISTER)."
        ),
    ] = None,
) -> None:
    """Assess a breach: risk outcome, duties, deadlines, severity, assumptions and reasons;
    for a file naming its activities, also each controller's own scope."""
    document = _read_json(file)
    if not isinstance(document, dict):
        fail(f"{file}: must hold a JSON object (a case file or a `breach` object)")
    try:
        facts = parse_facts(document)
    except FactsError as exc:
        fail(f"{file}: {exc}")
    at = _now(now)
    activities = _activities(file, document, facts)
    if activities:
        scoped = _scoped(file, facts, activities, register, at)
        contract, assessment, scopes = scoped.to_contract(), scoped.breach, scoped.scopes
    else:
        assessment = assess(facts, now=at)
        contract, scopes = assessment.to_contract(), ()
    if as_json:
        typer.echo(json.dumps(contract, indent=2, ensure_ascii=False))
    else:
        typer.echo(assessment_summary(assessment, scopes))


@register_app.command("check")
def register_check(
    file: Annotated[Path, typer.Argument(help="A register YAML file.")],
) -> None:
    """Validate a register; every problem is named with its place in the file."""
    register = _load_register(file)
    typer.echo(
        f"{file}: valid: {len(register.entities)} entities, {len(register.clients)} clients, "
        f"{len(register.activities)} activities (sha256 {register.sha256[:12]})"
    )


@app.command("clients")
def clients_command(
    register: Annotated[
        Path | None,
        typer.Option(
            help="Register of processing activities (default: BREACHFLOW_PROCESSING_REGISTER)."
        ),
    ] = None,
) -> None:
    """List the register's clients: id, name, language (tab-separated)."""
    for client in _load_register(register).clients.values():
        typer.echo(f"{client.id}\t{client.name}\t{client.language.value}")


def main() -> None:  # pragma: no cover - console entry
    app()

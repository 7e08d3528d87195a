"""The `breachflow` command line.

Each command imports what it needs when it runs (`breachflow.commands.*`), so `breachflow
assess` and `--help` load the pure rules and Typer, not the web app, the database or Prefect.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, NoReturn, ParamSpec, TypeVar

import typer

from breachflow.help import PlainHelp
from rules.facts import BreachFacts, FactsError, parse_facts, parse_instant
from rules.processing_register import (
    ProcessingRegister,
    ProcessingRegisterError,
    load_processing_register,
)
from rules.roles import UnknownActivityError
from rules.scopes import ScopedAssessment, assess_scopes

# Help pages read like any well-kept command line: a one-line summary per command in the list
# (`short_help`), an upper-case metavar saying what each value is, no completion installers.
app = typer.Typer(
    help="breachflow: personal-data breaches from the first report to the last letter, under "
    "the GDPR and the procedure of the Belgian GBA/APD.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
)
register_app = typer.Typer(
    help="The register of processing activities (Art. 30 GDPR): roles, clients, entities.",
    short_help="Check a register of processing activities.",
    no_args_is_help=True,
)
audit_app = typer.Typer(
    help="The hash-chained audit trail of every change.",
    short_help="Verify the audit trail.",
    no_args_is_help=True,
)
user_app = typer.Typer(
    help="The organisation's people: accounts, roles (dpo, security, legal, viewer), API tokens.",
    short_help="Add, list and disable people; issue their API tokens.",
    no_args_is_help=True,
)
app.add_typer(register_app, name="register")
app.add_typer(audit_app, name="audit")
app.add_typer(user_app, name="user")


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


P = ParamSpec("P")
R = TypeVar("R")


def opens_the_store(command: Callable[P, R]) -> Callable[P, R]:
    """For commands that open the database: a damaged database or an unusable audit key file
    is said in one paragraph with exit 3, not a traceback. (Imported only when it happens:
    `--help` stays light.)"""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except Exception as exc:
            from breachflow.store import AuditKeyError
            from models.migrate import DatabaseUnusable

            if not isinstance(exc, DatabaseUnusable | AuditKeyError):
                raise
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(3) from None

    return run


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


@app.command(
    "assess", cls=PlainHelp, short_help="Assess a breach file: outcome, duties, deadlines, reasons."
)
def assess_command(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="A case file (examples/cases/*.json) or a bare `breach` object, in JSON.",
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the decision as JSON.")] = False,
    now: Annotated[
        str | None,
        typer.Option(
            metavar="INSTANT",
            help="The moment 'hours left' is counted from, ISO 8601 with its offset "
            "(default: now).",
        ),
    ] = None,
    register: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="Register of processing activities, for a file naming its activities "
            "(default: BREACHFLOW_PROCESSING_REGISTER).",
        ),
    ] = None,
) -> None:
    """Assess a breach: risk outcome, duties, deadlines, severity, assumptions and reasons;
    for a file naming its activities, also each controller's own scope."""
    from breachflow.summary import assessment_summary
    from rules.assessment import assess

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


@register_app.command("check", cls=PlainHelp, short_help="Validate a register file.")
def register_check(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A register in YAML (examples/group-s.yaml).")
    ],
) -> None:
    """Validate a register; every problem is named with its place in the file."""
    register = _load_register(file)
    typer.echo(
        f"{file}: valid: {len(register.entities)} entities, {len(register.clients)} clients, "
        f"{len(register.activities)} activities (sha256 {register.sha256[:12]})"
    )


@app.command("clients", cls=PlainHelp, short_help="List the register's clients.")
def clients_command(
    register: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="Register of processing activities (default: BREACHFLOW_PROCESSING_REGISTER).",
        ),
    ] = None,
) -> None:
    """List the register's clients: id, name, language (tab-separated)."""
    for client in _load_register(register).clients.values():
        typer.echo(f"{client.id}\t{client.name}\t{client.language.value}")


@audit_app.command(
    "verify", cls=PlainHelp, short_help="Check the audit trail: chain, anchors, replay."
)
@opens_the_store
def audit_verify(
    anchor: Annotated[
        Path | None,
        typer.Option(
            help="Check against this copy of the anchors (a saved anchor e-mail, the Slack "
            "file) instead of the data folder's anchor file.",
            metavar="FILE",
        ),
    ] = None,
) -> None:
    """Check the audit trail: its keyed chain, its anchors outside the database, and its
    replay against the tables; exit 0 only when all hold, else name every fault."""
    from breachflow.commands.audit import verify

    verify(anchor)


@app.command("token", cls=PlainHelp, short_help="Issue (or revoke) a link to the form and the API.")
@opens_the_store
def token_command(
    target: Annotated[
        str | None,
        typer.Argument(
            metavar="CLIENT",
            help="A client id of the register (see `breachflow clients`). The security team "
            "has people's accounts (`breachflow user add`).",
        ),
    ] = None,
    revoke: Annotated[
        str | None, typer.Option("--revoke", help="Revoke this token instead.", metavar="TOKEN")
    ] = None,
) -> None:
    """Issue an employer's token (its link opens the form), or revoke a token with --revoke."""
    from breachflow.commands.token import token

    token(target=target, revoke=revoke)


EmailArgument = Annotated[str, typer.Argument(metavar="EMAIL", help="The person's e-mail address.")]
ROLE_HELP = (
    "dpo (decides), security (reports, sees everything, decides nothing), legal (sees "
    "everything, approves drafts when the register says so) or viewer."
)


@user_app.command("add", cls=PlainHelp, short_help="Add a person; prints a set-password link.")
@opens_the_store
def user_add_command(
    email: EmailArgument,
    name: Annotated[
        str, typer.Option("--name", metavar="NAME", help="Full name, as decisions show it.")
    ],
    role: Annotated[str, typer.Option("--role", metavar="ROLE", help=ROLE_HELP)],
    language: Annotated[
        str,
        typer.Option("--language", metavar="LANG", help="nl, fr, de or en (the pages' language)."),
    ] = "en",
) -> None:
    """Add a person with a role; prints a one-time link (valid 72 hours) to set a password."""
    from models.users import ROLES, USER_LANGUAGES

    if role not in ROLES:
        fail(f"--role must be one of {', '.join(ROLES)}")
    if language not in USER_LANGUAGES:
        fail(f"--language must be one of {', '.join(USER_LANGUAGES)}")
    if not name.strip():
        fail("--name must not be empty")
    if "@" not in email or len(email) > 254:
        fail(f"{email!r} is not an e-mail address")
    from breachflow.commands.user import add

    add(email=email, name=name, role=role, language=language)


@user_app.command("list", cls=PlainHelp, short_help="List the people and their roles.")
@opens_the_store
def user_list_command() -> None:
    """List every account: e-mail, name, role, language, enabled or disabled."""
    from breachflow.commands.user import show

    show()


@user_app.command("disable", cls=PlainHelp, short_help="Disable a person's account at once.")
@opens_the_store
def user_disable_command(
    email: EmailArgument,
) -> None:
    """Disable an account: its sessions, API token and set-password link stop at once."""
    from breachflow.commands.user import disable

    disable(email=email)


@user_app.command("token", cls=PlainHelp, short_help="Issue a person's personal API token.")
@opens_the_store
def user_token_command(
    email: EmailArgument,
) -> None:
    """Print a new personal API token (`Authorization: Bearer TOKEN`); the old one stops."""
    from breachflow.commands.user import token

    token(email=email)


@app.command("health", cls=PlainHelp, short_help="Check every part of the running service.")
def health_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print the checks as JSON.")] = False,
) -> None:
    """Check every part of the running service; exit 0 only when all are alive."""
    from breachflow.commands.health import health

    health(as_json=as_json)


@app.command("serve", cls=PlainHelp, short_help="Run the whole service in the foreground.")
@opens_the_store
def serve_command(
    port: Annotated[
        int, typer.Option(metavar="PORT", help="Port of breachflow's web app (form, API, pages).")
    ] = 8000,
    prefect_port: Annotated[
        int, typer.Option(metavar="PORT", help="Port of the local Prefect server and its UI.")
    ] = 4200,
    workers: Annotated[
        int,
        typer.Option(
            metavar="N", help="Worker processes started here (0: the workers run elsewhere)."
        ),
    ] = 1,
    limit: Annotated[
        int,
        typer.Option(metavar="N", help="Decision runs resumed in Prefect a worker runs at once."),
    ] = 4,
    reconcile_seconds: Annotated[
        float,
        typer.Option(metavar="SECONDS", help="Seconds between two checks for lost steps."),
    ] = 60.0,
) -> None:
    """Run the whole service in the foreground: a local Prefect server and its UI, the workers
    (steps, messages, the deadline clock), the watchdog and the web app (form, API, status
    pages, the DPO's overview). Ctrl-C stops everything."""
    from breachflow.commands.serve import serve
    from notifiers.slack import SlackChannelError

    try:
        serve(
            port=port,
            prefect_port=prefect_port,
            workers=workers,
            limit=limit,
            reconcile_seconds=reconcile_seconds,
        )
    except SlackChannelError as exc:  # a channel the bot cannot use: say what to do, no trace
        fail(str(exc))


@app.command(
    "worker",
    cls=PlainHelp,
    short_help="Carry breaches from step to step (run as many as you like).",
)
@opens_the_store
def worker_command(
    name: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="This worker's name in the outbox (default: host)."),
    ] = None,
    runner: Annotated[
        bool,
        typer.Option(
            "--runner/--no-runner", help="Also run the decisions resumed in the Prefect UI."
        ),
    ] = True,
    runner_limit: Annotated[
        int, typer.Option(metavar="N", help="Resumed decision runs run at once.")
    ] = 4,
    reconcile_seconds: Annotated[
        float,
        typer.Option(metavar="SECONDS", help="Seconds between two checks for lost steps."),
    ] = 60.0,
) -> None:
    """Carry breaches from step to step on this machine, against the database and the Prefect
    API of the settings: the phases, the decisions' Prefect runs, the messages, the deadline
    clock and the reconciler."""
    from breachflow.commands.worker import worker
    from notifiers.slack import SlackChannelError

    try:
        worker(
            name=name,
            runner=runner,
            runner_limit=runner_limit,
            reconcile_seconds=reconcile_seconds,
        )
    except SlackChannelError as exc:
        fail(str(exc))


@app.command(
    "watchdog",
    cls=PlainHelp,
    short_help="Alarm when the deadline clock or the service stops.",
)
def watchdog_command(
    once: Annotated[
        bool, typer.Option("--once", help="Check once and exit (for cron or a systemd timer).")
    ] = False,
) -> None:
    """Alarm, once per outage and directly on Slack and by e-mail, when the deadline clock or
    the service stops; say when it is over."""
    from breachflow.commands.watchdog import watchdog

    watchdog(once=once)


@app.command(
    "link",
    cls=PlainHelp,
    short_help="Link a report to the breach of the same incident.",
)
@opens_the_store
def link_command(
    reference: Annotated[
        str, typer.Argument(metavar="REF", help="The report, not yet reviewed (BR-YYYY-NNNN).")
    ],
    into: Annotated[
        str, typer.Option(metavar="REF", help="The breach of the same incident it joins.")
    ],
    decided_by: Annotated[
        str, typer.Option("--by", metavar="NAME", help="Who decides (kept in the audit trail).")
    ],
) -> None:
    """Link a report to the breach of the same incident: its facts become new facts of that
    breach, its client's activities affected activities of it (a notice to that client), and
    the report ends, merged. The overview suggests likely duplicates."""
    from breachflow.commands.link import link

    link(reference, into=into, decided_by=decided_by)


@app.command(
    "demo", cls=PlainHelp, short_help="Report the sample breach (and take every decision)."
)
@opens_the_store
def demo_command(
    auto_approve: Annotated[
        bool,
        typer.Option(
            "--auto-approve",
            help="Take every decision (review, approval, filing) as the DPO would, in the "
            "name 'demo'.",
        ),
    ] = False,
    scenario: Annotated[
        str,
        typer.Option(
            "--scenario",
            metavar="NAME",
            help="default: client A's payslips and our staff's leave records sent to client B "
            "(a processor notice to A, a GBA notification for our staff); high-risk: our "
            "staff's HR files copied in an intrusion (GBA notification and letters).",
        ),
    ] = "default",
) -> None:
    """Report a sample breach. A running service carries it on; without one the steps run here.
    Prints the reference (BR-YYYY-NNNN), where the documents are and, once the letters are
    approved, the command that writes them."""
    from breachflow.commands.demo import demo

    demo(auto_approve=auto_approve, scenario=scenario)


@app.command("withdraw", cls=PlainHelp, short_help="Open the withdrawal of a filed notification.")
@opens_the_store
def withdraw_command(
    reference: Annotated[
        str, typer.Argument(metavar="REFERENCE", help="The breach reference, BR-YYYY-NNNN.")
    ],
) -> None:
    """Open the withdrawal decision for a filed notification; the DPO confirms it, with the
    reason, in the Prefect UI (a notification that proved not to concern personal data, say)."""
    from breachflow.commands.withdraw import withdraw

    withdraw(reference)


@app.command("letters", cls=PlainHelp, short_help="Write the letters to the people concerned.")
@opens_the_store
def letters_command(
    breach_ref: Annotated[
        str,
        typer.Option("--breach", metavar="REFERENCE", help="The breach, BR-YYYY-NNNN."),
    ],
    subjects_csv: Annotated[
        Path,
        typer.Option(
            "--subjects",
            metavar="CSV",
            help="The people concerned: a UTF-8 CSV file with the columns above.",
        ),
    ],
    out_dir: Annotated[
        Path, typer.Option("--out", metavar="DIR", help="Folder to write the letters to.")
    ],
    draft: Annotated[
        bool,
        typer.Option("--draft", help="Mark every page DRAFT (allowed before approval)."),
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            metavar="N", show_default=False, help="Processes to use (default: one per core)."
        ),
    ] = 0,
) -> None:
    """Write the letters to the people concerned (Art. 34 GDPR): one PDF per person, a print
    file per language, manifest.csv and rejected.csv (bad rows).

    The CSV's columns: name, address_line1, address_line2, postcode, city, country, language
    (nl, fr, de or en), email, data."""
    from breachflow.commands.letters import letters

    letters(
        breach_ref=breach_ref,
        subjects_csv=subjects_csv,
        out_dir=out_dir,
        draft=draft,
        workers=workers,
    )


@app.command("backup", cls=PlainHelp, short_help="Copy the case database, even while it runs.")
@opens_the_store
def backup_command(
    out: Annotated[
        Path, typer.Option("--out", metavar="FILE", help="The file to write the copy to (new).")
    ],
) -> None:
    """Copy the case database consistently, even while the service runs (SQLite's backup
    API; for PostgreSQL it says how to use pg_dump)."""
    from breachflow.commands.backup import backup

    backup(out)


@app.command("restore", cls=PlainHelp, short_help="Bring a copy back as the case database.")
@opens_the_store
def restore_command(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A copy made with `breachflow backup`.")
    ],
) -> None:
    """Bring a copy back as the case database (the service stopped): the copy and its audit
    trail are checked first, the current file is kept aside, the restore is anchored."""
    from breachflow.commands.backup import restore

    restore(file)


@app.command("status", cls=PlainHelp, short_help="Where a breach stands, and what it waits for.")
@opens_the_store
def status_command(
    reference: Annotated[
        str, typer.Argument(metavar="REF", help="The breach reference, BR-YYYY-NNNN.")
    ],
) -> None:
    """Print where a breach stands: its state, the outcome in force (with the DPO's override
    and reason), its open deadlines in Belgian time with hours left, and the decision it waits
    for with where to take it."""
    from breachflow.commands.status import status

    status(reference)


@app.command(
    "export", cls=PlainHelp, short_help="Write, or verify, a breach's accountability export."
)
@opens_the_store
def export_command(
    reference: Annotated[
        str,
        typer.Argument(
            metavar="REF",
            help="The breach reference (BR-YYYY-NNNN), or `verify` to check an export.",
        ),
    ],
    file: Annotated[
        Path | None,
        typer.Argument(metavar="FILE", help="With `verify`: the export (a .zip) to check."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", metavar="FILE", help="The zip file to write (a new file)."),
    ] = None,
) -> None:
    """Write what a GBA inspection asks for about one breach as a zip: every document version,
    every decision with its author and reasons, the assessments, obligations and deadlines, the
    breach's audit events with the chain's hashes, an index.html to open first and a manifest
    of SHA-256 sums (`breachflow export REF --out FILE.zip`).

    `breachflow export verify FILE.zip` checks an export without the database: every file's
    sum, nothing missing or added, the manifest intact; exit 0 only when all hold."""
    from breachflow.commands.export import export, verify

    if reference == "verify":
        verify(file)
    elif file is not None:
        fail(f"unexpected argument {file}: write an export with --out FILE.zip")
    else:
        export(reference, out)


def main() -> None:  # pragma: no cover - console entry
    app()

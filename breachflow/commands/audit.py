"""`breachflow audit verify [--anchor FILE]`: the audit trail checked three ways.

The chain itself (every event's keyed hash and link, its head row), the chain against the
anchors kept outside the database (the data folder's anchor file by default, or a copy: a
saved anchor e-mail, the Slack file, lines pasted from Slack), and the replay of its events
against the breach, assessment, obligation, decision and document rows. Exit 0 only when all
three hold; otherwise each fault is named.
"""

from __future__ import annotations

from pathlib import Path

import typer

from breachflow.services.anchoring import AnchorCopy, anchor_file, read_anchors
from breachflow.settings import get_settings
from breachflow.store import open_store
from models.audit import VerifyResult, audit_key, verify_chain
from models.db import read_scope
from rules.deadlines import BRUSSELS


def verify(anchor: Path | None = None) -> None:
    """Check the trail; exit 0 only when it is intact, else name every fault found."""
    settings = get_settings()
    path = anchor or anchor_file(settings)
    if anchor is not None and not anchor.is_file():
        typer.echo(f"error: --anchor: {anchor}: no such file", err=True)
        raise typer.Exit(2)
    engine = open_store(settings)
    try:
        with read_scope(engine) as session:
            key = audit_key(session)
            copy = read_anchors(path, key) if path.is_file() else None
            result = verify_chain(session, anchors=copy.anchors if copy else ())
    finally:
        engine.dispose()
    problems = _problems(result, copy, path)
    if not problems:
        typer.echo(_intact(result, copy, path, own_file=anchor is None))
        return
    typer.echo("audit trail BROKEN:", err=True)
    for problem in problems:
        typer.echo(f"- {problem}", err=True)
    raise typer.Exit(code=1)


def _problems(result: VerifyResult, copy: AnchorCopy | None, path: Path) -> list[str]:
    problems: list[str] = []
    if result.problem is not None:
        problems.append(f"{result.problem}: {result.message}")
    if copy is None:
        problems.append(
            f"anchor_missing: the anchor file {path} is missing, so a chain cut short or reset "
            "cannot be ruled out; check against a copy with --anchor FILE (a saved anchor "
            "e-mail, or the Slack file)"
        )
    elif copy.altered:
        problems.append(
            f"anchor: {len(copy.altered)} line(s) of {path} were altered (their MAC does not "
            f"match the audit key): {', '.join(copy.altered)}"
        )
    problems += [f"differs: {d.message()}" for d in result.differences]
    return problems


def _intact(result: VerifyResult, copy: AnchorCopy | None, path: Path, *, own_file: bool) -> str:
    anchors = copy.anchors if copy else ()
    if anchors:
        last = anchors[-1]
        when = last.at.astimezone(BRUSSELS).strftime("%Y-%m-%d %H:%M Brussels")
        against = f"matching {len(anchors)} anchor(s) in {path} (the last: #{last.seq}, {when})"
    else:
        against = f"no anchor yet in {path}"
    message = (
        f"{result.message}, {against}; every breach, assessment, obligation, decision and "
        "document row matches its audit events"
    )
    if own_file and anchors and anchors[0].reason not in ("keyed", "restore"):
        message += (
            f"\nnote: {path} begins at #{anchors[0].seq}, not where the trail was keyed: the "
            "earlier anchors are in the e-mail log and Slack (check one with --anchor FILE)"
        )
    return message

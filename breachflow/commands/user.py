"""`breachflow user add|list|disable|token`: the organisation's people and their roles.

`add` prints a one-time link to set a password (72 hours); `token` prints a personal API token.
Only hashes are stored; every change is audited (actor `cli`).
"""

from __future__ import annotations

from datetime import UTC, datetime

import typer

from breachflow.commands.token import public_url
from breachflow.settings import get_settings
from breachflow.store import open_store
from models.db import read_scope, session_scope
from models.users import UserExists, add_user, disable_user, issue_api_token, list_users


def add(*, email: str, name: str, role: str, language: str) -> None:
    """Create the account and print its set-password link."""
    settings = get_settings()
    engine = open_store(settings)
    try:
        with session_scope(engine) as session:
            try:
                user, token = add_user(
                    session=session,
                    email=email,
                    name=name,
                    role=role,
                    language=language,
                    actor="cli",
                    now=datetime.now(UTC),
                )
            except UserExists:
                typer.echo(f"error: an account for {email.strip().lower()} exists", err=True)
                raise typer.Exit(2) from None
            heading = f"{user.name} <{user.email}> ({user.role})"
    finally:
        engine.dispose()
    typer.echo(heading)
    typer.echo(
        f"set a password (valid 72 hours): {public_url(settings).rstrip('/')}/password/{token}"
    )


def show() -> None:
    """Print every account: e-mail, name, role, language, enabled."""
    settings = get_settings()
    engine = open_store(settings)
    try:
        with read_scope(engine) as session:
            rows = [
                f"{u.email}\t{u.name}\t{u.role}\t{u.language}\t"
                + ("enabled" if u.enabled else "disabled")
                for u in list_users(session=session)
            ]
    finally:
        engine.dispose()
    typer.echo("\n".join(rows) if rows else "no accounts yet: breachflow user add EMAIL ...")


def disable(*, email: str) -> None:
    """Disable the account: its sessions and API token stop at once."""
    settings = get_settings()
    engine = open_store(settings)
    try:
        with session_scope(engine) as session:
            user = disable_user(session=session, email=email, actor="cli", now=datetime.now(UTC))
    finally:
        engine.dispose()
    if user is None:
        typer.echo(f"error: no account for {email.strip().lower()}", err=True)
        raise typer.Exit(2)
    typer.echo(f"disabled: {user.email}")


def token(*, email: str) -> None:
    """Print a new personal API token (the previous one stops)."""
    settings = get_settings()
    engine = open_store(settings)
    try:
        with session_scope(engine) as session:
            issued = issue_api_token(
                session=session, email=email, actor="cli", now=datetime.now(UTC)
            )
    finally:
        engine.dispose()
    if issued is None:
        typer.echo(f"error: no enabled account for {email.strip().lower()}", err=True)
        raise typer.Exit(2)
    typer.echo(f"token: {issued}")

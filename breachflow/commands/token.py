"""`breachflow token CLIENT_ID [--revoke TOKEN]`: an employer's access to the form and the API.

The token is printed once and stored only as its SHA-256; its link (`PUBLIC_URL/r/TOKEN`) opens
the form for that client. The security team's shared token of earlier versions is replaced by
people's accounts (`breachflow user add ... --role security`): no new one is issued, and one
issued before keeps working until it is revoked here, so an installation can move at its pace.
"""

from __future__ import annotations

from datetime import UTC, datetime

import typer
from sqlalchemy import Engine

from breachflow.settings import Settings, get_settings, linking_to
from breachflow.store import open_store
from models.access import issue_token, revoke_token
from models.breaches import NotFoundError
from models.db import session_scope
from models.processing_register import get_client_by_code, sync_processing_register
from rules.processing_register import ProcessingRegisterError, load_processing_register

SECURITY = "security"
MOVED = (
    "error: the security team signs in with people's accounts now: "
    "`breachflow user add EMAIL --name NAME --role security` (and `breachflow user token EMAIL` "
    "for scripts); revoke an old security token with `breachflow token --revoke TOKEN`"
)


def link_for(settings: Settings, token: str) -> str:
    """The link that opens the web app with this token: at BREACHFLOW_PUBLIC_URL when set,
    else where the running service says it is (`breachflow serve --port`), else the default."""
    return f"{public_url(settings).rstrip('/')}/r/{token}"


def public_url(settings: Settings) -> str:
    if "public_url" in settings.model_fields_set:
        return settings.public_url
    from breachflow.supervisor import read_service_file

    return linking_to(settings, read_service_file(settings)).public_url


def token(*, target: str | None, revoke: str | None) -> None:
    """Issue a token for a client, or revoke one with --revoke."""
    if target == SECURITY and revoke is None:
        typer.echo(MOVED, err=True)
        raise typer.Exit(2)
    settings = get_settings()
    now = datetime.now(UTC)
    engine = open_store(settings)
    try:
        if revoke is not None:
            with session_scope(engine) as session:
                try:
                    revoke_token(session=session, token=revoke, actor="cli", now=now)
                except NotFoundError:
                    typer.echo("error: no such token", err=True)
                    raise typer.Exit(2) from None
            typer.echo("revoked")
            return
        if not target:
            typer.echo("error: give a client id (see `breachflow clients`)", err=True)
            raise typer.Exit(2)
        _issue(settings, engine, target, now)
    finally:
        engine.dispose()


def _issue(settings: Settings, engine: Engine, target: str, now: datetime) -> None:
    try:
        register = load_processing_register(settings.processing_register)
    except (FileNotFoundError, ProcessingRegisterError) as exc:
        typer.echo(f"error: register {settings.processing_register}: {exc}", err=True)
        raise typer.Exit(2) from None
    with session_scope(engine) as session:
        if target not in register.clients:
            known = ", ".join(register.clients) or "none"
            typer.echo(
                f"error: {target!r} is not a client of the register (known: {known})", err=True
            )
            raise typer.Exit(2)
        sync_processing_register(
            session=session,
            register=register,
            source=str(settings.processing_register),
            now=now,
        )
        client = get_client_by_code(session=session, code=target)
        assert client is not None  # just synced
        token, _ = issue_token(
            session=session, scope="client", client_id=client.id, actor="cli", now=now
        )
        heading = f"{client.name} ({client.code})"
    typer.echo(heading)
    typer.echo(f"link: {link_for(settings, token)}")
    typer.echo(f"token: {token}")

"""Who did something, named for a page: people by name, client tokens by the client's name,
names typed in the Prefect UI marked as not authenticated (`rules.actors` reads the audit's
actor strings; the template `_people.html` words each kind in the reader's language)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session

from models.access import token_holders
from rules.actors import Actor, ActorKind, decision_author, parse_actor

# How a page words each kind (keys of `_people.html`).
PERSON = "person"
TYPED = "typed"
CLIENT = "client"
SECURITY = "security"
UNKNOWN_TOKEN = "unknown_token"
SYSTEM = "system"


@dataclass(frozen=True)
class Named:
    """An actor as a page shows it: `kind` says how, `name` what (`email` for a person)."""

    kind: str
    name: str
    email: str | None = None


class People:
    """Names the actors of one page, reading the tokens they name in one query."""

    def __init__(self, session: Session, actors: Iterable[str]) -> None:
        tokens = [a.token_id for a in map(parse_actor, actors) if a.token_id]
        self._holders = token_holders(session=session, token_ids=tokens)

    def of_actor(self, actor: str) -> Named:
        """An audit event's actor."""
        return self._named(parse_actor(actor))

    def of_decision(self, decided_by: str, email: str | None) -> Named:
        """A decision's author: signed in (an e-mail stored) or as typed."""
        return self._named(decision_author(decided_by, email))

    def _named(self, actor: Actor) -> Named:
        if actor.kind is ActorKind.PERSON:
            return Named(PERSON, actor.name, actor.email)
        if actor.kind is ActorKind.TYPED:
            return Named(TYPED, actor.name)
        if actor.kind is ActorKind.CLIENT:
            scope, client = self._holders.get(actor.token_id or "", ("", None))
            if client:
                return Named(CLIENT, client)
            return Named(SECURITY if scope == "security" else UNKNOWN_TOKEN, "")
        return Named(SYSTEM, actor.name)

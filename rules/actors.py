"""Who did something, as the audit trail names them, and how a page names them back.

An audit actor is one string, so the hash chain keeps its shape. Its form says how far the
name can be trusted:

- `Anna Janssens <anna@org.be>`: a person signed in to breachflow (pages or API) decided; the
  name and e-mail come from the account, not from what was typed.
- `unauthenticated:Anna Janssens`: the name as typed in a form breachflow cannot vouch for (the
  Prefect UI has no accounts). A GBA inspection reading the trail must see that no login stands
  behind it; a page shows it as "not authenticated (Anna Janssens)" in the reader's language.
- `token:<id>`: a client's token (pages resolve it to the client's name).
- anything else (`breachflow`, `reconciler`, ...): the service itself, shown as it is.

The `Decision` row keeps the name alone in `decided_by` (documents may print it, free of codes)
and the e-mail in `decided_by_email` (None: not authenticated).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

UNAUTHENTICATED_PREFIX = "unauthenticated:"
TOKEN_PREFIX = "token:"
_PERSON = re.compile(r"^(?P<name>.*\S)\s*<(?P<email>[^<>\s]+@[^<>\s]+)>$")


class ActorKind(enum.StrEnum):
    """How far an actor's name can be trusted."""

    PERSON = "person"  # signed in: name and e-mail from the account
    TYPED = "typed"  # a name as typed, not authenticated
    CLIENT = "client"  # a client's token
    SYSTEM = "system"  # breachflow itself


@dataclass(frozen=True)
class Actor:
    """An audit actor taken apart: `name` (typed or the account's), `email`, `token_id`."""

    kind: ActorKind
    name: str
    email: str | None = None
    token_id: str | None = None


def decider_actor(name: str, email: str | None) -> str:
    """The audit actor of a person's decision: `Name <email>` when signed in, else the name as
    typed marked `unauthenticated:`."""
    name = " ".join(name.split())
    if email and email.strip():
        return f"{name} <{email.strip()}>"
    return f"{UNAUTHENTICATED_PREFIX}{name}"


def parse_actor(actor: str) -> Actor:
    """An audit actor string taken apart (the inverse of `decider_actor`, and client tokens)."""
    if actor.startswith(UNAUTHENTICATED_PREFIX):
        return Actor(ActorKind.TYPED, actor.removeprefix(UNAUTHENTICATED_PREFIX))
    if actor.startswith(TOKEN_PREFIX):
        token_id = actor.removeprefix(TOKEN_PREFIX)
        return Actor(ActorKind.CLIENT, token_id, token_id=token_id)
    person = _PERSON.match(actor)
    if person:
        return Actor(ActorKind.PERSON, person["name"], email=person["email"])
    return Actor(ActorKind.SYSTEM, actor)


def decision_author(decided_by: str, email: str | None) -> Actor:
    """Who took a stored decision: the signed-in person (an e-mail is stored), else the name as
    typed; a decision that followed from an actor's act keeps that actor (`token:...`). A typed
    name that looks like `Name <email>` stays typed: only the stored e-mail vouches for it."""
    if email:
        return Actor(ActorKind.PERSON, decided_by, email=email)
    actor = parse_actor(decided_by)
    if actor.kind in (ActorKind.TYPED, ActorKind.CLIENT):
        return actor
    return Actor(ActorKind.TYPED, decided_by)

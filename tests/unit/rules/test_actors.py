"""Audit actors: a signed-in person, a typed name, a client token and breachflow itself."""

from __future__ import annotations

import uuid

from rules.actors import ActorKind, decider_actor, decision_author, parse_actor

DPO = "Dana DPO"
EMAIL = "dana.dpo@example.be"


def test_parse_actor_round_trips_every_form() -> None:
    """Each audit actor form is read back as what it is (the overview names people by it)."""
    assert decider_actor(f" {DPO} ", EMAIL) == f"{DPO} <{EMAIL}>"
    assert decider_actor(DPO, None) == f"unauthenticated:{DPO}"
    assert parse_actor(decider_actor("Jan <b>", None)).name == "Jan <b>"
    assert parse_actor(f"{DPO} <{EMAIL}>").kind is ActorKind.PERSON
    assert parse_actor(f"{DPO} <{EMAIL}>").email == EMAIL
    typed = parse_actor(f"unauthenticated:{DPO}")
    assert (typed.kind, typed.name) == (ActorKind.TYPED, DPO)
    token = str(uuid.uuid4())
    assert parse_actor(f"token:{token}").token_id == token
    assert parse_actor("breachflow").kind is ActorKind.SYSTEM


def test_a_typed_name_never_reads_as_signed_in() -> None:
    """Only a stored e-mail makes a decision's author authenticated: a typed `Name <email>`
    stays a typed name."""
    assert decision_author(DPO, EMAIL).kind is ActorKind.PERSON
    forged = decision_author(f"{DPO} <{EMAIL}>", None)
    assert (forged.kind, forged.name) == (ActorKind.TYPED, f"{DPO} <{EMAIL}>")
    assert parse_actor(decider_actor(f"{DPO} <{EMAIL}>", None)).kind is ActorKind.TYPED
    assert decision_author("token:abc", None).kind is ActorKind.CLIENT

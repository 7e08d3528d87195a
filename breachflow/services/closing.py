"""The end of a case: closed with its root cause and lessons learned (the register entry made
anew with them), or a filed notification withdrawn."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Engine

from breachflow.services.breach_register import record_register_entry
from breachflow.services.steps import apply, lock_for, record, start_step
from breachflow.settings import Settings
from models.db import session_scope
from models.tables import Breach
from rules.actors import decider_actor
from rules.decisions import (
    Closing,
    Withdrawal,
    problems_of_closing,
    problems_of_withdrawal,
    refuse_if,
)
from rules.lifecycle import Decision, Event, Step


def record_closing(
    *,
    engine: Engine,
    settings: Settings,
    breach_id: uuid.UUID,
    closing: Closing,
    now: datetime,
    decided_by_email: str | None = None,
) -> Breach:
    """Close the case (the breach register entry's end). `decided_by_email`: the signed-in
    person's (None: the name was typed, not authenticated)."""
    refuse_if(problems_of_closing(closing))
    actor = decider_actor(closing.decided_by, decided_by_email)
    with session_scope(engine) as session:
        breach = lock_for(session, breach_id, Decision.CLOSING)
        record(
            session,
            breach,
            Decision.CLOSING,
            closing.decided_by,
            closing.payload(),
            now,
            decided_by_email=decided_by_email,
        )
        record_register_entry(session, settings, breach, now, event="closed", actor=actor)
        return apply(
            session=session,
            settings=settings,
            breach=breach,
            event=Event.CLOSED,
            actor=actor,
            now=now,
        )


def request_withdrawal(*, engine: Engine, breach_id: uuid.UUID, now: datetime) -> Breach:
    """Open the withdrawal decision for a filed notification (from the CLI or the web app)."""
    with session_scope(engine) as session:
        breach = lock_for(session, breach_id, Decision.WITHDRAWAL)
        start_step(session=session, breach_id=breach.id, step=Step.WITHDRAWAL, key="1", now=now)
    return breach


def record_withdrawal(
    *,
    engine: Engine,
    settings: Settings,
    breach_id: uuid.UUID,
    withdrawal: Withdrawal,
    now: datetime,
    decided_by_email: str | None = None,
) -> Breach:
    """Withdraw a filed notification (e.g. it proved not to be a personal-data breach).
    `decided_by_email`: the signed-in person's (None: the name was typed, not authenticated)."""
    refuse_if(problems_of_withdrawal(withdrawal))
    with session_scope(engine) as session:
        breach = lock_for(session, breach_id, Decision.WITHDRAWAL)
        record(
            session,
            breach,
            Decision.WITHDRAWAL,
            withdrawal.decided_by,
            withdrawal.payload(),
            now,
            decided_by_email=decided_by_email,
        )
        return apply(
            session=session,
            settings=settings,
            breach=breach,
            event=Event.WITHDRAWN,
            actor=decider_actor(withdrawal.decided_by, decided_by_email),
            now=now,
        )

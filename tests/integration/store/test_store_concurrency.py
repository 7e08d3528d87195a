"""Concurrent writers never fork the audit chain nor hand out a reference twice."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine
from sqlmodel import col, select
from store_factories import NOW, breach_in

from models.audit import append_event, verify_chain
from models.breaches import create_breach
from models.db import read_scope, session_scope
from models.tables import AuditEvent

pytestmark = pytest.mark.integration

THREADS = 20
ROUNDS = 5


def test_twenty_threads_give_one_chain_and_unique_references(engine: Engine) -> None:
    """20 threads creating breaches and appending events at once: one unbroken chain, no
    duplicate reference, every event present; a verifier running meanwhile never cries wolf."""
    start = threading.Barrier(THREADS)

    def worker(n: int) -> list[str]:
        start.wait()
        references = []
        for round_ in range(ROUNDS):
            with session_scope(engine) as session:
                breach = create_breach(
                    session=session, breach_in=breach_in(NOW), actor=f"t{n}", now=NOW
                )
                references.append(breach.reference)
            with session_scope(engine) as session:
                append_event(
                    session=session,
                    actor=f"t{n}",
                    entity_type="breach",
                    entity_id=breach.id,
                    action=f"note:{round_}",
                    before=None,
                    after={"round": round_},
                    at=NOW,
                )
        return references

    done = threading.Event()
    checks: list[str] = []

    def verifier() -> None:
        """Verifies while the writers write: a consistent snapshot never looks tampered."""
        while not done.is_set():
            with read_scope(engine) as session:
                result = verify_chain(session)
            checks.append("ok" if result.ok else result.message)

    checker = threading.Thread(target=verifier)
    checker.start()
    try:
        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            results = list(pool.map(worker, range(THREADS)))
    finally:
        done.set()
        checker.join()
    assert checks
    assert set(checks) == {"ok"}

    references = [r for chunk in results for r in chunk]
    assert len(references) == THREADS * ROUNDS
    assert len(set(references)) == len(references)
    assert sorted(references) == [f"BR-2026-{i:04d}" for i in range(1, THREADS * ROUNDS + 1)]
    with read_scope(engine) as session:
        result = verify_chain(session)
        seqs = list(session.exec(select(AuditEvent.seq).order_by(col(AuditEvent.seq))))
    assert result.ok, result.message
    assert result.events == 2 * THREADS * ROUNDS
    assert seqs == list(range(1, 2 * THREADS * ROUNDS + 1))

"""Small SQL helpers shared by the persistence modules (dialect differences live here)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, SQLModel


def insert_if_absent(
    *,
    session: Session,
    table: type[SQLModel],
    values: Mapping[str, Any],
    conflict_columns: Sequence[str],
) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING; True when a row was inserted.

    Safe against a concurrent writer inserting the same unique key (PostgreSQL waits for it and
    then skips), where select-then-insert would raise an integrity error.
    """
    dialect = session.get_bind().dialect.name
    builder = pg_insert if dialect == "postgresql" else sqlite_insert
    key_column = next(iter(table.__table__.primary_key.columns))  # type: ignore[attr-defined]
    statement = (
        builder(table.__table__)  # type: ignore[attr-defined]
        .values(dict(values))
        .on_conflict_do_nothing(index_elements=list(conflict_columns))
        .returning(key_column)
    )
    # RETURNING, not rowcount: the driver's rowcount is not reliable for a skipped insert.
    return session.execute(statement).first() is not None

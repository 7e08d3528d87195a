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
    statement = (
        _upsert_builder(session, table)
        .values(dict(values))
        .on_conflict_do_nothing(index_elements=list(conflict_columns))
        .returning(_key_column(table))
    )
    # RETURNING, not rowcount: the driver's rowcount is not reliable for a skipped insert.
    return session.execute(statement).first() is not None


def insert_rows(
    *,
    session: Session,
    table: type[SQLModel],
    rows: Sequence[Mapping[str, Any]],
    skip_conflicts_on: Sequence[str] | None = None,
) -> int:
    """Insert many rows (all with the same columns) as multi-row INSERT statements; returns
    how many were inserted.

    RETURNING makes SQLAlchemy batch the rows into `INSERT ... VALUES (...), (...)` pages
    ("insertmanyvalues") where a plain executemany would step the driver once a row, releasing
    and re-taking the GIL each time: a group-commit writer then waits on the request threads.
    With `skip_conflicts_on`, rows whose key exists are skipped (ON CONFLICT DO NOTHING).
    """
    if not rows:
        return 0
    statement = _upsert_builder(session, table)
    if skip_conflicts_on is not None:
        statement = statement.on_conflict_do_nothing(index_elements=list(skip_conflicts_on))
    inserted = session.execute(statement.returning(_key_column(table)), [dict(r) for r in rows])
    return len(inserted.all())


def _upsert_builder(session: Session, table: type[SQLModel]) -> Any:
    """The dialect's INSERT (with ON CONFLICT) for the session's database."""
    dialect = session.get_bind().dialect.name
    builder = pg_insert if dialect == "postgresql" else sqlite_insert
    return builder(table.__table__)  # type: ignore[attr-defined]


def _key_column(table: type[SQLModel]) -> Any:
    return next(iter(table.__table__.primary_key.columns))  # type: ignore[attr-defined]


def row_values(row: SQLModel) -> dict[str, Any]:
    """A table model's column values, as `insert_rows` takes them."""
    columns = row.__table__.columns  # type: ignore[attr-defined]
    return {column.key: getattr(row, column.key) for column in columns}

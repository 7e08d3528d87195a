"""breach: measures in their own columns; the reporting client only in client_id

The facts JSON held two private keys beside the breach facts: `_measures` (the DPO's measures
taken and planned) and `_reported_by_client` (the reporting client's register id, which
`client_id` already holds for a client's report). Measures move to `measures_taken` and
`measures_planned`; a reporting client missing from `client_id` is looked up by its code; both
keys leave the facts, which then hold only the breach facts of the cases format.

Revision ID: 0004_breach_columns
Revises: 0003_intake
Create Date: 2026-11-30 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0004_breach_columns"
down_revision: str | None = "0003_intake"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_breach = sa.table(
    "breach",
    sa.column("id", sa.Uuid()),
    sa.column("facts", sa.JSON()),
    sa.column("client_id", sa.Uuid()),
    sa.column("measures_taken", sa.JSON()),
    sa.column("measures_planned", sa.JSON()),
)
_client = sa.table("client", sa.column("id", sa.Uuid()), sa.column("code", sa.String()))


def upgrade() -> None:
    with op.batch_alter_table("breach", schema=None) as batch_op:
        batch_op.add_column(sa.Column("measures_taken", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("measures_planned", sa.JSON(), nullable=True))
    connection = op.get_bind()
    clients = dict(connection.execute(sa.select(_client.c.code, _client.c.id)).all())
    rows = connection.execute(sa.select(_breach.c.id, _breach.c.facts, _breach.c.client_id))
    for breach_id, facts, client_id in rows.all():
        facts = dict(facts or {})
        measures: dict[str, Any] = facts.pop("_measures", None) or {}
        reported_by = facts.pop("_reported_by_client", None)
        if client_id is None and reported_by in clients:
            client_id = clients[reported_by]
        facts = {k: v for k, v in facts.items() if not str(k).startswith("_")}
        connection.execute(
            sa.update(_breach)
            .where(_breach.c.id == breach_id)
            .values(
                facts=facts,
                client_id=client_id,
                measures_taken=list(measures.get("taken", [])),
                measures_planned=list(measures.get("planned", [])),
            )
        )
    with op.batch_alter_table("breach", schema=None) as batch_op:
        batch_op.alter_column("measures_taken", existing_type=sa.JSON(), nullable=False)
        batch_op.alter_column("measures_planned", existing_type=sa.JSON(), nullable=False)


def downgrade() -> None:
    connection = op.get_bind()
    codes = dict(connection.execute(sa.select(_client.c.id, _client.c.code)).all())
    rows = connection.execute(
        sa.select(
            _breach.c.id,
            _breach.c.facts,
            _breach.c.client_id,
            _breach.c.measures_taken,
            _breach.c.measures_planned,
        )
    )
    for breach_id, facts, client_id, taken, planned in rows.all():
        facts = dict(facts or {})
        if taken or planned:
            facts["_measures"] = {"taken": list(taken or []), "planned": list(planned or [])}
        facts["_reported_by_client"] = codes.get(client_id)
        connection.execute(sa.update(_breach).where(_breach.c.id == breach_id).values(facts=facts))
    with op.batch_alter_table("breach", schema=None) as batch_op:
        batch_op.drop_column("measures_planned")
        batch_op.drop_column("measures_taken")

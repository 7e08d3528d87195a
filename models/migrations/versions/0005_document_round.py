"""document: the drafting round it belongs to, and the facts it states

`round` says which drafting round made a draft (the drafts being approved are the current
round's; a register entry made on filing or closing has none); `shown_facts` keeps the facts a
notification stated as codes, so a follow-up or Part 2 lists what changed since. Existing rows:
a draft's version was its round.

Revision ID: 0005_document_round
Revises: 0004_breach_columns
Create Date: 2026-11-30 14:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_document_round"
down_revision: str | None = "0004_breach_columns"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_document = sa.table(
    "document", sa.column("version", sa.Integer()), sa.column("round", sa.Integer())
)


def upgrade() -> None:
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("round", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("shown_facts", sa.JSON(), nullable=True))
    op.execute(sa.update(_document).values(round=_document.c.version))


def downgrade() -> None:
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_column("shown_facts")
        batch_op.drop_column("round")

"""decision: the signed-in author's e-mail

`decided_by_email` is the e-mail of the person signed in to breachflow who took the decision;
None (every existing row) means the name in `decided_by` was typed, not authenticated.

Revision ID: 0007_decision_author
Revises: 0006_users
Create Date: 2026-11-30 15:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_decision_author"
down_revision: str | None = "0006_users"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("decided_by_email", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_column("decided_by_email")

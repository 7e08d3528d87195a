"""the clock: reminder rows, the scheduler's lock/heartbeat row, one Slack thread per breach

Revision ID: 0002_clock
Revises: 0001
Create Date: 2026-11-21 22:15:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_clock"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reminder",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("breach_id", sa.Uuid(), nullable=False),
        sa.Column("obligation_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deadline_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["breach_id"], ["breach.id"], name=op.f("fk_reminder_breach_id_breach")
        ),
        sa.ForeignKeyConstraint(
            ["obligation_id"], ["obligation.id"], name=op.f("fk_reminder_obligation_id_obligation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder")),
        sa.UniqueConstraint("key", name=op.f("uq_reminder_key")),
    )
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reminder_breach_id"), ["breach_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_reminder_obligation_id"), ["obligation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_reminder_due_at"), ["due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_reminder_sent_at"), ["sent_at"], unique=False)

    op.create_table(
        "clock_lock",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("holder", sa.String(), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acquired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_beat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_sweep_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_clock_lock")),
    )

    op.create_table(
        "slack_thread",
        sa.Column("breach_id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(), nullable=True),
        sa.Column("ts", sa.String(), nullable=True),
        sa.Column("top_key", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["breach_id"], ["breach.id"], name=op.f("fk_slack_thread_breach_id_breach")
        ),
        sa.PrimaryKeyConstraint("breach_id", name=op.f("pk_slack_thread")),
    )


def downgrade() -> None:
    op.drop_table("slack_thread")
    op.drop_table("clock_lock")
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reminder_sent_at"))
        batch_op.drop_index(batch_op.f("ix_reminder_due_at"))
        batch_op.drop_index(batch_op.f("ix_reminder_obligation_id"))
        batch_op.drop_index(batch_op.f("ix_reminder_breach_id"))
    op.drop_table("reminder")

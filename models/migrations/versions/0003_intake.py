"""intake: access tokens (hashed), intake reports, attachments

Revision ID: 0003_intake
Revises: 0002_clock
Create Date: 2026-11-21 22:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_intake"
down_revision: str | None = "0002_clock"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "access_token",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("token_sha256", sa.String(), nullable=False),
        sa.Column("scope", sa.String(), nullable=False),
        sa.Column("client_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_access_token_client_id_client")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_token")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_access_token_token_sha256")),
    )
    with op.batch_alter_table("access_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_access_token_client_id"), ["client_id"], unique=False)

    op.create_table(
        "intake_report",
        sa.Column("breach_id", sa.Uuid(), nullable=False),
        sa.Column("token_id", sa.Uuid(), nullable=True),
        sa.Column("language", sa.String(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["breach_id"], ["breach.id"], name=op.f("fk_intake_report_breach_id_breach")
        ),
        sa.ForeignKeyConstraint(
            ["token_id"], ["access_token.id"], name=op.f("fk_intake_report_token_id_access_token")
        ),
        sa.PrimaryKeyConstraint("breach_id", name=op.f("pk_intake_report")),
    )
    with op.batch_alter_table("intake_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_intake_report_token_id"), ["token_id"], unique=False)

    op.create_table(
        "breach_attachment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("breach_id", sa.Uuid(), nullable=False),
        sa.Column("filename", sa.String(), nullable=False),
        sa.Column("mime_type", sa.String(), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("stored_name", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["breach_id"], ["breach.id"], name=op.f("fk_breach_attachment_breach_id_breach")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_breach_attachment")),
    )
    with op.batch_alter_table("breach_attachment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_breach_attachment_breach_id"), ["breach_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("breach_attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_breach_attachment_breach_id"))
    op.drop_table("breach_attachment")
    with op.batch_alter_table("intake_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intake_report_token_id"))
    op.drop_table("intake_report")
    with op.batch_alter_table("access_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_token_client_id"))
    op.drop_table("access_token")

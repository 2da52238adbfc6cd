"""Printing: the case type on each ticket, site secrets (QR signing), print jobs.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("case_type", sa.String(40), nullable=True))
    op.create_table(
        "site_secrets",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "print_jobs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "ticket_id",
            sa.Integer,
            sa.ForeignKey("tickets.id", name="fk_print_jobs_ticket_id_tickets"),
            nullable=False,
        ),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("finished_at", TS, nullable=True),
        sa.Column("backend", sa.String(20), nullable=False),
        sa.Column("printer", sa.String(120), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("printer_state", sa.String(30), nullable=True),
        sa.Column("detail", sa.String(300), nullable=False),
        sa.Column("reprint", sa.Boolean, nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
    )
    op.create_index("ix_print_jobs_status", "print_jobs", ["status", "created_at"])


def downgrade() -> None:
    op.drop_table("print_jobs")
    op.drop_table("site_secrets")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("case_type")

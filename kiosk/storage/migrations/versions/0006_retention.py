"""Retention: one row per purge run (a run per day and site, claimed by one machine), and
cases remember when their personal data was purged.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "retention_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("slot", sa.Date, nullable=True),
        sa.Column("started_at", TS, nullable=False),
        sa.Column("finished_at", TS, nullable=True),
        sa.Column("machine", sa.String(80), nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("counts", sa.JSON, nullable=True),
        sa.UniqueConstraint("slot", name="uq_retention_runs_slot"),
    )
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("purged_at", TS, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("purged_at")
    op.drop_table("retention_runs")

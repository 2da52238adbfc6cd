"""Intake: each case remembers the kiosk submission it came from, so a repeat is harmless.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("submission_id", sa.String(32), nullable=True))
        batch.add_column(sa.Column("priority_reasons", sa.JSON, nullable=True))
        batch.create_unique_constraint("uq_cases_submission_id", ["submission_id"])


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_constraint("uq_cases_submission_id", type_="unique")
        batch.drop_column("priority_reasons")
        batch.drop_column("submission_id")

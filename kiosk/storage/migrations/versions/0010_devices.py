"""Devices: every running machine reports every 30 s (its role, version, camera and printer),
so that the admin screen lists them and the counters hear of a kiosk out of paper or offline.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "devices",
        sa.Column("name", sa.String(80), primary_key=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("version", sa.String(40), nullable=False),
        sa.Column("camera", sa.String(30), nullable=True),
        sa.Column("printer", sa.String(30), nullable=True),
        sa.Column("started_at", TS, nullable=False),
        sa.Column("last_seen", TS, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("devices")

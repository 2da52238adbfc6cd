"""Liveness: the encrypted media vault and liveness check results.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "media",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uid", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("purge_after", TS, nullable=False),
        sa.Column("key_id", sa.String(16), nullable=False),
        sa.Column("nonce", sa.LargeBinary, nullable=False),
        sa.Column("ciphertext", sa.LargeBinary, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.UniqueConstraint("uid", name="uq_media_uid"),
    )
    op.create_table(
        "liveness_checks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column(
            "case_id",
            sa.Integer,
            sa.ForeignKey("cases.id", name="fk_liveness_checks_case_id_cases", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("passed", sa.Boolean, nullable=False),
        sa.Column("result", sa.JSON, nullable=False),
        sa.Column(
            "video_id",
            sa.Integer,
            sa.ForeignKey(
                "media.id", name="fk_liveness_checks_video_id_media", ondelete="SET NULL"
            ),
            nullable=True,
        ),
        sa.Column(
            "frame_id",
            sa.Integer,
            sa.ForeignKey(
                "media.id", name="fk_liveness_checks_frame_id_media", ondelete="SET NULL"
            ),
            nullable=True,
        ),
    )


def downgrade() -> None:
    op.drop_table("liveness_checks")
    op.drop_table("media")

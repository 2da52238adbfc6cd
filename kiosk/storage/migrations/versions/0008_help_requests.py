"""Help requests: a visitor at a kiosk calls a member of staff (no personal data: the kiosk,
the step, the language and the dialect wanted), claimed at a counter. And the last four digits
of a case's phone number, so that a visitor who lost the ticket can look it up by its number
and those digits (checked on PostgreSQL by a function: a kiosk never reads them).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "help_requests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kiosk", sa.String(80), nullable=False),
        sa.Column("step", sa.String(40), nullable=False),
        sa.Column("language", sa.String(12), nullable=False),
        sa.Column("dialect", sa.String(40), nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("claimed_by", sa.String(80), nullable=True),
        sa.Column("claimed_at", TS, nullable=True),
        sa.Column("closed_at", TS, nullable=True),
    )
    op.create_index("ix_help_requests_status", "help_requests", ["status"])
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("contact_last4", sa.String(4), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(TICKET_MATCHES)


#: Does this ticket's case have a phone number ending in these digits? (True/False only.)
TICKET_MATCHES = """
CREATE FUNCTION kiosk_ticket_matches(p_ticket_id integer, p_last4 text)
RETURNS boolean
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
    SELECT EXISTS (
        SELECT 1 FROM cases
        WHERE ticket_id = p_ticket_id AND contact_last4 IS NOT NULL
          AND contact_last4 = p_last4)
$$
"""


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION kiosk_ticket_matches(integer, text)")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("contact_last4")
    op.drop_index("ix_help_requests_status", "help_requests")
    op.drop_table("help_requests")

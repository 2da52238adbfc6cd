"""Staff-assisted intake at reception: the case says who filled it in with the visitor, and
an acknowledgement or consent given orally says which member of staff heard it.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("assisted_by", sa.String(80), nullable=True))
    for table in ("acknowledgements", "consents"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("witness", sa.String(80), nullable=True))


def downgrade() -> None:
    for table in ("consents", "acknowledgements"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("witness")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("assisted_by")

"""Initial tables: settings versions, staff, counters, tickets, cases, records, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "settings_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("created_by", sa.String(80), nullable=False),
        sa.Column("schema_version", sa.Integer, nullable=False),
        sa.Column("comment", sa.String(200), nullable=False),
        sa.Column("document", sa.JSON, nullable=False),
    )
    op.create_table(
        "staff",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("secret_hash", sa.String(200), nullable=False),
        sa.Column("failed_attempts", sa.Integer, nullable=False),
        sa.Column("locked_until", TS, nullable=True),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("name", name="uq_staff_name"),
    )
    op.create_table(
        "counters",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("is_open", sa.Boolean, nullable=False),
        sa.Column(
            "staff_id",
            sa.Integer,
            sa.ForeignKey("staff.id", name="fk_counters_staff_id_staff"),
            nullable=True,
        ),
        sa.Column("opened_at", TS, nullable=True),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_table(
        "ticket_sequences",
        sa.Column("prefix", sa.String(4), primary_key=True),
        sa.Column("service_day", sa.Date, primary_key=True),
        sa.Column("last_number", sa.Integer, nullable=False),
    )
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("prefix", sa.String(4), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("service_day", sa.Date, nullable=False),
        sa.Column("queue_id", sa.String(40), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("priority_class", sa.String(40), nullable=False),
        sa.Column("arrived_at", TS, nullable=False),
        sa.Column("called_at", TS, nullable=True),
        sa.Column("started_at", TS, nullable=True),
        sa.Column("ended_at", TS, nullable=True),
        sa.Column("counter_id", sa.String(40), nullable=True),
        sa.Column("target_counter_id", sa.String(40), nullable=True),
        sa.Column("recall_count", sa.Integer, nullable=False),
        sa.Column("outcome", sa.String(30), nullable=True),
        sa.Column("language", sa.String(10), nullable=True),
        sa.Column("flags", sa.JSON, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.UniqueConstraint("prefix", "service_day", "number", name="uq_tickets_number"),
    )
    op.create_index("ix_tickets_day_state", "tickets", ["service_day", "state"])
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "ticket_id",
            sa.Integer,
            sa.ForeignKey("tickets.id", name="fk_cases_ticket_id_tickets"),
            nullable=False,
        ),
        sa.Column("case_type", sa.String(40), nullable=False),
        sa.Column(
            "settings_version",
            sa.Integer,
            sa.ForeignKey(
                "settings_versions.id", name="fk_cases_settings_version_settings_versions"
            ),
            nullable=True,
        ),
        sa.Column("form_version", sa.Integer, nullable=False),
        sa.Column("language", sa.String(10), nullable=False),
        sa.Column("manual_id_check", sa.Boolean, nullable=False),
        sa.Column("liveness", sa.JSON, nullable=True),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("outcome_note", sa.Text, nullable=False),
        sa.Column("callback_phone", sa.String(40), nullable=True),
        sa.Column("callback_window", sa.String(60), nullable=True),
        sa.Column("callback_due", TS, nullable=True),
        sa.Column("callback_queue", sa.String(40), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("ticket_id", name="uq_cases_ticket_id"),
    )
    op.create_table(
        "case_answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "case_id",
            sa.Integer,
            sa.ForeignKey("cases.id", name="fk_case_answers_case_id_cases", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("field_id", sa.String(40), nullable=False),
        sa.Column("value", sa.JSON, nullable=True),
        sa.UniqueConstraint("case_id", "field_id", name="uq_case_answers_field"),
    )
    for name, flag, stamp in (
        ("acknowledgements", None, "acknowledged_at"),
        ("consents", "granted", "recorded_at"),
    ):
        columns: list[sa.Column[Any]] = [
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column(
                "case_id",
                sa.Integer,
                sa.ForeignKey("cases.id", name=f"fk_{name}_case_id_cases", ondelete="CASCADE"),
                nullable=False,
            ),
        ]
        if flag:
            columns.append(sa.Column(flag, sa.Boolean, nullable=False))
        columns += [
            sa.Column("text_version", sa.Integer, nullable=False),
            sa.Column("text_sha256", sa.String(64), nullable=False),
            sa.Column("language", sa.String(10), nullable=False),
            sa.Column(stamp, TS, nullable=False),
        ]
        op.create_table(name, *columns)
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", TS, nullable=False),
        sa.Column("actor", sa.String(80), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("entity", sa.String(30), nullable=False),
        sa.Column("entity_id", sa.String(40), nullable=True),
        sa.Column("details", sa.JSON, nullable=False),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])


def downgrade() -> None:
    for table in (
        "audit_log",
        "consents",
        "acknowledgements",
        "case_answers",
        "cases",
        "tickets",
        "ticket_sequences",
        "counters",
        "staff",
        "settings_versions",
    ):
        op.drop_table(table)

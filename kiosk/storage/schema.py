"""Tables, as SQLAlchemy Core metadata. Alembic migrations create them; a test checks both agree.

All times are stored as UTC. Personal data lives only in ``cases``, ``case_answers`` and the
media vault; the audit log names records by id, never by what a visitor typed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, on every backend."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("refusing to store a naive datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]
        return value.astimezone(UTC)  # type: ignore[no-any-return]


metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

settings_versions = Table(
    "settings_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_by", String(80), nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("comment", String(200), nullable=False, default=""),
    Column("document", JSON, nullable=False),
)

staff = Table(
    "staff",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(80), nullable=False, unique=True),
    Column("role", String(20), nullable=False, default="clerk"),
    Column("secret_hash", String(200), nullable=False),
    Column("failed_attempts", Integer, nullable=False, default=0),
    Column("locked_until", UTCDateTime, nullable=True),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("demo", Boolean, nullable=False, default=False, server_default=false()),
)

counters = Table(
    "counters",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("is_open", Boolean, nullable=False, default=False),
    Column("staff_id", Integer, ForeignKey("staff.id"), nullable=True),
    Column("opened_at", UTCDateTime, nullable=True),
    Column("updated_at", UTCDateTime, nullable=False),
)

ticket_sequences = Table(
    "ticket_sequences",
    metadata,
    Column("prefix", String(4), primary_key=True),
    Column("service_day", Date, primary_key=True),
    Column("last_number", Integer, nullable=False),
)

tickets = Table(
    "tickets",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("prefix", String(4), nullable=False),
    Column("number", Integer, nullable=False),
    Column("service_day", Date, nullable=False),
    Column("queue_id", String(40), nullable=False),
    Column("case_type", String(40), nullable=True),
    Column("state", String(20), nullable=False),
    Column("priority_class", String(40), nullable=False),
    Column("arrived_at", UTCDateTime, nullable=False),
    Column("called_at", UTCDateTime, nullable=True),
    Column("started_at", UTCDateTime, nullable=True),
    Column("ended_at", UTCDateTime, nullable=True),
    Column("counter_id", String(40), nullable=True),
    Column("target_counter_id", String(40), nullable=True),
    Column("recall_count", Integer, nullable=False, default=0),
    Column("outcome", String(30), nullable=True),
    Column("language", String(10), nullable=True),
    Column("flags", JSON, nullable=False),
    Column("version", Integer, nullable=False, default=1),
    UniqueConstraint("prefix", "service_day", "number", name="uq_tickets_number"),
    Index("ix_tickets_day_state", "service_day", "state"),
)

cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("ticket_id", Integer, ForeignKey("tickets.id"), nullable=False, unique=True),
    Column("case_type", String(40), nullable=False),
    Column("settings_version", Integer, ForeignKey("settings_versions.id"), nullable=True),
    Column("form_version", Integer, nullable=False),
    Column("language", String(10), nullable=False),
    Column("manual_id_check", Boolean, nullable=False, default=False),
    Column("liveness", JSON, nullable=True),
    Column("notes", Text, nullable=False, default=""),
    Column("outcome_note", Text, nullable=False, default=""),
    Column("callback_phone", String(40), nullable=True),
    Column("callback_window", String(60), nullable=True),
    Column("callback_due", UTCDateTime, nullable=True),
    Column("callback_queue", String(40), nullable=True),
    Column("callback_done_at", UTCDateTime, nullable=True),
    Column("purged_at", UTCDateTime, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("submission_id", String(32), nullable=True, unique=True),
    Column("priority_reasons", JSON, nullable=True),
    Column("contact_last4", String(4), nullable=True),
    Column("assisted_by", String(80), nullable=True),
)

case_answers = Table(
    "case_answers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("field_id", String(40), nullable=False),
    Column("value", JSON, nullable=True),
    UniqueConstraint("case_id", "field_id", name="uq_case_answers_field"),
)

acknowledgements = Table(
    "acknowledgements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("text_version", Integer, nullable=False),
    Column("text_sha256", String(64), nullable=False),
    Column("language", String(10), nullable=False),
    Column("acknowledged_at", UTCDateTime, nullable=False),
    Column("witness", String(80), nullable=True),
)

consents = Table(
    "consents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("granted", Boolean, nullable=False),
    Column("text_version", Integer, nullable=False),
    Column("text_sha256", String(64), nullable=False),
    Column("language", String(10), nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("witness", String(80), nullable=True),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", String(80), nullable=False),
    Column("action", String(40), nullable=False),
    Column("entity", String(30), nullable=False),
    Column("entity_id", String(40), nullable=True),
    Column("details", JSON, nullable=False),
    Index("ix_audit_log_at", "at"),
)

site_secrets = Table(
    "site_secrets",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", String(200), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

print_jobs = Table(
    "print_jobs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("ticket_id", Integer, ForeignKey("tickets.id"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime, nullable=True),
    Column("backend", String(20), nullable=False),
    Column("printer", String(120), nullable=False),
    Column("status", String(20), nullable=False),
    Column("printer_state", String(30), nullable=True),
    Column("detail", String(300), nullable=False, default=""),
    Column("reprint", Boolean, nullable=False, default=False),
    Column("actor", String(80), nullable=False),
    Index("ix_print_jobs_status", "status", "created_at"),
)

media = Table(
    "media",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uid", String(36), nullable=False, unique=True),
    Column("kind", String(20), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("purge_after", UTCDateTime, nullable=False),
    Column("key_id", String(16), nullable=False),
    Column("nonce", LargeBinary, nullable=False),
    Column("ciphertext", LargeBinary, nullable=False),
    Column("size", Integer, nullable=False),
)

liveness_checks = Table(
    "liveness_checks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("case_id", Integer, ForeignKey("cases.id", ondelete="SET NULL"), nullable=True),
    Column("passed", Boolean, nullable=False),
    Column("result", JSON, nullable=False),
    Column("video_id", Integer, ForeignKey("media.id", ondelete="SET NULL"), nullable=True),
    Column("frame_id", Integer, ForeignKey("media.id", ondelete="SET NULL"), nullable=True),
)

retention_runs = Table(
    "retention_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("slot", Date, nullable=True, unique=True),
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime, nullable=True),
    Column("machine", String(80), nullable=False),
    Column("actor", String(80), nullable=False),
    Column("counts", JSON, nullable=True),
)

help_requests = Table(
    "help_requests",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kiosk", String(80), nullable=False),
    Column("step", String(40), nullable=False),
    Column("language", String(12), nullable=False),
    Column("dialect", String(40), nullable=True),
    Column("status", String(12), nullable=False, index=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("claimed_by", String(80), nullable=True),
    Column("claimed_at", UTCDateTime, nullable=True),
    Column("closed_at", UTCDateTime, nullable=True),
)

devices = Table(
    "devices",
    metadata,
    Column("name", String(80), primary_key=True),
    Column("role", String(20), nullable=False),
    Column("version", String(40), nullable=False),
    Column("camera", String(30), nullable=True),
    Column("printer", String(30), nullable=True),
    Column("started_at", UTCDateTime, nullable=False),
    Column("last_seen", UTCDateTime, nullable=False),
)

site_facts = Table(
    "site_facts",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", String(200), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

#: Views (created by the migrations, not by this metadata): what every machine may read.
views = MetaData()

queue_board = Table(
    "queue_board",
    views,
    Column("id", Integer, primary_key=True),
    Column("prefix", String(4)),
    Column("number", Integer),
    Column("service_day", Date),
    Column("queue_id", String(40)),
    Column("case_type", String(40)),
    Column("state", String(20)),
    Column("priority_class", String(40)),
    Column("arrived_at", UTCDateTime),
    Column("called_at", UTCDateTime),
    Column("started_at", UTCDateTime),
    Column("ended_at", UTCDateTime),
    Column("counter_id", String(40)),
    Column("target_counter_id", String(40)),
    Column("recall_count", Integer),
    Column("version", Integer),
)

public_changes = Table(
    "public_changes",
    views,
    Column("id", Integer, primary_key=True),
    Column("action", String(40)),
    Column("entity", String(30)),
    Column("entity_id", String(40)),
    Column("details", JSON),
)

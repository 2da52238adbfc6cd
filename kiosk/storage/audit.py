"""The audit log, which is also the change feed every screen listens to.

Each state change writes one row here inside its own transaction. On PostgreSQL the same
transaction sends ``NOTIFY kiosk_changes`` with the row as JSON, delivered when it commits; on
SQLite, listeners read the new rows after ``PRAGMA data_version`` changes. Details carry ids,
codes and states only — never what a visitor typed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, text

from kiosk.storage.schema import audit_log, public_changes

CHANNEL = "kiosk_changes"
#: Only these entities are announced to listeners (every machine may listen), and only these
#: keys of their details: numbers, queues, states, counters. Nothing about a case or a person.
PUBLIC_ENTITIES = frozenset({"ticket", "counter", "settings", "help", "device", "alert"})
PUBLIC_KEYS = frozenset(
    {"code", "queue", "state", "counter", "counter_number", "to_queue", "to_counter",
     "kiosk", "step", "language", "status", "claimed_by", "kind", "count", "minutes"}
)  # fmt: skip


def public_details(details: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in details.items() if k in PUBLIC_KEYS}


@dataclass(frozen=True, slots=True)
class ChangeEvent:
    """One committed change, as listeners receive it."""

    audit_id: int
    action: str
    entity: str
    entity_id: str | None
    details: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(
            {
                "audit_id": self.audit_id,
                "action": self.action,
                "entity": self.entity,
                "entity_id": self.entity_id,
                "details": self.details,
            },
            separators=(",", ":"),
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, payload: str) -> ChangeEvent:
        data = json.loads(payload)
        return cls(
            audit_id=int(data["audit_id"]),
            action=str(data["action"]),
            entity=str(data["entity"]),
            entity_id=data.get("entity_id"),
            details=dict(data.get("details") or {}),
        )


def record(
    conn: Connection,
    *,
    at: datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: str | int | None,
    details: dict[str, Any] | None = None,
) -> ChangeEvent:
    """Write one audit row in ``conn``'s transaction (on PostgreSQL, with its notification)."""
    details = details or {}
    key = None if entity_id is None else str(entity_id)
    audit_id = conn.execute(
        insert(audit_log)
        .values(at=at, actor=actor, action=action, entity=entity, entity_id=key, details=details)
        .returning(audit_log.c.id)
    ).scalar_one()
    change = ChangeEvent(audit_id, action, entity, key, details)
    if conn.dialect.name == "postgresql" and entity in PUBLIC_ENTITIES:
        announced = ChangeEvent(audit_id, action, entity, key, public_details(details))
        conn.execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {"channel": CHANNEL, "payload": announced.to_json()},
        )
    return change


def last_event_id(conn: Connection) -> int:
    value = conn.execute(
        select(public_changes.c.id).order_by(public_changes.c.id.desc()).limit(1)
    ).scalar()
    return int(value or 0)

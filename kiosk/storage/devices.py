"""The devices table: one row per machine, written by its heartbeat."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from kiosk.storage.database import upsert_insert
from kiosk.storage.schema import devices


def beat(
    conn: Connection,
    *,
    name: str,
    role: str,
    version: str,
    camera: str | None,
    printer: str | None,
    now: datetime,
    started_at: datetime,
) -> None:
    values = {
        "role": role,
        "version": version,
        "camera": camera,
        "printer": printer,
        "last_seen": now,
        "started_at": started_at,
    }
    statement = upsert_insert(conn, devices).values(name=name, **values)
    conn.execute(statement.on_conflict_do_update(index_elements=["name"], set_=values))


def all_devices(conn: Connection) -> Sequence[Any]:
    return conn.execute(select(devices).order_by(devices.c.role, devices.c.name)).mappings().all()

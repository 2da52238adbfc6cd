"""Settings versions: every saved configuration is a new row; the newest one is in force."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select

from kiosk.storage.schema import settings_versions


@dataclass(frozen=True, slots=True)
class StoredSettings:
    id: int
    created_at: datetime
    created_by: str
    schema_version: int
    comment: str
    document: dict[str, Any]


def _stored(row: Any) -> StoredSettings:
    return StoredSettings(
        row["id"],
        row["created_at"],
        row["created_by"],
        row["schema_version"],
        row["comment"],
        dict(row["document"]),
    )


def save_version(
    conn: Connection,
    document: dict[str, Any],
    *,
    created_at: datetime,
    created_by: str,
    comment: str = "",
) -> int:
    return int(
        conn.execute(
            insert(settings_versions)
            .values(
                created_at=created_at,
                created_by=created_by,
                schema_version=int(document.get("schema_version", 1)),
                comment=comment[:200],
                document=document,
            )
            .returning(settings_versions.c.id)
        ).scalar_one()
    )


def versions_newest_first(conn: Connection, limit: int = 50) -> list[StoredSettings]:
    rows = conn.execute(
        select(settings_versions).order_by(settings_versions.c.id.desc()).limit(limit)
    ).mappings()
    return [_stored(r) for r in rows]


def newest_version_id(conn: Connection) -> int | None:
    value = conn.execute(select(func.max(settings_versions.c.id))).scalar()
    return None if value is None else int(value)


def versions_older_than(conn: Connection, version_id: int, limit: int = 50) -> list[StoredSettings]:
    rows = conn.execute(
        select(settings_versions)
        .where(settings_versions.c.id < version_id)
        .order_by(settings_versions.c.id.desc())
        .limit(limit)
    ).mappings()
    return [_stored(r) for r in rows]


def get_version(conn: Connection, version_id: int) -> StoredSettings | None:
    row = (
        conn.execute(select(settings_versions).where(settings_versions.c.id == version_id))
        .mappings()
        .first()
    )
    return _stored(row) if row else None

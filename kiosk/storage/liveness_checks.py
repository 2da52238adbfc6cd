"""Face-check rows: the result of each check and the ids of its media in the vault."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from kiosk.storage.schema import liveness_checks


def insert_check(
    conn: Connection,
    *,
    now: datetime,
    passed: bool,
    result: dict[str, Any],
    video_id: int | None,
    frame_id: int | None,
    case_id: int | None = None,
) -> int:
    return int(
        conn.execute(
            insert(liveness_checks)
            .values(
                created_at=now,
                case_id=case_id,
                passed=passed,
                result=result,
                video_id=video_id,
                frame_id=frame_id,
            )
            .returning(liveness_checks.c.id)
        ).scalar_one()
    )


def attach_to_case(conn: Connection, check_id: int, case_id: int) -> None:
    conn.execute(
        update(liveness_checks).where(liveness_checks.c.id == check_id).values(case_id=case_id)
    )


def get_check(conn: Connection, check_id: int) -> dict[str, Any] | None:
    row = (
        conn.execute(select(liveness_checks).where(liveness_checks.c.id == check_id))
        .mappings()
        .first()
    )
    return None if row is None else dict(row)


def delete_check(conn: Connection, check_id: int) -> None:
    conn.execute(delete(liveness_checks).where(liveness_checks.c.id == check_id))

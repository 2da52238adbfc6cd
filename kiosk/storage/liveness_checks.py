"""Face-check rows: the result of each check and the ids of its media in the vault."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, text, update

from kiosk.storage.schema import liveness_checks, media


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


def discard_unattached(conn: Connection, check_id: int) -> list[tuple[int, str]]:
    """Delete a check that belongs to no case, with its media; (media id, kind) deleted."""
    if conn.dialect.name == "postgresql":
        found = conn.execute(text("SELECT * FROM kiosk_discard_check(:id)"), {"id": check_id})
        return [(int(r[0]), str(r[1])) for r in found]
    row = conn.execute(
        select(liveness_checks.c.video_id, liveness_checks.c.frame_id).where(
            liveness_checks.c.id == check_id, liveness_checks.c.case_id.is_(None)
        )
    ).first()
    if row is None:
        return []
    conn.execute(delete(liveness_checks).where(liveness_checks.c.id == check_id))
    ids = [m for m in row if m is not None]
    gone = [
        (int(r[0]), str(r[1]))
        for r in conn.execute(select(media.c.id, media.c.kind).where(media.c.id.in_(ids)))
    ]
    conn.execute(delete(media).where(media.c.id.in_(ids)))
    return gone

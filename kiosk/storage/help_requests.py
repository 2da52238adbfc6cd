"""Help requests as rows: asked at a kiosk, claimed at a counter, closed either way."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from kiosk.storage.schema import help_requests

OPEN, CLAIMED, CANCELLED, DONE = "open", "claimed", "cancelled", "done"


@dataclass(frozen=True, slots=True)
class HelpRow:
    id: int
    kiosk: str
    step: str
    language: str
    dialect: str | None
    status: str
    created_at: datetime
    claimed_by: str | None


def _row(r: object) -> HelpRow:
    m = r._mapping  # type: ignore[attr-defined]
    return HelpRow(
        m["id"], m["kiosk"], m["step"], m["language"], m["dialect"], m["status"],
        m["created_at"], m["claimed_by"],
    )  # fmt: skip


def insert_request(
    conn: Connection, *, kiosk: str, step: str, language: str, dialect: str | None, now: datetime
) -> int:
    return int(
        conn.execute(
            insert(help_requests)
            .values(
                kiosk=kiosk[:80],
                step=step[:40],
                language=language[:12],
                dialect=(dialect or None) and dialect[:40],
                status=OPEN,
                created_at=now,
            )
            .returning(help_requests.c.id)
        ).scalar_one()
    )


def claim(conn: Connection, request_id: int, staff: str, now: datetime) -> bool:
    """Claimed by ``staff`` if still open (one statement: two clerks cannot both get it)."""
    done = conn.execute(
        update(help_requests)
        .where(help_requests.c.id == request_id, help_requests.c.status == OPEN)
        .values(status=CLAIMED, claimed_by=staff[:80], claimed_at=now)
    )
    return done.rowcount == 1


def close(conn: Connection, request_id: int, status: str, now: datetime) -> bool:
    """Cancelled or done, if not closed already."""
    done = conn.execute(
        update(help_requests)
        .where(help_requests.c.id == request_id, help_requests.c.status.in_((OPEN, CLAIMED)))
        .values(status=status, closed_at=now)
    )
    return done.rowcount == 1


def state(conn: Connection, request_id: int) -> tuple[str, str | None] | None:
    """(status, who claimed it): all a kiosk may read back of its own request."""
    row = conn.execute(
        select(help_requests.c.status, help_requests.c.claimed_by).where(
            help_requests.c.id == request_id
        )
    ).first()
    return (str(row[0]), row[1]) if row is not None else None


def get(conn: Connection, request_id: int) -> HelpRow | None:
    row = conn.execute(select(help_requests).where(help_requests.c.id == request_id)).first()
    return _row(row) if row is not None else None


def open_requests(conn: Connection, since: datetime) -> list[HelpRow]:
    """Open and claimed requests asked since ``since``, oldest first."""
    rows = conn.execute(
        select(help_requests)
        .where(help_requests.c.status.in_((OPEN, CLAIMED)), help_requests.c.created_at >= since)
        .order_by(help_requests.c.id)
    )
    return [_row(r) for r in rows]

"""Print jobs: one row per attempt, so staff see which tickets did not come out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, insert, select, text, update

from kiosk.domain.ticket import format_ticket_number
from kiosk.storage.schema import print_jobs, tickets


@dataclass(frozen=True, slots=True)
class PrintJob:
    id: int
    ticket_id: int
    ticket_code: str
    created_at: datetime
    finished_at: datetime | None
    backend: str
    printer: str
    status: str
    printer_state: str | None
    detail: str
    reprint: bool


def start_job(
    conn: Connection,
    *,
    ticket_id: int,
    now: datetime,
    backend: str,
    printer: str,
    reprint: bool,
    actor: str,
) -> int:
    return int(
        conn.execute(
            insert(print_jobs)
            .values(
                ticket_id=ticket_id,
                created_at=now,
                backend=backend,
                printer=printer[:120],
                status="printing",
                detail="",
                reprint=reprint,
                actor=actor,
            )
            .returning(print_jobs.c.id)
        ).scalar_one()
    )


def reprints_by(conn: Connection, ticket_id: int, actor: str) -> int:
    """Reprints of a ticket made by ``actor`` that did not fail, counted while no other
    machine can add one (a PostgreSQL lock on the ticket's prints until the transaction ends;
    SQLite writers queue anyway)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(7201, :id)"), {"id": ticket_id})
    query = (
        select(func.count())
        .select_from(print_jobs)
        .where(
            print_jobs.c.ticket_id == ticket_id,
            print_jobs.c.reprint.is_(True),
            print_jobs.c.actor == actor,
            print_jobs.c.status != "failed",
        )
    )
    return int(conn.execute(query).scalar_one())


def finish_job(
    conn: Connection, job_id: int, *, now: datetime, status: str, state: str, detail: str
) -> None:
    conn.execute(
        update(print_jobs)
        .where(print_jobs.c.id == job_id)
        .values(finished_at=now, status=status, printer_state=state, detail=detail[:300])
    )


def jobs(
    conn: Connection, *, status: str | None = None, ticket_id: int | None = None, limit: int = 50
) -> list[PrintJob]:
    query = (
        select(print_jobs, tickets.c.prefix, tickets.c.number)
        .join(tickets, tickets.c.id == print_jobs.c.ticket_id)
        .order_by(print_jobs.c.id.desc())
        .limit(limit)
    )
    if status is not None:
        query = query.where(print_jobs.c.status == status)
    if ticket_id is not None:
        query = query.where(print_jobs.c.ticket_id == ticket_id)
    return [
        PrintJob(
            id=r["id"],
            ticket_id=r["ticket_id"],
            ticket_code=format_ticket_number(r["prefix"], r["number"]),
            created_at=r["created_at"],
            finished_at=r["finished_at"],
            backend=r["backend"],
            printer=r["printer"],
            status=r["status"],
            printer_state=r["printer_state"],
            detail=r["detail"],
            reprint=r["reprint"],
        )
        for r in conn.execute(query).mappings()
    ]

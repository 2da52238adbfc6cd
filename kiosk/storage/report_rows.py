"""The rows reports are computed from (tickets and cases of a range of service days)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from kiosk.storage.schema import cases, tickets


def ticket_rows(conn: Connection, first_day: date, last_day: date) -> Sequence[Any]:
    return conn.execute(
        select(
            tickets.c.id,
            tickets.c.case_type,
            tickets.c.state,
            tickets.c.arrived_at,
            tickets.c.called_at,
            tickets.c.started_at,
            tickets.c.ended_at,
            tickets.c.outcome,
        ).where(tickets.c.service_day >= first_day, tickets.c.service_day <= last_day)
    ).all()


def case_rows(conn: Connection, first_day: date, last_day: date) -> Sequence[Any]:
    return conn.execute(
        select(cases.c.manual_id_check, cases.c.liveness)
        .join(tickets, tickets.c.id == cases.c.ticket_id)
        .where(tickets.c.service_day >= first_day, tickets.c.service_day <= last_day)
    ).all()

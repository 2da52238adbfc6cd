"""Ticket rows: atomic number allocation, reading and optimistic updates."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, and_, insert, select, text, update

from kiosk.domain.errors import NotFound
from kiosk.domain.ticket import NUMBER_DIGITS, Outcome, Ticket, TicketState, format_ticket_number
from kiosk.storage.audit import CHANNEL, record
from kiosk.storage.database import upsert_insert
from kiosk.storage.schema import counters, queue_board, ticket_sequences, tickets


def allocate_number(conn: Connection, prefix: str, day: date) -> int:
    """The next number for ``prefix`` on ``day``, in one atomic upsert (no gaps, no repeats)."""
    first = upsert_insert(conn, ticket_sequences).values(
        prefix=prefix, service_day=day, last_number=1
    )
    upsert = first.on_conflict_do_update(
        index_elements=[ticket_sequences.c.prefix, ticket_sequences.c.service_day],
        set_={"last_number": ticket_sequences.c.last_number + 1},
    ).returning(ticket_sequences.c.last_number)
    return int(conn.execute(upsert).scalar_one())


_ISSUE_POSTGRES = text(
    """
    WITH seq AS (
        INSERT INTO ticket_sequences (prefix, service_day, last_number)
        VALUES (:prefix, :service_day, 1)
        ON CONFLICT (prefix, service_day)
        DO UPDATE SET last_number = ticket_sequences.last_number + 1
        RETURNING last_number
    ), ticket AS (
        INSERT INTO tickets (prefix, number, service_day, queue_id, case_type, state,
                             priority_class, arrived_at, recall_count, language, flags, version)
        SELECT :prefix, seq.last_number, :service_day, :queue_id, :case_type, :state,
               :priority_class, :arrived_at, 0, :language, CAST(:flags AS JSON), 1
        FROM seq
        RETURNING id, number
    ), said AS (
        SELECT ticket.id, ticket.number, json_build_object(
                   'code', :prefix || lpad(CAST(ticket.number AS TEXT),
                                           GREATEST(:digits, length(CAST(ticket.number AS TEXT))),
                                           '0'),
                   'queue', CAST(:queue_id AS TEXT), 'state', CAST(:state AS TEXT),
                   'counter', NULL) AS details
        FROM ticket
    ), audit AS (
        INSERT INTO audit_log (at, actor, action, entity, entity_id, details)
        SELECT :arrived_at, :actor, 'issued', 'ticket', CAST(said.id AS TEXT), said.details
        FROM said
        RETURNING id
    )
    SELECT said.id, said.number,
           pg_notify(:channel, json_build_object(
               'audit_id', audit.id, 'action', 'issued', 'entity', 'ticket',
               'entity_id', CAST(said.id AS TEXT), 'details', said.details)::text)
    FROM said, audit
    """
)


def issue_ticket(conn: Connection, draft: Ticket, actor: str) -> Ticket:
    """Allocate the next number for ``draft``'s prefix and day, store it and audit it.

    On PostgreSQL this is one statement, so the sequence row stays locked for one round trip
    plus the commit, which is what lets many kiosks issue at once. Elsewhere it is three.
    """
    if conn.dialect.name == "postgresql":
        row = conn.execute(
            _ISSUE_POSTGRES,
            {
                "prefix": draft.prefix,
                "service_day": draft.service_day,
                "queue_id": draft.queue_id,
                "case_type": draft.case_type,
                "state": draft.state.value,
                "priority_class": draft.priority_class,
                "arrived_at": draft.arrived_at,
                "language": draft.language,
                "flags": json.dumps(sorted(draft.flags)),
                "actor": actor,
                "channel": CHANNEL,
                # the written form of the number, as domain.ticket.format_ticket_number has it
                "digits": NUMBER_DIGITS,
            },
        ).one()
        return replace(draft, id=int(row[0]), number=int(row[1]))
    number = allocate_number(conn, draft.prefix, draft.service_day)
    ticket = replace(draft, number=number)
    ticket = replace(ticket, id=insert_ticket(conn, ticket))
    record(
        conn,
        at=draft.arrived_at,
        actor=actor,
        action="issued",
        entity="ticket",
        entity_id=ticket.id,
        details={
            "code": ticket.code,
            "queue": ticket.queue_id,
            "state": ticket.state.value,
            "counter": None,
        },
    )
    return ticket


def _row_values(ticket: Ticket) -> dict[str, Any]:
    return {
        "prefix": ticket.prefix,
        "number": ticket.number,
        "service_day": ticket.service_day,
        "queue_id": ticket.queue_id,
        "case_type": ticket.case_type,
        "state": ticket.state.value,
        "priority_class": ticket.priority_class,
        "arrived_at": ticket.arrived_at,
        "called_at": ticket.called_at,
        "started_at": ticket.started_at,
        "ended_at": ticket.ended_at,
        "counter_id": ticket.counter_id,
        "target_counter_id": ticket.target_counter_id,
        "recall_count": ticket.recall_count,
        "outcome": ticket.outcome.value if ticket.outcome else None,
        "language": ticket.language,
        "flags": sorted(ticket.flags),
        "version": ticket.version,
    }


def to_ticket(row: RowMapping | Mapping[str, Any], case_id: int | None = None) -> Ticket:
    return Ticket(
        id=row["id"],
        prefix=row["prefix"],
        number=row["number"],
        service_day=row["service_day"],
        queue_id=row["queue_id"],
        case_type=row["case_type"],
        state=TicketState(row["state"]),
        priority_class=row["priority_class"],
        arrived_at=row["arrived_at"],
        called_at=row["called_at"],
        started_at=row["started_at"],
        ended_at=row["ended_at"],
        counter_id=row["counter_id"],
        target_counter_id=row["target_counter_id"],
        recall_count=row["recall_count"],
        outcome=Outcome(row["outcome"]) if row["outcome"] else None,
        case_id=case_id,
        language=row["language"],
        flags=frozenset(row["flags"] or ()),
        version=row["version"],
    )


def insert_ticket(conn: Connection, ticket: Ticket) -> int:
    return int(
        conn.execute(
            insert(tickets).values(**_row_values(ticket)).returning(tickets.c.id)
        ).scalar_one()
    )


def get_ticket(conn: Connection, ticket_id: int, *, lock: bool = False) -> Ticket:
    query = select(tickets).where(tickets.c.id == ticket_id)
    if lock and conn.dialect.name == "postgresql":
        query = query.with_for_update()
    row = conn.execute(query).mappings().first()
    if row is None:
        raise NotFound(f"there is no ticket with id {ticket_id}")
    return to_ticket(row)


def find_ticket_id(conn: Connection, prefix: str, number: int, day: date) -> int:
    ticket_id = conn.execute(
        select(tickets.c.id).where(
            tickets.c.prefix == prefix, tickets.c.number == number, tickets.c.service_day == day
        )
    ).scalar()
    if ticket_id is None:
        raise NotFound(f"there is no ticket {format_ticket_number(prefix, number)} today")
    return int(ticket_id)


def save_ticket(conn: Connection, ticket: Ticket, expected_version: int) -> bool:
    """Write ``ticket`` if nobody changed the row since ``expected_version``; False otherwise."""
    result = conn.execute(
        update(tickets)
        .where(and_(tickets.c.id == ticket.id, tickets.c.version == expected_version))
        .values(**_row_values(ticket))
    )
    return result.rowcount == 1


def tickets_of_day(
    conn: Connection,
    day: date,
    *,
    states: Iterable[TicketState] | None = None,
    queues: Iterable[str] | None = None,
) -> list[Ticket]:
    query = select(tickets).where(tickets.c.service_day == day)
    if states is not None:
        query = query.where(tickets.c.state.in_([s.value for s in states]))
    if queues is not None:
        query = query.where(tickets.c.queue_id.in_(list(queues)))
    return [to_ticket(r) for r in conn.execute(query.order_by(tickets.c.id)).mappings()]


def service_minutes_of_day(conn: Connection, day: date, queue_id: str) -> list[float]:
    """Durations (minutes) of today's completed services in ``queue_id``, oldest first."""
    board = queue_board
    rows = conn.execute(
        select(board.c.started_at, board.c.ended_at)
        .where(
            board.c.service_day == day,
            board.c.queue_id == queue_id,
            board.c.state == TicketState.DONE.value,
            board.c.started_at.is_not(None),
        )
        .order_by(board.c.ended_at)
    ).all()
    return [(ended - started).total_seconds() / 60.0 for started, ended in rows]


def open_counter_ids(conn: Connection) -> set[str]:
    return set(conn.execute(select(counters.c.id).where(counters.c.is_open)).scalars())


def set_counter_open(
    conn: Connection, counter_id: str, is_open: bool, now: datetime, staff_id: int | None = None
) -> bool:
    """Open or close a counter; True when that changed anything."""
    row = conn.execute(select(counters).where(counters.c.id == counter_id)).mappings().first()
    if row is None:
        conn.execute(
            insert(counters).values(
                id=counter_id,
                is_open=is_open,
                staff_id=staff_id,
                opened_at=now if is_open else None,
                updated_at=now,
            )
        )
        return True
    if bool(row["is_open"]) == is_open:
        return False
    conn.execute(
        update(counters)
        .where(counters.c.id == counter_id)
        .values(
            is_open=is_open,
            staff_id=staff_id if is_open else None,
            opened_at=now if is_open else None,
            updated_at=now,
        )
    )
    return True


# -- the public board (what a kiosk or the waiting-room display may read) -----------------------
def _board_ticket(row: RowMapping) -> Ticket:
    """A ticket as the board shows it: no flags, language or outcome (they are not on it)."""
    return Ticket(
        id=row["id"],
        prefix=row["prefix"],
        number=row["number"],
        service_day=row["service_day"],
        queue_id=row["queue_id"],
        case_type=row["case_type"],
        state=TicketState(row["state"]),
        priority_class=row["priority_class"],
        arrived_at=row["arrived_at"],
        called_at=row["called_at"],
        started_at=row["started_at"],
        ended_at=row["ended_at"],
        counter_id=row["counter_id"],
        target_counter_id=row["target_counter_id"],
        recall_count=row["recall_count"],
        version=row["version"],
    )


def board_ticket(conn: Connection, ticket_id: int) -> Ticket:
    row = conn.execute(select(queue_board).where(queue_board.c.id == ticket_id)).mappings().first()
    if row is None:
        raise NotFound(f"there is no ticket with id {ticket_id}")
    return _board_ticket(row)


def board_tickets_of_day(
    conn: Connection,
    day: date,
    *,
    states: Iterable[TicketState] | None = None,
    queues: Iterable[str] | None = None,
) -> list[Ticket]:
    query = select(queue_board).where(queue_board.c.service_day == day)
    if states is not None:
        query = query.where(queue_board.c.state.in_([s.value for s in states]))
    if queues is not None:
        query = query.where(queue_board.c.queue_id.in_(list(queues)))
    return [_board_ticket(r) for r in conn.execute(query.order_by(queue_board.c.id)).mappings()]


def board_ticket_id(conn: Connection, prefix: str, number: int, day: date) -> int:
    ticket_id = conn.execute(
        select(queue_board.c.id).where(
            queue_board.c.prefix == prefix,
            queue_board.c.number == number,
            queue_board.c.service_day == day,
        )
    ).scalar()
    if ticket_id is None:
        raise NotFound(f"there is no ticket {format_ticket_number(prefix, number)} today")
    return int(ticket_id)

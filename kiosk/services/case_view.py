"""Everything a clerk sees about the visitor at the counter, read in one go."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from kiosk.storage import Database
from kiosk.storage.schema import (
    acknowledgements,
    case_answers,
    cases,
    consents,
    liveness_checks,
    print_jobs,
)


@dataclass
class CaseFile:
    ticket_id: int
    case: dict[str, Any] | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    acknowledgement: dict[str, Any] | None = None
    consent: dict[str, Any] | None = None
    liveness: dict[str, Any] | None = None
    print_jobs: list[dict[str, Any]] = field(default_factory=list)


def case_file(db: Database, ticket_id: int) -> CaseFile:
    result = CaseFile(ticket_id)
    with db.read() as conn:
        case = conn.execute(select(cases).where(cases.c.ticket_id == ticket_id)).mappings().first()
        result.print_jobs = [
            dict(r)
            for r in conn.execute(
                select(print_jobs.c.created_at, print_jobs.c.status, print_jobs.c.printer_state)
                .where(print_jobs.c.ticket_id == ticket_id)
                .order_by(print_jobs.c.id)
            ).mappings()
        ]
        if case is None:
            return result
        result.case = dict(case)
        case_id = case["id"]
        result.answers = {
            r["field_id"]: r["value"]
            for r in conn.execute(
                select(case_answers).where(case_answers.c.case_id == case_id)
            ).mappings()
        }
        ack = (
            conn.execute(select(acknowledgements).where(acknowledgements.c.case_id == case_id))
            .mappings()
            .first()
        )
        result.acknowledgement = dict(ack) if ack else None
        consent = (
            conn.execute(select(consents).where(consents.c.case_id == case_id)).mappings().first()
        )
        result.consent = dict(consent) if consent else None
        check = (
            conn.execute(
                select(liveness_checks)
                .where(liveness_checks.c.case_id == case_id)
                .order_by(liveness_checks.c.id.desc())
            )
            .mappings()
            .first()
        )
        result.liveness = dict(check) if check else None
    return result


@dataclass(frozen=True)
class CallbackDue:
    ticket_code: str
    case_type: str
    phone: str
    window: str | None
    due: Any
    queue: str | None


def callbacks_due(db: Database, limit: int = 50) -> list[CallbackDue]:
    """Callbacks the centre promised, soonest first (the phone is shown to staff only)."""
    from kiosk.storage.schema import tickets

    with db.read() as conn:
        rows = conn.execute(
            select(
                tickets.c.prefix,
                tickets.c.number,
                cases.c.case_type,
                cases.c.callback_phone,
                cases.c.callback_window,
                cases.c.callback_due,
                cases.c.callback_queue,
            )
            .join(tickets, tickets.c.id == cases.c.ticket_id)
            .where(cases.c.callback_phone.is_not(None))
            .order_by(cases.c.callback_due)
            .limit(limit)
        ).all()
    return [CallbackDue(f"{r[0]}{r[1]:03d}", r[2], r[3], r[4], r[5], r[6]) for r in rows]

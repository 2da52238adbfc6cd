"""Case rows: what a visitor submitted, its agreements, call-backs, and the clerk's notes.

Personal data lives here (answers, call-back phone numbers, notes) and nowhere else in the
database; the functions that read it are the only way in.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Text, cast, delete, func, insert, or_, select, text, update

from kiosk.domain.intake import Agreement
from kiosk.domain.ticket import format_ticket_number
from kiosk.storage.schema import (
    acknowledgements,
    audit_log,
    case_answers,
    cases,
    consents,
    liveness_checks,
    print_jobs,
    tickets,
)


@dataclass(frozen=True, slots=True)
class NewCase:
    ticket_id: int
    case_type: str
    settings_version: int | None
    form_version: int
    language: str
    manual_id_check: bool
    liveness: dict[str, Any] | None
    created_at: datetime
    submission_id: str
    priority_reasons: list[str]
    #: the member of staff who filled the intake in with the visitor (reception)
    assisted_by: str | None = None
    #: the last four digits of the visitor's phone number (to look a lost ticket up)
    contact_last4: str | None = None


def insert_case(
    conn: Connection,
    case: NewCase,
    answers: Mapping[str, object],
    acknowledgement: Agreement,
    consent: Agreement,
    liveness_check_id: int | None,
) -> int:
    """The case, its answers and agreements, and the link to its face check, in ``conn``."""
    case_id = int(
        conn.execute(
            insert(cases)
            .values(
                ticket_id=case.ticket_id,
                case_type=case.case_type,
                settings_version=case.settings_version,
                form_version=case.form_version,
                language=case.language,
                manual_id_check=case.manual_id_check,
                liveness=case.liveness,
                notes="",
                outcome_note="",
                created_at=case.created_at,
                submission_id=case.submission_id,
                priority_reasons=case.priority_reasons,
                contact_last4=case.contact_last4,
                assisted_by=case.assisted_by,
            )
            .returning(cases.c.id)
        ).scalar_one()
    )
    if answers:
        # One statement with many rows (not executemany: psycopg pipelines that, and a
        # pipeline cut off by a lost connection was seen to wait forever).
        conn.execute(
            insert(case_answers).values(
                [{"case_id": case_id, "field_id": k, "value": v} for k, v in answers.items()]
            )
        )
    conn.execute(
        insert(acknowledgements).values(
            case_id=case_id,
            text_version=acknowledgement.version,
            text_sha256=acknowledgement.sha256,
            language=acknowledgement.language,
            acknowledged_at=acknowledgement.at,
            witness=acknowledgement.witness,
        )
    )
    conn.execute(
        insert(consents).values(
            case_id=case_id,
            granted=consent.granted,
            text_version=consent.version,
            text_sha256=consent.sha256,
            language=consent.language,
            recorded_at=consent.at,
            witness=consent.witness,
        )
    )
    if liveness_check_id is not None:
        conn.execute(
            update(liveness_checks)
            .where(liveness_checks.c.id == liveness_check_id)
            .values(case_id=case_id)
        )
    return case_id


def find_submission(conn: Connection, submission_id: str) -> tuple[int, int] | None:
    """(case id, ticket id) of an earlier submission of the same draft, if any."""
    row = conn.execute(
        select(cases.c.id, cases.c.ticket_id).where(cases.c.submission_id == submission_id)
    ).first()
    return None if row is None else (int(row[0]), int(row[1]))


def ticket_and_type(conn: Connection, case_id: int) -> tuple[int, str] | None:
    row = conn.execute(
        select(cases.c.ticket_id, cases.c.case_type).where(cases.c.id == case_id)
    ).first()
    return None if row is None else (int(row[0]), str(row[1]))


def request_callback(
    conn: Connection,
    case_id: int,
    *,
    phone: str,
    window: str,
    due: datetime,
    queue_id: str,
    now: datetime,
    recent: datetime,
) -> tuple[int, bool] | None:
    """Record the call-back of a case made after ``recent`` and take its ticket out of the
    queue; (ticket id, whether it was still waiting), or None for no such case."""
    if conn.dialect.name == "postgresql":
        row = conn.execute(
            text(
                "SELECT * FROM kiosk_request_callback("
                ":case_id, :phone, :window, :due, :queue, :now, :recent)"
            ),
            {
                "case_id": case_id,
                "phone": phone,
                "window": window,
                "due": due,
                "queue": queue_id,
                "now": now,
                "recent": recent,
            },
        ).first()
        return None if row is None else (int(row[0]), bool(row[1]))
    ticket_id = conn.execute(
        update(cases)
        .where(
            cases.c.id == case_id,
            cases.c.created_at > recent,
            cases.c.callback_done_at.is_(None),
        )
        .values(
            callback_phone=phone, callback_window=window, callback_due=due, callback_queue=queue_id
        )
        .returning(cases.c.ticket_id)
    ).scalar()
    if ticket_id is None:
        return None
    cancelled = conn.execute(
        update(tickets)
        .where(tickets.c.id == ticket_id, tickets.c.state.in_(["waiting", "transferred"]))
        .values(state="cancelled", ended_at=now, version=tickets.c.version + 1)
    )
    return int(ticket_id), cancelled.rowcount == 1


def set_outcome_note(conn: Connection, ticket_id: int, note: str) -> None:
    conn.execute(update(cases).where(cases.c.ticket_id == ticket_id).values(outcome_note=note))


def count_actions(conn: Connection, action: str) -> int:
    return int(
        conn.execute(
            select(func.count()).select_from(audit_log).where(audit_log.c.action == action)
        ).scalar_one()
    )


# -- what a clerk sees ---------------------------------------------------------------------------
@dataclass
class CaseRecord:
    """A case as stored, with everything attached to it (plain values, no formatting)."""

    ticket_id: int
    case: dict[str, Any] | None = None
    answers: dict[str, Any] | None = None
    acknowledgement: dict[str, Any] | None = None
    consent: dict[str, Any] | None = None
    liveness: dict[str, Any] | None = None
    print_jobs: list[dict[str, Any]] | None = None


def case_record(conn: Connection, ticket_id: int) -> CaseRecord:
    record = CaseRecord(ticket_id, answers={}, print_jobs=[])
    record.print_jobs = [
        dict(r)
        for r in conn.execute(
            select(print_jobs.c.created_at, print_jobs.c.status, print_jobs.c.printer_state)
            .where(print_jobs.c.ticket_id == ticket_id)
            .order_by(print_jobs.c.id)
        ).mappings()
    ]
    case = conn.execute(select(cases).where(cases.c.ticket_id == ticket_id)).mappings().first()
    if case is None:
        return record
    record.case = dict(case)
    case_id = case["id"]
    record.answers = {
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
    record.acknowledgement = dict(ack) if ack else None
    consent = conn.execute(select(consents).where(consents.c.case_id == case_id)).mappings().first()
    record.consent = dict(consent) if consent else None
    check = (
        conn.execute(
            select(liveness_checks)
            .where(liveness_checks.c.case_id == case_id)
            .order_by(liveness_checks.c.id.desc())
        )
        .mappings()
        .first()
    )
    record.liveness = dict(check) if check else None
    return record


@dataclass(frozen=True, slots=True)
class CallbackRow:
    case_id: int
    ticket_code: str
    case_type: str
    phone: str
    window: str | None
    due: datetime | None
    queue: str | None


def open_callbacks(
    conn: Connection, queues: Iterable[str], due_before: datetime, limit: int = 50
) -> list[CallbackRow]:
    """Promised call-backs in ``queues`` that are due before ``due_before`` (overdue ones
    included) and not yet done, soonest first."""
    rows = conn.execute(
        select(
            cases.c.id,
            tickets.c.prefix,
            tickets.c.number,
            cases.c.case_type,
            cases.c.callback_phone,
            cases.c.callback_window,
            cases.c.callback_due,
            cases.c.callback_queue,
        )
        .join(tickets, tickets.c.id == cases.c.ticket_id)
        .where(
            cases.c.callback_phone.is_not(None),
            cases.c.callback_queue.in_(list(queues)),
            or_(cases.c.callback_due.is_(None), cases.c.callback_due < due_before),
            cases.c.callback_done_at.is_(None),
        )
        .order_by(cases.c.callback_due)
        .limit(limit)
    ).all()
    return [
        CallbackRow(r[0], format_ticket_number(r[1], r[2]), r[3], r[4], r[5], r[6], r[7])
        for r in rows
    ]


def set_callback_done(conn: Connection, case_id: int, now: datetime) -> bool:
    done = conn.execute(
        update(cases)
        .where(cases.c.id == case_id, cases.c.callback_done_at.is_(None))
        .values(callback_done_at=now)
    )
    return bool(done.rowcount == 1)


# -- a visitor's requests (access, erasure) ----------------------------------------------------
def case_ids_of_ticket(conn: Connection, prefix: str, number: int, day: Any) -> list[int]:
    query = (
        select(cases.c.id)
        .join(tickets, tickets.c.id == cases.c.ticket_id)
        .where(tickets.c.prefix == prefix, tickets.c.number == number, tickets.c.service_day == day)
    )
    return [int(r) for r in conn.execute(query).scalars()]


def case_ids_of_phone(conn: Connection, phone: str) -> list[int]:
    """Cases where ``phone`` (normalised) was given as an answer or a call-back number."""
    stored = json.dumps(phone)  # how a JSON answer holding just this string is written
    answered = select(case_answers.c.case_id).where(cast(case_answers.c.value, Text) == stored)
    called = select(cases.c.id).where(cases.c.callback_phone == phone)
    return sorted({int(r) for r in conn.execute(answered.union(called)).scalars()})


def ticket_of_case(conn: Connection, case_id: int) -> int:
    return int(conn.execute(select(cases.c.ticket_id).where(cases.c.id == case_id)).scalar_one())


def erase_case(conn: Connection, case_id: int, now: datetime) -> list[int]:
    """Everything personal of one case goes; returns the media ids to delete from the vault.

    What stays is what any ticket has: its number, times and outcome (no person in them)."""
    checks = conn.execute(
        select(liveness_checks.c.id, liveness_checks.c.video_id, liveness_checks.c.frame_id).where(
            liveness_checks.c.case_id == case_id
        )
    ).all()
    conn.execute(delete(liveness_checks).where(liveness_checks.c.case_id == case_id))
    conn.execute(delete(case_answers).where(case_answers.c.case_id == case_id))
    conn.execute(delete(acknowledgements).where(acknowledgements.c.case_id == case_id))
    conn.execute(delete(consents).where(consents.c.case_id == case_id))
    conn.execute(
        update(cases)
        .where(cases.c.id == case_id)
        .values(
            callback_phone=None,
            callback_window=None,
            callback_due=None,
            notes="",
            outcome_note="",
            priority_reasons=None,
            liveness=None,
            purged_at=now,
        )
    )
    return [m for row in checks for m in (row[1], row[2]) if m is not None]


def ticket_matches(conn: Connection, ticket_id: int, last4: str) -> bool:
    """Whether the case of ``ticket_id`` has a phone number ending in ``last4``: a yes or no
    (on PostgreSQL through a function, so that a kiosk never reads the digits)."""
    if conn.dialect.name == "postgresql":
        found = conn.execute(
            text("SELECT kiosk_ticket_matches(:ticket, :last4)"),
            {"ticket": ticket_id, "last4": last4},
        ).scalar()
        return bool(found)
    found = conn.execute(
        select(cases.c.id).where(
            cases.c.ticket_id == ticket_id,
            cases.c.contact_last4.is_not(None),
            cases.c.contact_last4 == last4,
        )
    ).first()
    return found is not None


@dataclass(frozen=True, slots=True)
class CardFacts:
    """Why a ticket carries its flags, for the clerk's visitor card (nothing the visitor
    typed): the face check's outcome and whether a call-back was asked for."""

    manual_id_check: bool
    declined: bool  # the visitor did not agree to the face check
    reason: str | None  # the kiosk's reason code when there was no usable face check
    callback: bool


def card_facts(conn: Connection, ticket_id: int) -> CardFacts | None:
    row = conn.execute(
        select(
            cases.c.id, cases.c.manual_id_check, cases.c.liveness, cases.c.callback_window
        ).where(cases.c.ticket_id == ticket_id)
    ).first()
    if row is None:
        return None
    granted = conn.execute(
        select(consents.c.granted)
        .where(consents.c.case_id == row.id)
        .order_by(consents.c.recorded_at.desc(), consents.c.id.desc())
        .limit(1)
    ).scalar()
    liveness = row.liveness if isinstance(row.liveness, dict) else {}
    reason = liveness.get("reason")
    return CardFacts(
        manual_id_check=bool(row.manual_id_check),
        declined=granted is False or granted is None,
        reason=str(reason) if reason else None,
        callback=row.callback_window is not None,
    )

"""What the retention purge deletes, and the record of its runs.

Personal data goes; what reports count stays: tickets (codes, times, states, outcomes) and the
anonymous part of each case (case type, manual-ID flag, face-check passed or not) are kept, so
a report for an old day gives the same totals after the purge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, and_, delete, insert, or_, select, update

from kiosk.storage.database import upsert_insert
from kiosk.storage.schema import (
    audit_log,
    case_answers,
    cases,
    liveness_checks,
    media,
    print_jobs,
    retention_runs,
)


# -- runs ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class RetentionRun:
    id: int
    slot: date | None
    started_at: datetime
    finished_at: datetime | None
    machine: str
    actor: str
    counts: dict[str, int]


def _run(row: Any) -> RetentionRun:
    return RetentionRun(
        row["id"],
        row["slot"],
        row["started_at"],
        row["finished_at"],
        row["machine"],
        row["actor"],
        dict(row["counts"] or {}),
    )


def claim_slot(
    conn: Connection, slot: date, now: datetime, machine: str, stale_before: datetime
) -> int | None:
    """Take the day's purge (one machine per site and day): the run's id, or None when another
    machine has it (a run left unfinished before ``stale_before`` may be taken over)."""
    inserted = conn.execute(
        upsert_insert(conn, retention_runs)
        .values(slot=slot, started_at=now, machine=machine, actor="retention")
        .on_conflict_do_nothing(index_elements=[retention_runs.c.slot])
        .returning(retention_runs.c.id)
    ).scalar()
    if inserted is not None:
        return int(inserted)  # the first machine to ask: the day's run is this one's
    row = conn.execute(select(retention_runs).where(retention_runs.c.slot == slot)).mappings().one()
    if row["finished_at"] is None and row["started_at"] < stale_before:
        taken = conn.execute(
            update(retention_runs)
            .where(
                retention_runs.c.id == row["id"],
                retention_runs.c.finished_at.is_(None),
                retention_runs.c.started_at == row["started_at"],
            )
            .values(started_at=now, machine=machine)
        )
        return int(row["id"]) if taken.rowcount == 1 else None
    return None


def start_manual_run(conn: Connection, now: datetime, machine: str, actor: str) -> int:
    return int(
        conn.execute(
            insert(retention_runs)
            .values(slot=None, started_at=now, machine=machine, actor=actor[:80])
            .returning(retention_runs.c.id)
        ).scalar_one()
    )


def finish_run(conn: Connection, run_id: int, now: datetime, counts: dict[str, int]) -> None:
    conn.execute(
        update(retention_runs)
        .where(retention_runs.c.id == run_id)
        .values(finished_at=now, counts=counts)
    )


def last_finished_run(conn: Connection) -> RetentionRun | None:
    row = (
        conn.execute(
            select(retention_runs)
            .where(retention_runs.c.finished_at.is_not(None))
            .order_by(retention_runs.c.finished_at.desc(), retention_runs.c.id.desc())
            .limit(1)
        )
        .mappings()
        .first()
    )
    return None if row is None else _run(row)


def run_of_slot(conn: Connection, slot: date) -> RetentionRun | None:
    row = conn.execute(select(retention_runs).where(retention_runs.c.slot == slot)).mappings()
    found = row.first()
    return None if found is None else _run(found)


# -- what is due -----------------------------------------------------------------------------
def media_due(conn: Connection, now: datetime, created_before: datetime) -> list[int]:
    """Media past its own purge date, or older than the limit in force now."""
    return [
        int(r)
        for r in conn.execute(
            select(media.c.id).where(
                or_(media.c.purge_after <= now, media.c.created_at < created_before)
            )
        ).scalars()
    ]


def unused_media(conn: Connection, created_before: datetime) -> list[int]:
    """Media no face check refers to (a check that was never written, say), grown old."""
    used = select(liveness_checks.c.video_id).where(liveness_checks.c.video_id.is_not(None))
    frames = select(liveness_checks.c.frame_id).where(liveness_checks.c.frame_id.is_not(None))
    return [
        int(r)
        for r in conn.execute(
            select(media.c.id).where(
                media.c.created_at < created_before,
                media.c.id.not_in(used),
                media.c.id.not_in(frames),
            )
        ).scalars()
    ]


def cases_due(conn: Connection, created_before: datetime) -> list[int]:
    return [
        int(r)
        for r in conn.execute(
            select(cases.c.id).where(
                cases.c.created_at < created_before, cases.c.purged_at.is_(None)
            )
        ).scalars()
    ]


def scrub_cases(conn: Connection, case_ids: list[int], now: datetime) -> int:
    """Answers, call-back details and free text of these cases go; the anonymous rest stays."""
    if not case_ids:
        return 0
    conn.execute(delete(case_answers).where(case_answers.c.case_id.in_(case_ids)))
    conn.execute(
        update(cases)
        .where(cases.c.id.in_(case_ids))
        .values(
            callback_phone=None,
            callback_window=None,
            contact_last4=None,
            notes="",
            outcome_note="",
            priority_reasons=None,
            purged_at=now,
        )
    )
    return len(case_ids)


def checks_due(
    conn: Connection, created_before: datetime, unattached_before: datetime
) -> list[dict[str, Any]]:
    """Face checks older than the case limit, and checks of visits that never became a case."""
    rows = conn.execute(
        select(liveness_checks.c.id, liveness_checks.c.video_id, liveness_checks.c.frame_id).where(
            or_(
                liveness_checks.c.created_at < created_before,
                and_(
                    liveness_checks.c.case_id.is_(None),
                    liveness_checks.c.created_at < unattached_before,
                ),
            )
        )
    ).mappings()
    return [dict(r) for r in rows]


def delete_checks(conn: Connection, check_ids: list[int]) -> int:
    if check_ids:
        conn.execute(delete(liveness_checks).where(liveness_checks.c.id.in_(check_ids)))
    return len(check_ids)


def delete_print_jobs(conn: Connection, created_before: datetime) -> int:
    return int(
        conn.execute(delete(print_jobs).where(print_jobs.c.created_at < created_before)).rowcount
    )


def delete_audit(conn: Connection, before: datetime) -> int:
    return int(conn.execute(delete(audit_log).where(audit_log.c.at < before)).rowcount)

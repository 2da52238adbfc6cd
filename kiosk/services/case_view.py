"""Everything a clerk sees about the visitor at the counter, read in one go."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from kiosk.storage import Database
from kiosk.storage.cases import CallbackRow, CaseRecord, case_record, open_callbacks

CaseFile = CaseRecord
CallbackDue = CallbackRow


def case_file(db: Database, ticket_id: int) -> CaseFile:
    with db.read() as conn:
        return case_record(conn, ticket_id)


def callbacks_due(
    db: Database, queues: Iterable[str], now: datetime, timezone: str, limit: int = 50
) -> list[CallbackDue]:
    """Open call-backs for ``queues`` due today (site time) or overdue, soonest first (the
    phone number is shown to staff only)."""
    zone = ZoneInfo(timezone)
    tomorrow = datetime.combine(now.astimezone(zone).date() + timedelta(days=1), time(0), zone)
    with db.read() as conn:
        return open_callbacks(conn, queues, tomorrow, limit)

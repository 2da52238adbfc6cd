"""Eight kiosks issue tickets into one queue at the same moment: no duplicate, nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from kiosk.storage import Database
from kiosk.storage.schema import audit_log, tickets
from tests.integration.concurrent_issue import issue_concurrently

pytestmark = pytest.mark.slow


def test_eight_processes_issue_2000_distinct_consecutive_numbers(
    db: Database, database_url: str, tmp_path: Path
) -> None:
    run = issue_concurrently(database_url, processes=8, each=250, workdir=tmp_path / "workers")
    assert sorted(run.numbers) == list(range(1, 2001))
    with db.read() as conn:
        stored = conn.execute(select(tickets.c.number).order_by(tickets.c.number)).scalars().all()
        audited = conn.execute(
            select(func.count()).select_from(audit_log).where(audit_log.c.action == "issued")
        ).scalar()
    assert stored == list(range(1, 2001))
    assert audited == 2000

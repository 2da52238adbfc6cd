"""The retention purge on a site with 400 days of visits: exactly what is past each limit goes,
the rest stays, old reports keep their totals, and one machine runs it each day."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kiosk.domain.clock import ManualClock, service_day
from kiosk.services.intake_service import IntakeService
from kiosk.services.liveness_service import LivenessService
from kiosk.services.printers import PdfFolderPrinter
from kiosk.services.queue_service import QueueService
from kiosk.services.reports import build_report
from kiosk.services.retention import RetentionService
from kiosk.services.site_context import SiteContext, open_site
from kiosk.services.ticket_printing import TicketPrinting
from kiosk.storage.schema import audit_log, case_answers, cases, media, print_jobs
from kiosk.vision.liveness_check import LivenessOutcome
from kiosk.vision.recorder import Recording
from tests.intake_answers import complete_draft

NOW = datetime(2027, 6, 1, 3, 30, tzinfo=UTC)  # 11:30 in Shanghai, after the 03:00 purge
AGES = [0, 5, 29, 31, 60, 179, 181, 250, 364, 366, 400]  # days before NOW


@pytest.fixture
def site(database_url: str, tmp_path: Path) -> Iterator[SiteContext]:
    context = open_site(database_url)
    changes = {
        "retention": {
            "media_days": 30,
            "case_days": 180,
            "audit_days": 365,
            "purge_time": "03:00:00",
        },
        "printer": {"pdf_folder": str(tmp_path / "tickets")},
    }
    context.settings.save_changes(changes, actor="admin")
    context.in_force.refresh()
    yield context
    context.close()


def visit(site: SiteContext, clock: ManualClock, folder: Path, phone: str) -> int:
    """One visit of the day the clock shows: case, face check with media, printed ticket."""
    queue = QueueService(site.db, site.in_force, clock)
    liveness = LivenessService(site.db, site.in_force, clock)
    intake = IntakeService(queue, liveness, clock)
    draft = complete_draft(site.site, "minor_spending_refund")
    draft.answers["payer_phone"] = phone
    outcome = LivenessOutcome(
        {"passed": True, "reasons": ["every prompt was answered in time"]},
        Recording(video=b"KVID1-video", best_frame=b"jpeg", frames=2, duration_ms=80),
    )
    draft.liveness = intake.store_liveness(outcome)
    submission = intake.submit(draft)
    intake.request_callback(submission.case_id, phone, intake.callback_windows()[0].id)
    printing = TicketPrinting(queue, PdfFolderPrinter(folder), clock)
    before = set(folder.glob("*.pdf")) if folder.exists() else set()
    assert printing.print_ticket(submission.ticket.id, "en").printed
    (printed,) = set(folder.glob("*.pdf")) - before
    stamp = clock().timestamp()
    os.utime(printed, (stamp, stamp))  # as if printed that day
    return submission.ticket.id


def count(site: SiteContext, query: object) -> int:
    with site.db.read() as conn:
        return int(conn.execute(query).scalar_one())  # type: ignore[call-overload]


def test_a_run_deletes_exactly_what_is_past_each_limit(site: SiteContext, tmp_path: Path) -> None:
    folder = tmp_path / "tickets"
    clock = ManualClock(NOW)
    tickets = {}
    for age in AGES:
        clock.set(NOW - timedelta(days=age))
        tickets[age] = visit(site, clock, folder, f"1380013{age:04d}")
    old_days = sorted({service_day(NOW - timedelta(days=a), site.site.timezone) for a in AGES})
    reports_before = [build_report(site.db, site.site, day, day) for day in old_days]

    report = RetentionService(site.db, site.in_force, ManualClock(NOW)).run()

    kept_media = 2 * sum(1 for a in AGES if a < 30)
    assert count(site, select(func.count()).select_from(media)) == kept_media
    with site.db.read() as conn:
        answered = {
            r[0] for r in conn.execute(select(cases.c.ticket_id).join(case_answers).distinct())
        }
        phones = dict(conn.execute(select(cases.c.ticket_id, cases.c.callback_phone)).all())
        oldest_audit = conn.execute(select(func.min(audit_log.c.at))).scalar_one()
        jobs = count(site, select(func.count()).select_from(print_jobs))
    for age, ticket_id in tickets.items():
        young = age < 180
        assert (ticket_id in answered) is young, f"answers of a case {age} days old"
        assert (phones[ticket_id] is not None) is young, f"call-back phone {age} days old"
    assert oldest_audit >= NOW - timedelta(days=365)
    assert jobs == sum(1 for a in AGES if a < 180)
    assert len(list(folder.glob("*.pdf"))) == sum(1 for a in AGES if a < 180)
    assert report.counts["media"] == 2 * sum(1 for a in AGES if a >= 30)
    assert report.counts["cases"] == sum(1 for a in AGES if a >= 180)
    assert report.counts["ticket_pdfs"] == sum(1 for a in AGES if a >= 180)
    # old days' reports give the same totals as before
    assert [build_report(site.db, site.site, d, d) for d in old_days] == reports_before
    with site.db.read() as conn:
        runs = conn.execute(select(audit_log).where(audit_log.c.action == "retention_run")).all()
    assert len(runs) == 1
    assert runs[0].details == report.counts  # numbers only


def test_two_machines_at_purge_time_make_one_run(site: SiteContext, database_url: str) -> None:
    other = open_site(database_url)
    machines = [
        RetentionService(site.db, site.in_force, ManualClock(NOW), machine="kiosk-1"),
        RetentionService(other.db, other.in_force, ManualClock(NOW), machine="kiosk-2"),
    ]
    results: list[object] = []
    start = threading.Barrier(2)

    def at_purge_time(service: RetentionService) -> None:
        start.wait()
        results.append(service.run_if_due())

    threads = [threading.Thread(target=at_purge_time, args=(m,)) for m in machines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r is None for r in results) == [False, True]  # one ran, the other did not
    assert machines[0].run_if_due() is None  # and nobody runs it twice that day
    other.close()


def test_a_machine_started_late_catches_up(site: SiteContext) -> None:
    clock = ManualClock(NOW - timedelta(days=3))
    service = RetentionService(site.db, site.in_force, clock)
    assert service.run_if_due() is not None  # that day's run
    clock.set(NOW)  # off for two days, started at 11:30: today's run is due
    assert service.status().next_run == NOW
    assert service.run_if_due() is not None
    assert service.run_if_due() is None
    assert service.status().next_run == datetime(2027, 6, 1, 19, 0, tzinfo=UTC)  # 03:00 local

"""Local hours in reports: the zone's offsets worked out once per range, on both backends."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from kiosk.domain.clock import ManualClock
from kiosk.services.queue_service import QueueService
from kiosk.services.reports import build_report
from kiosk.settings import SiteConfig
from kiosk.storage import Database
from kiosk.storage.report_queries import day_bounds, offset_spans


def test_offset_spans_find_each_change_to_the_second() -> None:
    spans = offset_spans("Europe/Berlin", date(2026, 3, 28), date(2026, 11, 2))
    assert [s[1] for s in spans] == [3600, 7200, 3600]
    assert spans[1][0] == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert spans[2][0] == datetime(2026, 10, 25, 1, 0, tzinfo=UTC)
    assert offset_spans("Asia/Shanghai", date(2026, 1, 1), date(2026, 12, 31)) == [
        (datetime(2025, 12, 30, 16, 0, tzinfo=UTC), 8 * 3600)
    ]
    # a half-hour zone keeps its half hour
    assert offset_spans("Asia/Kolkata", date(2026, 6, 1), date(2026, 6, 1))[0][1] == 19800


def test_day_bounds_are_local_midnights() -> None:
    starts, ends = day_bounds("Europe/Berlin", date(2026, 3, 29), date(2026, 3, 29))
    assert starts == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)
    assert ends == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)  # a 23-hour day


def test_hours_either_side_of_a_clock_change(db: Database, site: SiteConfig) -> None:
    """Berlin moves its clocks at 01:00 UTC on 29 March 2026: 00:30 UTC is 01:30 local,
    01:30 UTC is 03:30 local, and the report says so on SQLite and on PostgreSQL alike."""
    berlin = site.model_copy(update={"timezone": "Europe/Berlin"})
    moments = [
        datetime(2026, 3, 28, 23, 59, 59, tzinfo=UTC),  # 00:59:59 local, the day has begun
        datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
        datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC),
        datetime(2026, 3, 29, 1, 0, 0, tzinfo=UTC),  # 03:00 local, the first summer second
        datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
        datetime(2026, 3, 29, 9, 0, 0, tzinfo=UTC),  # 11:00 local, on the hour
    ]
    clock = ManualClock(moments[0])
    queue = QueueService(db, berlin, clock)
    for moment in moments:
        clock.set(moment)
        queue.issue(case_type=berlin.case_types[0].id)
    report = build_report(db, berlin, date(2026, 3, 29), date(2026, 3, 29))
    zone = ZoneInfo("Europe/Berlin")
    expected: dict[int, int] = {}
    for moment in moments:
        hour = moment.astimezone(zone).hour
        expected[hour] = expected.get(hour, 0) + 1
    assert report.tickets_per_hour == expected == {0: 1, 1: 2, 3: 2, 11: 1}

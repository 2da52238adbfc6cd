"""Reports on a simulated busy day (1,500 visitors, 12 counters), checked against the data."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from sqlalchemy import select

from kiosk.services.day_simulation import simulate_day, with_counters
from kiosk.services.reports import Report, build_report, report_csv
from kiosk.settings import SiteConfig
from kiosk.storage import Database
from kiosk.storage.schema import cases, tickets

DAY = date(2026, 3, 2)
LATER = datetime(2026, 3, 10, tzinfo=UTC)


@pytest.fixture(scope="module")
def busy_day(tmp_path_factory: pytest.TempPathFactory) -> tuple[Database, SiteConfig, Report]:
    folder = tmp_path_factory.mktemp("busy-day")
    db = Database(f"sqlite:///{folder / 'site.sqlite3'}")
    db.upgrade()
    from kiosk.settings import default_site

    site = with_counters(default_site(), 12)
    summary = simulate_day(db, site, DAY, visitors=1500, seed=7)
    assert summary.visitors == 1500
    assert summary.still_waiting == 0
    assert summary.callbacks > 20
    assert summary.tickets_done + summary.no_shows + summary.callbacks == 1500
    return db, site, build_report(db, site, DAY, DAY, now=LATER)


def minutes(later: object, earlier: object) -> float:
    return (later - earlier).total_seconds() / 60.0  # type: ignore[operator]


def test_the_report_matches_the_tickets_themselves(
    busy_day: tuple[Database, SiteConfig, Report],
) -> None:
    db, site, report = busy_day
    with db.read() as conn:
        rows = conn.execute(select(tickets)).mappings().all()
        case_rows = conn.execute(select(cases.c.manual_id_check, cases.c.liveness)).all()
    zone = ZoneInfo(site.timezone)
    assert report.tickets == len(rows) == 1500
    assert report.tickets_per_hour == dict(
        sorted(Counter(r["arrived_at"].astimezone(zone).hour for r in rows).items())
    )
    assert sum(report.tickets_per_case_type.values()) == 1500
    assert report.tickets_per_case_type == dict(
        sorted(Counter(r["case_type"] for r in rows).items())
    )
    waits = [minutes(r["called_at"], r["arrived_at"]) for r in rows if r["called_at"] is not None]
    done = [r for r in rows if r["state"] == "done"]
    services = [minutes(r["ended_at"], r["started_at"]) for r in done]
    assert report.wait.count == len(waits)
    assert report.wait.median == pytest.approx(float(np.median(waits)))
    assert report.wait.p90 == pytest.approx(float(np.percentile(waits, 90)))
    assert report.service.median == pytest.approx(float(np.median(services)))
    assert report.service.p90 == pytest.approx(float(np.percentile(services, 90)))
    no_shows = sum(1 for r in rows if r["state"] == "no_show")
    called = sum(1 for r in rows if r["state"] in ("done", "no_show"))
    assert report.no_show_rate == pytest.approx(no_shows / called)
    assert 0.02 < report.no_show_rate < 0.09  # the simulation's 5 %, give or take
    for case_type, outcomes in report.outcomes.items():
        expected = Counter(r["outcome"] for r in done if r["case_type"] == case_type)
        assert outcomes == dict(expected)
    checked = [c for c in case_rows if c.liveness is not None]
    assert report.liveness_pass_rate == pytest.approx(
        sum(1 for c in checked if c.liveness["passed"]) / len(checked)
    )
    assert report.manual_id_rate == pytest.approx(
        sum(1 for c in case_rows if c.manual_id_check) / len(case_rows)
    )


def test_waits_no_shows_and_open_counters_by_hour_match_the_tickets(
    busy_day: tuple[Database, SiteConfig, Report],
) -> None:
    db, site, report = busy_day
    zone = ZoneInfo(site.timezone)
    with db.read() as conn:
        rows = conn.execute(select(tickets)).mappings().all()
    hours = {h.hour: h for h in report.hours}
    assert set(hours) == {r["arrived_at"].astimezone(zone).hour for r in rows}
    for hour, row in hours.items():
        arrived = [r for r in rows if r["arrived_at"].astimezone(zone).hour == hour]
        assert row.tickets == len(arrived)
        assert row.no_shows == sum(1 for r in arrived if r["state"] == "no_show")
        waits = [minutes(r["called_at"], r["arrived_at"]) for r in arrived if r["called_at"]]
        assert row.waited == len(waits)
        assert row.wait_mean == pytest.approx(float(np.mean(waits)))
    calling = {
        (r["called_at"].astimezone(zone).hour, r["counter_id"]) for r in rows if r["called_at"]
    }
    for hour, row in hours.items():
        assert row.counters == len({c for h, c in calling if h == hour})
    # a quarter of the twelve counters start in the second hour
    assert hours[9].counters == 9
    assert hours[11].counters == 12


def test_help_and_manual_id_checks_by_case_type_match_the_cases(
    busy_day: tuple[Database, SiteConfig, Report],
) -> None:
    db, _, report = busy_day
    with db.read() as conn:
        joined = conn.execute(
            select(cases.c.case_type, cases.c.manual_id_check, tickets.c.flags).join(
                tickets, tickets.c.id == cases.c.ticket_id
            )
        ).all()
    assert [r.case_type for r in report.case_types] == sorted({r[0] for r in joined})
    for row in report.case_types:
        mine = [r for r in joined if r[0] == row.case_type]
        assert row.cases == len(mine)
        assert row.manual_id_checks == sum(1 for r in mine if r[1])
        assert row.needed_help == sum(1 for r in mine if "language_help" in r[2])
    assert 40 < sum(r.needed_help for r in report.case_types) < 150  # about 6 % of 1,500


def test_call_backs_requested_done_and_overdue(
    busy_day: tuple[Database, SiteConfig, Report],
) -> None:
    db, site, report = busy_day
    with db.read() as conn:
        asked = conn.execute(
            select(cases.c.id, cases.c.callback_due).where(cases.c.callback_queue.is_not(None))
        ).all()
    assert report.callbacks.requested == len(asked) > 20
    assert report.callbacks.done == 0
    assert report.callbacks.overdue == len(asked)  # a week later, none was called back
    before_due = min(due for _, due in asked) - timedelta(minutes=1)
    assert build_report(db, site, DAY, DAY, now=before_due).callbacks.overdue == 0


def test_the_csv_has_the_same_numbers(busy_day: tuple[Database, SiteConfig, Report]) -> None:
    _, _, report = busy_day
    rows = list(csv.DictReader(io.StringIO(report_csv(report))))
    values = {(r["section"], r["key"]): r["value"] for r in rows}
    assert int(values[("tickets", "total")]) == report.tickets
    for hour, count in report.tickets_per_hour.items():
        assert int(values[("tickets_per_hour", f"{hour:02d}")]) == count
    for case_type, count in report.tickets_per_case_type.items():
        assert int(values[("tickets_per_case_type", case_type)]) == count
    assert report.wait.median is not None
    assert report.service.p90 is not None
    assert float(values[("wait_minutes", "median")]) == pytest.approx(report.wait.median, abs=0.005)
    assert float(values[("service_minutes", "p90")]) == pytest.approx(report.service.p90, abs=0.005)
    assert float(values[("no_show", "rate")]) == pytest.approx(report.no_show_rate, abs=5e-5)
    for case_type, outcomes in report.outcomes.items():
        for outcome, count in outcomes.items():
            assert int(values[("outcomes", f"{case_type}/{outcome}")]) == count
    assert float(values[("liveness", "pass_rate")]) == pytest.approx(
        report.liveness_pass_rate, abs=5e-5
    )
    assert float(values[("manual_id_check", "rate")]) == pytest.approx(
        report.manual_id_rate, abs=5e-5
    )


def test_an_empty_range_reports_nothing_rather_than_failing(db: Database, site: SiteConfig) -> None:
    report = build_report(db, site, DAY, DAY)
    assert report.tickets == 0
    assert report.wait.median is None
    assert report.no_show_rate is None
    assert "no_show,rate,\n" in report_csv(report)


def test_postgresql_and_sqlite_report_the_same_seeded_day(
    postgres_url: str, tmp_path: Path
) -> None:
    """PostgreSQL aggregates with percentile_cont and AT TIME ZONE, SQLite with the functions
    the kiosk registers: the same day gives the same report."""
    from kiosk.settings import default_site

    site = with_counters(default_site(), 8)
    reports = []
    for url in (postgres_url, f"sqlite:///{tmp_path / 'site.sqlite3'}"):
        database = Database(url)
        database.upgrade()
        simulate_day(database, site, DAY, visitors=80, seed=11)
        reports.append(build_report(database, site, DAY, DAY, now=LATER))
        database.dispose()
    on_postgres, on_sqlite = reports
    assert on_postgres.tickets == on_sqlite.tickets == 80
    assert report_csv(on_postgres) == report_csv(on_sqlite)
    assert on_postgres.wait.median == pytest.approx(on_sqlite.wait.median)
    assert on_postgres.service.p90 == pytest.approx(on_sqlite.service.p90)
    assert [h.wait_mean for h in on_postgres.hours] == pytest.approx(
        [h.wait_mean for h in on_sqlite.hours]
    )


def test_the_report_tells_its_progress_step_by_step(
    busy_day: tuple[Database, SiteConfig, Report],
) -> None:
    db, site, _ = busy_day
    steps: list[tuple[int, int]] = []
    build_report(db, site, DAY, DAY, progress=lambda done, total: steps.append((done, total)))
    assert steps == [(n, 4) for n in range(5)]  # one step per statement

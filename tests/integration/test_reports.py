"""Reports on a simulated busy day (1,500 visitors, 12 counters), checked against the data."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date
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
    assert summary.tickets_done + summary.no_shows == 1500
    return db, site, build_report(db, site, DAY, DAY)


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
    assert report.no_show_rate == pytest.approx(no_shows / 1500)
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

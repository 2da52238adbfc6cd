"""Reports for a day or a range of days: what the admin screen charts and exports as CSV.

Definitions (in the README too): a ticket's *wait* is from arrival to the call that brought
the visitor to the counter (the latest call, so recalls and transfers count as waiting); its
*service* is from the start of service to completion. The *no-show rate* is no-shows among
tickets that were called (served, no-show or still at a counter). Liveness pass rate is among
cases whose visitor agreed to the face check and had one; the manual-ID-check rate is among
all cases.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.domain.statistics import Distribution, rate
from kiosk.settings import SiteConfig
from kiosk.storage import Database
from kiosk.storage import report_rows as stored_rows

CALLED_STATES = ("called", "serving", "done", "no_show")


@dataclass(frozen=True)
class Report:
    first_day: date
    last_day: date
    tickets: int
    tickets_per_hour: dict[int, int]
    tickets_per_case_type: dict[str, int]
    wait: Distribution
    service: Distribution
    no_shows: int
    called: int
    outcomes: dict[str, dict[str, int]] = field(default_factory=dict)
    liveness_checked: int = 0
    liveness_passed: int = 0
    cases: int = 0
    manual_id_checks: int = 0

    @property
    def no_show_rate(self) -> float | None:
        return rate(self.no_shows, self.called)

    @property
    def liveness_pass_rate(self) -> float | None:
        return rate(self.liveness_passed, self.liveness_checked)

    @property
    def manual_id_rate(self) -> float | None:
        return rate(self.manual_id_checks, self.cases)


def _minutes(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return (end - start).total_seconds() / 60.0


def build_report(db: Database, site: SiteConfig, first_day: date, last_day: date) -> Report:
    zone = ZoneInfo(site.timezone)
    with db.read() as conn:
        rows = stored_rows.ticket_rows(conn, first_day, last_day)
        case_rows = stored_rows.case_rows(conn, first_day, last_day)
    per_hour: Counter[int] = Counter()
    per_case: Counter[str] = Counter()
    outcomes: dict[str, Counter[str]] = {}
    waits: list[float] = []
    services: list[float] = []
    no_shows = called = 0
    for row in rows:
        case_type = row.case_type or "-"
        per_hour[row.arrived_at.astimezone(zone).hour] += 1
        per_case[case_type] += 1
        if row.state in CALLED_STATES:
            called += 1
            wait = _minutes(row.arrived_at, row.called_at)
            if wait is not None:
                waits.append(wait)
        if row.state == "no_show":
            no_shows += 1
        if row.state == "done":
            service = _minutes(row.started_at, row.ended_at)
            if service is not None:
                services.append(service)
            outcomes.setdefault(case_type, Counter())[row.outcome or "-"] += 1
    checked = sum(1 for c in case_rows if c.liveness is not None)
    passed = sum(1 for c in case_rows if c.liveness is not None and c.liveness.get("passed"))
    return Report(
        first_day=first_day,
        last_day=last_day,
        tickets=len(rows),
        tickets_per_hour=dict(sorted(per_hour.items())),
        tickets_per_case_type=dict(sorted(per_case.items())),
        wait=Distribution.of(waits),
        service=Distribution.of(services),
        no_shows=no_shows,
        called=called,
        outcomes={k: dict(sorted(v.items())) for k, v in sorted(outcomes.items())},
        liveness_checked=checked,
        liveness_passed=passed,
        cases=len(case_rows),
        manual_id_checks=sum(1 for c in case_rows if c.manual_id_check),
    )


def report_rows(report: Report) -> list[tuple[str, str, Any]]:
    """The report as (section, key, value) rows: the CSV, and anything else tabular."""
    rows: list[tuple[str, str, Any]] = [
        ("range", "first_day", report.first_day.isoformat()),
        ("range", "last_day", report.last_day.isoformat()),
        ("tickets", "total", report.tickets),
    ]
    rows += [("tickets_per_hour", f"{h:02d}", n) for h, n in report.tickets_per_hour.items()]
    rows += [("tickets_per_case_type", k, n) for k, n in report.tickets_per_case_type.items()]
    for name, dist in (("wait_minutes", report.wait), ("service_minutes", report.service)):
        rows += [
            (name, "count", dist.count),
            (name, "median", _round(dist.median)),
            (name, "p90", _round(dist.p90)),
        ]
    rows += [
        ("no_show", "no_shows", report.no_shows),
        ("no_show", "called", report.called),
        ("no_show", "rate", _round(report.no_show_rate, 4)),
    ]
    for case_type, counts in report.outcomes.items():
        rows += [("outcomes", f"{case_type}/{outcome}", n) for outcome, n in counts.items()]
    rows += [
        ("liveness", "checked", report.liveness_checked),
        ("liveness", "passed", report.liveness_passed),
        ("liveness", "pass_rate", _round(report.liveness_pass_rate, 4)),
        ("manual_id_check", "cases", report.cases),
        ("manual_id_check", "flagged", report.manual_id_checks),
        ("manual_id_check", "rate", _round(report.manual_id_rate, 4)),
    ]
    return rows


def _round(value: float | None, digits: int = 2) -> float | str:
    return "" if value is None else round(value, digits)


def report_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "key", "value"])
    writer.writerows(report_rows(report))
    return out.getvalue()

"""Reports for a day or a range of days: what the admin screen charts and exports as CSV.

Definitions (in the README too): a ticket's *wait* is from arrival to the call that brought
the visitor to the counter (the latest call, so recalls and transfers count as waiting); its
*service* is from the start of service to completion. The *no-show rate* is no-shows among
tickets that were called (served, no-show or still at a counter). Liveness pass rate is among
cases whose visitor agreed to the face check and had one; the manual-ID-check rate is among
all cases. A visit *needed help* when staff filled it in at reception or the visitor asked for
someone who speaks their language. *Open counters* in an hour are the counters that called
someone in that hour, averaged over the days of the range with calls then; the wait by hour
is the mean wait of those who arrived in that hour.

The database does the summing (``kiosk.storage.report_queries``): a year's report reads a few
dozen rows into this process, however many tickets there were.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection

from kiosk.domain.statistics import Distribution, rate
from kiosk.settings import SiteConfig
from kiosk.storage import Database
from kiosk.storage import report_queries as queries
from kiosk.storage.report_queries import CALLED_STATES

__all__ = ["CALLED_STATES", "Callbacks", "CaseTypeRow", "HourRow", "Report", "build_report"]


@dataclass(frozen=True, slots=True)
class HourRow:
    """One local hour of the day over the range: arrivals, and the calls, no-shows and mean
    wait of those who arrived then; the counters calling in that hour (mean over the days)."""

    hour: int
    tickets: int = 0
    called: int = 0
    no_shows: int = 0
    waited: int = 0
    wait_minutes: float = 0.0
    counters: float | None = None

    @property
    def wait_mean(self) -> float | None:
        return self.wait_minutes / self.waited if self.waited else None


@dataclass(frozen=True, slots=True)
class CaseTypeRow:
    case_type: str
    cases: int
    needed_help: int
    manual_id_checks: int
    liveness_checked: int
    liveness_passed: int


@dataclass(frozen=True, slots=True)
class Callbacks:
    requested: int
    done: int
    overdue: int


#: Called with (steps done, steps in all) while a report is computed.
Progress = Callable[[int, int], None]


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
    hours: list[HourRow] = field(default_factory=list)
    case_types: list[CaseTypeRow] = field(default_factory=list)
    callbacks: Callbacks = field(default_factory=lambda: Callbacks(0, 0, 0))

    @property
    def no_show_rate(self) -> float | None:
        return rate(self.no_shows, self.called)

    @property
    def liveness_pass_rate(self) -> float | None:
        return rate(self.liveness_passed, self.liveness_checked)

    @property
    def manual_id_rate(self) -> float | None:
        return rate(self.manual_id_checks, self.cases)


def build_report(
    db: Database,
    site: SiteConfig,
    first_day: date,
    last_day: date,
    *,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> Report:
    zone = site.timezone
    moment = now or datetime.now(UTC)
    # Longest first: on PostgreSQL two run side by side.
    jobs: list[Callable[[Connection], Any]] = [
        lambda conn: queries.overall(conn, first_day, last_day),
        lambda conn: queries.ticket_groups(conn, first_day, last_day, zone),
        lambda conn: queries.counters_by_hour(conn, first_day, last_day, zone),
        lambda conn: queries.case_groups(conn, first_day, last_day, zone, moment),
    ]
    (wait, service), groups, counters, case_groups = db.read_each(jobs, progress)
    hours: dict[int, HourRow] = {}
    per_case: Counter[str] = Counter()
    helped: Counter[str] = Counter()
    outcomes: dict[str, Counter[str]] = {}
    for group in groups:
        case_type = group.case_type or "-"
        per_case[case_type] += group.tickets
        helped[case_type] += group.needed_help
        if group.state == "done":
            outcomes.setdefault(case_type, Counter())[group.outcome or "-"] += group.tickets
        called = group.state in CALLED_STATES
        hour = hours.get(group.hour) or HourRow(group.hour, counters=counters.get(group.hour))
        hours[group.hour] = replace(
            hour,
            tickets=hour.tickets + group.tickets,
            called=hour.called + (group.tickets if called else 0),
            no_shows=hour.no_shows + (group.tickets if group.state == "no_show" else 0),
            waited=hour.waited + (group.waited if called else 0),
            wait_minutes=hour.wait_minutes + (group.wait_seconds / 60.0 if called else 0.0),
        )
    case_types = [
        CaseTypeRow(
            c.case_type,
            c.cases,
            helped[c.case_type],
            c.manual_id_checks,
            c.liveness_checked,
            c.liveness_passed,
        )
        for c in case_groups
    ]
    return Report(
        first_day=first_day,
        last_day=last_day,
        tickets=sum(per_case.values()),
        tickets_per_hour={h: row.tickets for h, row in sorted(hours.items())},
        tickets_per_case_type=dict(sorted(per_case.items())),
        wait=wait,
        service=service,
        no_shows=sum(h.no_shows for h in hours.values()),
        called=sum(h.called for h in hours.values()),
        outcomes={k: dict(sorted(v.items())) for k, v in sorted(outcomes.items())},
        liveness_checked=sum(c.liveness_checked for c in case_types),
        liveness_passed=sum(c.liveness_passed for c in case_types),
        cases=sum(c.cases for c in case_types),
        manual_id_checks=sum(c.manual_id_checks for c in case_types),
        hours=[row for _, row in sorted(hours.items())],
        case_types=case_types,
        callbacks=Callbacks(
            sum(c.callbacks_requested for c in case_groups),
            sum(c.callbacks_done for c in case_groups),
            sum(c.callbacks_overdue for c in case_groups),
        ),
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
    for hour in report.hours:
        key = f"{hour.hour:02d}"
        rows += [
            ("by_hour", f"{key}/arrivals", hour.tickets),
            ("by_hour", f"{key}/wait_mean", _round(hour.wait_mean)),
            ("by_hour", f"{key}/open_counters", _round(hour.counters, 1)),
            ("by_hour", f"{key}/called", hour.called),
            ("by_hour", f"{key}/no_shows", hour.no_shows),
        ]
    for row in report.case_types:
        rows += [
            ("by_case_type", f"{row.case_type}/cases", row.cases),
            ("by_case_type", f"{row.case_type}/needed_help", row.needed_help),
            ("by_case_type", f"{row.case_type}/needed_help_share", _share(row.needed_help, row)),
            ("by_case_type", f"{row.case_type}/manual_id_checks", row.manual_id_checks),
            ("by_case_type", f"{row.case_type}/manual_id_share", _share(row.manual_id_checks, row)),
        ]
    rows += [
        ("callbacks", "requested", report.callbacks.requested),
        ("callbacks", "done", report.callbacks.done),
        ("callbacks", "overdue", report.callbacks.overdue),
    ]
    return rows


def _share(part: int, row: CaseTypeRow) -> float | str:
    return _round(rate(part, row.cases), 4)


def _round(value: float | None, digits: int = 2) -> float | str:
    return "" if value is None else round(value, digits)


def report_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "key", "value"])
    writer.writerows(report_rows(report))
    return out.getvalue()

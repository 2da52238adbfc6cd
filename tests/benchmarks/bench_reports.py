"""A year's report on PostgreSQL: 547,500 tickets (1,500 a day) with their cases.

The baseline, measured in the same run over the same rows, is the bare SQL aggregate an
analyst would write: the median and 90th-percentile wait per case type (``percentile_cont``).
The report computes that and everything else the admin screen shows (by hour with the open
counters, outcomes, help and manual ID checks by case type, call-backs).

Targets (issue "reports that stay fast over a year"): the year's report ≤ 2× the bare
aggregate; memory in this process does not grow with the range (a year's peak within a
small margin of a month's).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import tracemalloc
import uuid
from collections.abc import Callable
from datetime import date

import psycopg
from sqlalchemy import text
from sqlalchemy.engine import make_url

from kiosk.services.reports import build_report
from kiosk.settings import default_site
from kiosk.storage import Database

FIRST = date(2025, 1, 1)
DAYS = 365
PER_DAY = 1500
TARGET_RATIO = 2.0

#: One row per ticket: a day from 09:00 to 17:00 Beijing time (01:00-09:00 UTC), waits of
#: 0-90 minutes, services of 3-25, one ticket in twenty a no-show, one in fifty a call-back.
FILL_TICKETS = """
INSERT INTO tickets (prefix, number, service_day, queue_id, case_type, state, priority_class,
                     arrived_at, called_at, started_at, ended_at, counter_id, recall_count,
                     outcome, language, flags, version)
SELECT 'A', n, day, 'general', (ARRAY['account_recovery','wallet_reactivation',
        'minor_spending_refund','merchant_appeal'])[1 + (g % 4)],
       CASE WHEN g % 20 = 0 THEN 'no_show' ELSE 'done' END,
       CASE WHEN g % 7 = 0 THEN 'priority' ELSE 'normal' END,
       arrived, arrived + wait, arrived + wait + interval '1 minute',
       CASE WHEN g % 20 = 0 THEN NULL ELSE arrived + wait + service END,
       'c' || (1 + g % 12), 0,
       CASE WHEN g % 20 = 0 THEN NULL ELSE 'resolved' END,
       CASE WHEN g % 3 = 0 THEN 'en' ELSE 'zh_CN' END,
       CASE WHEN g % 16 = 0 THEN '["language_help", "help:yue"]'
            WHEN g % 5 = 0 THEN '["manual_id_check"]' ELSE '[]' END::json, 1
FROM (
  SELECT g, n, day,
         (day + time '01:00') AT TIME ZONE 'UTC' + (n * interval '19 seconds') AS arrived,
         ((g * 7919) % 90) * interval '1 minute' AS wait,
         (3 + (g * 104729) % 22) * interval '1 minute' AS service
  FROM (SELECT g, (1 + g % :per_day)::int AS n, :first + (g / :per_day)::int AS day
        FROM generate_series(0::bigint, :count - 1) AS g) numbered
) made
"""

FILL_CASES = """
INSERT INTO cases (ticket_id, case_type, form_version, language, manual_id_check, liveness,
                   notes, outcome_note, created_at, callback_queue, callback_due,
                   callback_done_at)
SELECT id, case_type, 1, language, flags::text LIKE '%manual_id_check%',
       CASE WHEN id % 10 = 0 THEN NULL
            ELSE ('{"passed": ' || (id % 9 <> 0) || ', "reason": ""}')::json END,
       '', '', arrived_at,
       CASE WHEN id % 50 = 0 THEN 'general' END,
       CASE WHEN id % 50 = 0 THEN arrived_at + interval '1 day' END,
       CASE WHEN id % 100 = 0 THEN arrived_at + interval '1 day' END
FROM tickets
"""

BARE = """
SELECT case_type, count(*),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM called_at - arrived_at)),
       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM called_at - arrived_at))
FROM tickets
WHERE service_day BETWEEN :first AND :last AND called_at IS NOT NULL
GROUP BY case_type
"""


def best_of(runs: int, job: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        job()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def peak_memory(job: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        job()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres", help="admin URL"
    )
    parser.add_argument("--days", type=int, default=DAYS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    name = f"kiosk_bench_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(args.postgres, autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    url = make_url(args.postgres).set(database=name).render_as_string(hide_password=False)
    db = Database(url)
    try:
        db.upgrade()
        count = args.days * PER_DAY
        started = time.perf_counter()
        with db.write() as conn:
            conn.execute(text(FILL_TICKETS), {"per_day": PER_DAY, "first": FIRST, "count": count})
            conn.execute(text(FILL_CASES))
        with db.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
        fill_seconds = time.perf_counter() - started
        last = date.fromordinal(FIRST.toordinal() + args.days - 1)
        month_last = date.fromordinal(FIRST.toordinal() + 30)
        site = default_site()

        def bare(first: date, last: date) -> object:
            with db.read() as conn:
                return conn.execute(text(BARE), {"first": first, "last": last}).all()

        bare(FIRST, last)  # warm the caches for both
        year_report = build_report(db, site, FIRST, last)
        if year_report.tickets != count:
            raise SystemExit(f"the report counted {year_report.tickets} tickets, not {count}")
        bare_year = best_of(args.runs, lambda: bare(FIRST, last))
        report_year = best_of(args.runs, lambda: build_report(db, site, FIRST, last))
        report_month = best_of(args.runs, lambda: build_report(db, site, FIRST, month_last))
        memory_month = peak_memory(lambda: build_report(db, site, FIRST, month_last))
        memory_year = peak_memory(lambda: build_report(db, site, FIRST, last))
    finally:
        db.dispose()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    ratio = report_year / bare_year
    result = {
        "tickets": count,
        "fill_seconds": round(fill_seconds, 1),
        "bare_sql_year_s": round(bare_year, 3),
        "report_year_s": round(report_year, 3),
        "report_month_s": round(report_month, 3),
        "ratio_year_to_bare": round(ratio, 2),
        "peak_python_memory_month_kb": round(memory_month / 1024),
        "peak_python_memory_year_kb": round(memory_year / 1024),
        "target_ratio": TARGET_RATIO,
    }
    memory_ok = memory_year <= memory_month * 1.5 + 64 * 1024
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"{count} tickets (filled in {fill_seconds:.1f} s): bare SQL {bare_year:.3f} s, "
            f"report: year {report_year:.3f} s, month {report_month:.3f} s; "
            f"ratio {ratio:.2f} (target ≤ {TARGET_RATIO:.0f}); "
            f"peak memory in this process: month {memory_month / 1024:.0f} KiB, "
            f"year {memory_year / 1024:.0f} KiB ({'flat' if memory_ok else 'GROWS'})"
        )
    return 0 if ratio <= TARGET_RATIO and memory_ok else 1


if __name__ == "__main__":
    sys.exit(main())

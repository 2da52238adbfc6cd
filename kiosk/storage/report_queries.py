"""Report aggregates, computed where the rows lie: the database sums up a range's tickets and
cases and hands back a few dozen rows, so neither the time nor the memory of this process
grows with the range.

PostgreSQL does everything in SQL (``percentile_cont``). SQLite has no percentiles;
``register_sqlite_functions`` gives every SQLite connection a ``kiosk_percentiles`` aggregate,
so the same statements run there (it keeps the minutes it is given, 8 bytes each, while its
statement runs).

Local hours are not found by converting every row to the site's time zone (on PostgreSQL that
conversion cost more than the rest of a year's report together): the zone's UTC offsets over
the range are worked out here, once, and each row adds the offset of its span to its epoch
seconds. Cases are picked by the moment they were made, which falls on their ticket's service
day (the site's local date), so no join with the tickets is needed.

A ticket's *wait* is from arrival to its latest call (recalls and transfers count as
waiting); its *service* from the start of service to completion. Percentiles interpolate
linearly between the closest ranks, as ``percentile_cont`` does.
"""

from __future__ import annotations

import json
import math
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Connection,
    Float,
    Integer,
    String,
    and_,
    case,
    cast,
    distinct,
    func,
    literal,
    or_,
    select,
    text,
    true,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import ARRAY

from kiosk.domain.intake import ASSISTED, LANGUAGE_HELP
from kiosk.domain.statistics import Distribution, percentile
from kiosk.storage.schema import cases, tickets

CALLED_STATES = ("called", "serving", "done", "no_show")
#: The two percentiles every distribution reports.
FRACTIONS = (0.5, 0.9)
#: Ticket flags that mean the visitor needed someone's help with the intake.
HELP_FLAGS = (LANGUAGE_HELP, ASSISTED)


@dataclass(frozen=True, slots=True)
class TicketGroup:
    """Tickets that arrived in one local hour, of one case type, state and outcome: how many,
    how many needed help, how many have a call time and the seconds to it in all (a wait
    only where the state is one of ``CALLED_STATES``)."""

    hour: int
    case_type: str | None
    state: str
    outcome: str | None
    tickets: int
    needed_help: int
    waited: int
    wait_seconds: float


@dataclass(frozen=True, slots=True)
class CaseGroup:
    """The cases of one case type: manual ID checks, face checks, call-backs."""

    case_type: str
    cases: int
    manual_id_checks: int
    liveness_checked: int
    liveness_passed: int
    callbacks_requested: int
    callbacks_done: int
    callbacks_overdue: int


# -- dialect pieces ---------------------------------------------------------------------------
def _postgres(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def _seconds(conn: Connection, start: Any, end: Any) -> ColumnElement[Any]:
    """From start to end in seconds (NULL when either is); reports turn them into minutes."""
    if _postgres(conn):
        # date_part, unlike extract, answers in double precision rather than numeric
        return func.date_part("epoch", end - start, type_=Float)
    return (func.julianday(end) - func.julianday(start)) * 86400.0


def _room_to_sort(conn: Connection) -> None:
    """A year's minutes are sorted and hashed in memory rather than on disk: the server's
    default working memory (4 MB) would spill; this transaction may use up to 64 MB."""
    if _postgres(conn):
        conn.execute(text("SET LOCAL work_mem = '64MB'"))


def _epoch(conn: Connection, column: Any) -> ColumnElement[Any]:
    if _postgres(conn):
        return func.floor(func.date_part("epoch", column, type_=Float))
    return cast(func.strftime("%s", column), Integer)


def _local_hour(
    conn: Connection, column: Any, zone: str, first_day: date, last_day: date
) -> ColumnElement[Any]:
    spans = offset_spans(zone, first_day, last_day)
    offset: Any = literal(spans[-1][1])
    if len(spans) > 1:
        offset = case(*((column < start, literal(o)) for start, o in _ends(spans)), else_=offset)
    seconds: ColumnElement[Any] = _epoch(conn, column) + offset
    if _postgres(conn):  # in double precision: numeric division would cost more than the scan
        hours = func.floor(cast(seconds, Float) / literal(3600.0, Float), type_=Float)
        return func.mod(cast(hours, Integer), 24)
    hour: ColumnElement[Any] = (seconds // 3600) % 24
    return hour


def _ends(spans: list[tuple[datetime, int]]) -> list[tuple[datetime, int]]:
    """(end, offset) of every span but the last: a time before ``end`` has that offset."""
    return [(spans[i + 1][0], spans[i][1]) for i in range(len(spans) - 1)]


def offset_spans(zone: str, first_day: date, last_day: date) -> list[tuple[datetime, int]]:
    """The zone's UTC offsets (seconds) over the range, as (UTC start, offset), oldest first:
    hourly steps find each change, halving finds its second."""
    tz = ZoneInfo(zone)  # (ZoneInfo keeps one instance per zone)
    start = datetime.combine(first_day, time(0), tz).astimezone(UTC) - timedelta(days=1)
    end = datetime.combine(last_day, time(0), tz).astimezone(UTC) + timedelta(days=2)

    def offset(moment: datetime) -> int:
        delta = moment.astimezone(tz).utcoffset()
        return int(delta.total_seconds()) if delta is not None else 0

    spans = [(start, offset(start))]
    step = timedelta(hours=1)
    moment = start
    while moment < end:
        later = moment + step
        if offset(later) != spans[-1][1]:
            low, high = moment, later
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if offset(middle) == spans[-1][1]:
                    low = middle
                else:
                    high = middle
            spans.append((high.replace(microsecond=0), offset(later)))
        moment = later
    return spans


def day_bounds(zone: str, first_day: date, last_day: date) -> tuple[datetime, datetime]:
    """From the first day's local midnight to the midnight after the last day, in UTC."""
    tz = ZoneInfo(zone)  # (ZoneInfo keeps one instance per zone)
    return (
        datetime.combine(first_day, time(0), tz).astimezone(UTC),
        datetime.combine(last_day + timedelta(days=1), time(0), tz).astimezone(UTC),
    )


def _spread_columns(conn: Connection, value: Any, name: str) -> list[Any]:
    """Two columns: how many values, and their percentiles (``FRACTIONS``) in one sort."""
    if _postgres(conn):
        fractions = cast(postgresql.array([literal(f) for f in FRACTIONS]), ARRAY(Float))
        quantiles: Any = func.percentile_cont(fractions).within_group(value)
    else:
        quantiles = func.kiosk_percentiles(value, ",".join(str(f) for f in FRACTIONS))
    return [func.count(value).label(f"{name}_n"), quantiles.label(f"{name}_q")]


def _spread(row: Any, name: str) -> Distribution:
    """The distribution in minutes of the row's seconds."""
    quantiles = row._mapping[f"{name}_q"]
    if isinstance(quantiles, str):
        quantiles = json.loads(quantiles)
    if not quantiles:
        quantiles = [None] * len(FRACTIONS)
    median, p90 = (None if q is None else float(q) / 60.0 for q in quantiles)
    return Distribution(int(row._mapping[f"{name}_n"] or 0), median, p90)


def _in_range(first_day: date, last_day: date) -> ColumnElement[bool]:
    return and_(tickets.c.service_day >= first_day, tickets.c.service_day <= last_day)


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _wait(conn: Connection) -> ColumnElement[Any]:
    waited = _seconds(conn, tickets.c.arrived_at, tickets.c.called_at)
    return case((tickets.c.state.in_(CALLED_STATES), waited))


def _service(conn: Connection) -> ColumnElement[Any]:
    served = _seconds(conn, tickets.c.started_at, tickets.c.ended_at)
    return case((tickets.c.state == "done", served))


# -- the aggregates -----------------------------------------------------------------------------
def overall(conn: Connection, first_day: date, last_day: date) -> tuple[Distribution, Distribution]:
    """The waits and the service times of the whole range."""
    _room_to_sort(conn)
    # Each row's seconds worked out once, in a subquery the planner keeps (OFFSET 0), rather
    # than once for the count and again for the percentiles.
    times = (
        select(_wait(conn).label("wait"), _service(conn).label("service"))
        .where(_in_range(first_day, last_day))
        .offset(0)
        .subquery()
    )
    row = conn.execute(
        select(
            *_spread_columns(conn, times.c.wait, "wait"),
            *_spread_columns(conn, times.c.service, "service"),
        )
    ).one()
    return _spread(row, "wait"), _spread(row, "service")


def counters_by_hour(
    conn: Connection, first_day: date, last_day: date, zone: str
) -> dict[int, float]:
    """Counters that called someone in each local hour, averaged over the days with calls:
    the (day, counter) pairs of the hour over its days."""
    _room_to_sort(conn)
    hour = _local_hour(conn, tickets.c.called_at, zone, first_day, last_day).label("hour")
    calling = (
        select(tickets.c.service_day, hour, tickets.c.counter_id)
        .where(
            _in_range(first_day, last_day),
            tickets.c.called_at.is_not(None),
            tickets.c.counter_id.is_not(None),
        )
        .distinct()
        .subquery()
    )
    rows = conn.execute(
        select(calling.c.hour, func.count(), func.count(distinct(calling.c.service_day))).group_by(
            calling.c.hour
        )
    ).all()
    return {int(h): pairs / days for h, pairs, days in rows}


def ticket_groups(
    conn: Connection, first_day: date, last_day: date, zone: str
) -> list[TicketGroup]:
    """The range's tickets by local hour of arrival, case type, state and outcome: at most a
    few hundred rows, however long the range."""
    _room_to_sort(conn)
    hour = _local_hour(conn, tickets.c.arrived_at, zone, first_day, last_day).label("hour")
    flags = cast(tickets.c.flags, String)
    helped = or_(*(flags.like(f'%"{flag}"%') for flag in HELP_FLAGS))
    # Grouped by state already: the minutes waited are summed for every state, and only the
    # called states' count (see ``TicketGroup.wait_seconds``), which spares a test per row.
    waited = _seconds(conn, tickets.c.arrived_at, tickets.c.called_at)
    rows = conn.execute(
        select(
            hour,
            tickets.c.case_type,
            tickets.c.state,
            tickets.c.outcome,
            func.count(),
            _count_if(helped),
            func.count(tickets.c.called_at),
            func.coalesce(func.sum(waited), 0.0),
        )
        .where(_in_range(first_day, last_day))
        .group_by(hour, tickets.c.case_type, tickets.c.state, tickets.c.outcome)
    ).all()
    return [
        TicketGroup(int(r[0]), r[1], str(r[2]), r[3], int(r[4]), int(r[5]), int(r[6]), float(r[7]))
        for r in rows
    ]


def case_groups(
    conn: Connection, first_day: date, last_day: date, zone: str, now: datetime
) -> list[CaseGroup]:
    """The range's cases per case type. The face check's verdict is read from the stored JSON
    text as this module's writer spells it (``{"passed": true, ...}``), which is far cheaper
    than parsing every row's JSON."""
    starts, ends = day_bounds(zone, first_day, last_day)
    verdict = cast(cases.c.liveness, String)
    done = cases.c.callback_done_at.is_not(None)
    rows = conn.execute(
        select(
            cases.c.case_type,
            func.count(),
            _count_if(cases.c.manual_id_check == true()),
            _count_if(verdict.like('%"passed": %')),
            _count_if(verdict.like('%"passed": true%')),
            _count_if(cases.c.callback_queue.is_not(None)),
            _count_if(and_(cases.c.callback_queue.is_not(None), done)),
            _count_if(
                and_(
                    cases.c.callback_queue.is_not(None),
                    ~done,
                    cases.c.callback_due.is_not(None),
                    cases.c.callback_due < now,
                )
            ),
        )
        .where(cases.c.created_at >= starts, cases.c.created_at < ends)
        .group_by(cases.c.case_type)
        .order_by(cases.c.case_type)
    ).all()
    return [CaseGroup(str(r[0]), *(int(v) for v in r[1:])) for r in rows]


# -- SQLite's missing functions -----------------------------------------------------------------
class _Percentiles:
    """``kiosk_percentiles(value, '0.5,0.9')``: the percentiles as a JSON list."""

    def __init__(self) -> None:
        self.values = array("d")
        self.fractions: Sequence[float] = ()

    def step(self, value: float | None, fractions: str) -> None:
        if not self.fractions:
            self.fractions = [float(f) for f in fractions.split(",")]
        if value is not None and not math.isnan(value):
            self.values.append(value)

    def finalize(self) -> str:
        ordered = sorted(self.values)
        self.values = array("d")
        return json.dumps([percentile(ordered, f) for f in self.fractions])


def register_sqlite_functions(dbapi_connection: Any) -> None:
    dbapi_connection.create_aggregate("kiosk_percentiles", 2, _Percentiles)

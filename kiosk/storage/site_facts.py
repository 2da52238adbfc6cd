"""Facts about the site itself that every machine may read (e.g. that it is a demo site)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, func, select

from kiosk.storage.database import upsert_insert
from kiosk.storage.schema import site_facts, staff, tickets

SITE_KIND = "site_kind"


def get_fact(conn: Connection, name: str) -> str | None:
    value = conn.execute(select(site_facts.c.value).where(site_facts.c.name == name)).scalar()
    return None if value is None else str(value)


def set_fact_once(conn: Connection, name: str, value: str, now: datetime) -> str:
    """Record ``value`` unless the fact is already known; the value in force either way."""
    conn.execute(
        upsert_insert(conn, site_facts)
        .values(name=name, value=value, created_at=now)
        .on_conflict_do_nothing(index_elements=[site_facts.c.name])
    )
    return str(get_fact(conn, name))


def site_is_new(conn: Connection) -> bool:
    """Nothing has happened on it yet: no staff account, no ticket."""
    accounts = conn.execute(select(func.count()).select_from(staff)).scalar_one()
    issued = conn.execute(select(func.count()).select_from(tickets)).scalar_one()
    return accounts == 0 and issued == 0

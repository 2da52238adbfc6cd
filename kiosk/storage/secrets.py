"""Secrets shared by the machines of a site (e.g. the key that signs ticket QR codes).

Created on first use with a random value; every machine then reads the same one. Kept out of
logs and exports.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import Connection, select

from kiosk.storage.database import upsert_insert
from kiosk.storage.schema import site_secrets


def site_secret(conn: Connection, name: str, now: datetime) -> bytes:
    conn.execute(
        upsert_insert(conn, site_secrets)
        .values(name=name, value=secrets.token_hex(32), created_at=now)
        .on_conflict_do_nothing(index_elements=[site_secrets.c.name])
    )
    value = conn.execute(
        select(site_secrets.c.value).where(site_secrets.c.name == name)
    ).scalar_one()
    return bytes.fromhex(value)

"""Staff rows: accounts, and sign-in attempts counted in single statements.

An attempt is counted *before* the PIN is checked, in one statement that also locks the account
when the count reaches the limit; a locked account's hash is not handed out. Parallel attempts
therefore cannot lose a count, and no more than the limit of PINs is ever checked per lock. On
PostgreSQL the statements run inside functions owned by the site's owner role, so that machines
which sign staff in never read the staff table (and its hashes) themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, case, insert, literal, select, text, update

from kiosk.storage.schema import staff


@dataclass(frozen=True, slots=True)
class Attempt:
    """What a counted attempt may check against (None when no hash is handed out)."""

    staff_id: int
    role: str
    secret_hash: str
    failures: int
    demo: bool


@dataclass(frozen=True, slots=True)
class AccountRow:
    id: int
    name: str
    role: str
    active: bool
    locked_until: datetime | None
    demo: bool


def begin_attempt(
    conn: Connection, name: str, now: datetime, limit: int, lock_until: datetime
) -> Attempt | None:
    if conn.dialect.name == "postgresql":
        row = conn.execute(
            text("SELECT * FROM kiosk_sign_in_begin(:name, :now, :limit, :lock_until)"),
            {"name": name, "now": now, "limit": limit, "lock_until": lock_until},
        ).first()
    else:
        base = case((staff.c.locked_until.is_not(None), literal(0)), else_=staff.c.failed_attempts)
        row = conn.execute(
            update(staff)
            .where(
                staff.c.name == name,
                staff.c.active.is_(True),
                (staff.c.locked_until.is_(None)) | (staff.c.locked_until <= now),
            )
            .values(
                failed_attempts=base + 1,
                locked_until=case((base + 1 >= limit, lock_until), else_=None),
            )
            .returning(
                staff.c.id, staff.c.role, staff.c.secret_hash, staff.c.failed_attempts, staff.c.demo
            )
        ).first()
    if row is None:
        return None
    return Attempt(int(row[0]), str(row[1]), str(row[2]), int(row[3]), bool(row[4]))


def attempt_state(conn: Connection, name: str, now: datetime) -> tuple[int, bool] | None:
    """(account id, locked now) of a name, or None when there is no such account."""
    if conn.dialect.name == "postgresql":
        row = conn.execute(
            text("SELECT * FROM kiosk_sign_in_state(:name, :now)"), {"name": name, "now": now}
        ).first()
    else:
        row = conn.execute(
            select(
                staff.c.id,
                staff.c.locked_until.is_not(None) & (staff.c.locked_until > now),
            ).where(staff.c.name == name)
        ).first()
    return None if row is None else (int(row[0]), bool(row[1]))


def attempt_succeeded(conn: Connection, staff_id: int, old_hash: str, new_hash: str | None) -> None:
    """The PIN was right: the count starts again (and an outdated hash is replaced)."""
    if conn.dialect.name == "postgresql":
        conn.execute(
            text("SELECT kiosk_sign_in_succeeded(:id, :old, :new)"),
            {"id": staff_id, "old": old_hash, "new": new_hash},
        )
        return
    values: dict[str, Any] = {"failed_attempts": 0, "locked_until": None}
    if new_hash is not None:
        values["secret_hash"] = case(
            (staff.c.secret_hash == old_hash, new_hash), else_=staff.c.secret_hash
        )
    conn.execute(update(staff).where(staff.c.id == staff_id).values(**values))


# -- accounts (the administrator's page) -----------------------------------------------------
def name_taken(conn: Connection, name: str) -> bool:
    return conn.execute(select(staff.c.id).where(staff.c.name == name)).first() is not None


def insert_account(
    conn: Connection, *, name: str, role: str, secret_hash: str, now: datetime, demo: bool
) -> int:
    return int(
        conn.execute(
            insert(staff)
            .values(
                name=name,
                role=role,
                secret_hash=secret_hash,
                failed_attempts=0,
                active=True,
                created_at=now,
                demo=demo,
            )
            .returning(staff.c.id)
        ).scalar_one()
    )


def accounts(conn: Connection) -> list[AccountRow]:
    rows = conn.execute(
        select(
            staff.c.id,
            staff.c.name,
            staff.c.role,
            staff.c.active,
            staff.c.locked_until,
            staff.c.demo,
        ).order_by(staff.c.name)
    ).all()
    return [AccountRow(r[0], r[1], r[2], bool(r[3]), r[4], bool(r[5])) for r in rows]


def account(conn: Connection, account_id: int) -> AccountRow | None:
    return next((a for a in accounts(conn) if a.id == account_id), None)


def update_account(conn: Connection, account_id: int, values: dict[str, Any]) -> None:
    conn.execute(update(staff).where(staff.c.id == account_id).values(**values))


def active_admins(conn: Connection) -> int:
    return len(
        conn.execute(
            select(staff.c.id).where(staff.c.role == "admin", staff.c.active.is_(True))
        ).all()
    )

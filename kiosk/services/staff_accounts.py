"""Staff accounts: PINs or passwords stored as salted scrypt hashes, sign-in with lock-out.

Five wrong attempts in a row lock the account for a while (``LOCK_MINUTES``); every sign-in,
failure and lock is in the audit log (by account name, never the secret).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import insert, select, update

from kiosk.domain.clock import Clock, system_clock
from kiosk.domain.errors import DomainError
from kiosk.storage import Database
from kiosk.storage.audit import record
from kiosk.storage.schema import staff

MAX_FAILURES = 5
LOCK_MINUTES = 10
MIN_SECRET = 4
_N, _R, _P = 2**14, 8, 1


class SignInRefused(DomainError):
    """Wrong name or secret, or a locked account; the message is safe to show."""


@dataclass(frozen=True, slots=True)
class StaffMember:
    id: int
    name: str
    role: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def hash_secret(secret: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    encode = base64.b64encode
    return f"scrypt${_N}${_R}${_P}${encode(salt).decode()}${encode(digest).decode()}"


def verify_secret(secret: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    expected = base64.b64decode(digest)
    actual = hashlib.scrypt(
        secret.encode(),
        salt=base64.b64decode(salt),
        n=int(n),
        r=int(r),
        p=int(p),
        dklen=len(expected),
    )
    return hmac.compare_digest(actual, expected)


@dataclass(frozen=True, slots=True)
class StaffAccount:
    """An account as the administrator sees it (never its secret)."""

    id: int
    name: str
    role: str
    active: bool
    locked: bool


ROLES = ("clerk", "admin")


class StaffAccounts:
    def __init__(self, db: Database, clock: Clock = system_clock) -> None:
        self.db = db
        self.clock = clock

    def add(
        self, name: str, secret: str, *, role: str = "clerk", actor: str = "admin"
    ) -> StaffMember:
        name = name.strip()
        if not name:
            raise DomainError("a staff account needs a name")
        if len(secret) < MIN_SECRET:
            raise DomainError(f"a PIN or password needs at least {MIN_SECRET} characters")
        if role not in ROLES:
            raise DomainError("role must be clerk or admin")
        now = self.clock()
        with self.db.write() as conn:
            if conn.execute(select(staff.c.id).where(staff.c.name == name)).first():
                raise DomainError(f"there is already a staff account named {name}")
            staff_id = int(
                conn.execute(
                    insert(staff)
                    .values(
                        name=name,
                        role=role,
                        secret_hash=hash_secret(secret),
                        failed_attempts=0,
                        active=True,
                        created_at=now,
                    )
                    .returning(staff.c.id)
                ).scalar_one()
            )
            record(
                conn,
                at=now,
                actor=actor,
                action="staff_added",
                entity="staff",
                entity_id=staff_id,
                details={"name": name, "role": role},
            )
        return StaffMember(staff_id, name, role)

    def sign_in(self, name: str, secret: str, *, counter_id: str | None = None) -> StaffMember:
        """The signed-in member, or SignInRefused; failures are committed before it is raised."""
        now = self.clock()
        refusal: SignInRefused | None = None
        with self.db.write() as conn:
            row = conn.execute(select(staff).where(staff.c.name == name.strip())).mappings().first()
            if row is None or not row["active"]:
                record(
                    conn,
                    at=now,
                    actor=name[:80],
                    action="sign_in_failed",
                    entity="staff",
                    entity_id=None,
                    details={"counter": counter_id},
                )
                refusal = SignInRefused("wrong name or PIN")
            elif row["locked_until"] is not None and row["locked_until"] > now:
                minutes = max(1, int((row["locked_until"] - now).total_seconds() // 60) + 1)
                refusal = SignInRefused(
                    f"this account is locked after {MAX_FAILURES} wrong attempts; "
                    f"try again in {minutes} min or ask an administrator"
                )
            elif not verify_secret(secret, row["secret_hash"]):
                failures = row["failed_attempts"] + 1
                locked = now + timedelta(minutes=LOCK_MINUTES) if failures >= MAX_FAILURES else None
                conn.execute(
                    update(staff)
                    .where(staff.c.id == row["id"])
                    .values(failed_attempts=0 if locked else failures, locked_until=locked)
                )
                record(
                    conn,
                    at=now,
                    actor=row["name"],
                    action="sign_in_failed",
                    entity="staff",
                    entity_id=row["id"],
                    details={"counter": counter_id, "failures": failures},
                )
                if locked:
                    record(
                        conn,
                        at=now,
                        actor=row["name"],
                        action="staff_locked",
                        entity="staff",
                        entity_id=row["id"],
                        details={"minutes": LOCK_MINUTES},
                    )
                    refusal = SignInRefused(
                        f"wrong name or PIN; the account is now locked for {LOCK_MINUTES} min"
                    )
                else:
                    left = MAX_FAILURES - failures
                    refusal = SignInRefused(
                        f"wrong name or PIN ({left} attempt(s) left before lock-out)"
                    )
            else:
                conn.execute(
                    update(staff)
                    .where(staff.c.id == row["id"])
                    .values(failed_attempts=0, locked_until=None)
                )
                record(
                    conn,
                    at=now,
                    actor=row["name"],
                    action="signed_in",
                    entity="staff",
                    entity_id=row["id"],
                    details={"counter": counter_id},
                )
        if refusal is not None:
            raise refusal
        assert row is not None
        return StaffMember(row["id"], row["name"], row["role"])

    def members(self) -> list[StaffMember]:
        with self.db.read() as conn:
            rows = conn.execute(
                select(staff.c.id, staff.c.name, staff.c.role).order_by(staff.c.name)
            )
            return [StaffMember(*r) for r in rows]

    def accounts(self) -> list[StaffAccount]:
        now = self.clock()
        with self.db.read() as conn:
            rows = conn.execute(
                select(
                    staff.c.id, staff.c.name, staff.c.role, staff.c.active, staff.c.locked_until
                ).order_by(staff.c.name)
            ).all()
        return [
            StaffAccount(
                r.id,
                r.name,
                r.role,
                bool(r.active),
                r.locked_until is not None and r.locked_until > now,
            )
            for r in rows
        ]

    def change(
        self,
        account_id: int,
        *,
        actor: str,
        role: str | None = None,
        secret: str | None = None,
        active: bool | None = None,
    ) -> StaffAccount:
        """Change an account's role, PIN or whether it may sign in; a new PIN also unlocks it.

        Refused (DomainError, safe to show) when it would leave the site without an active
        administrator.
        """
        values: dict[str, object] = {}
        if role is not None:
            if role not in ROLES:
                raise DomainError("role must be clerk or admin")
            values["role"] = role
        if secret is not None:
            if len(secret) < MIN_SECRET:
                raise DomainError(f"a PIN or password needs at least {MIN_SECRET} characters")
            values.update(secret_hash=hash_secret(secret), failed_attempts=0, locked_until=None)
        if active is not None:
            values["active"] = active
        if not values:
            raise DomainError("nothing to change")
        now = self.clock()
        with self.db.write() as conn:
            row = conn.execute(select(staff).where(staff.c.id == account_id)).mappings().first()
            if row is None:
                raise DomainError("no such staff account")
            conn.execute(update(staff).where(staff.c.id == account_id).values(**values))
            admins = conn.execute(
                select(staff.c.id).where(staff.c.role == "admin", staff.c.active.is_(True))
            ).all()
            if not admins:
                raise DomainError("the site needs at least one active administrator")
            record(
                conn,
                at=now,
                actor=actor,
                action="staff_changed",
                entity="staff",
                entity_id=account_id,
                details={
                    "name": row["name"],
                    "role": role,
                    "new_secret": secret is not None,
                    "active": active,
                },
            )
        return next(a for a in self.accounts() if a.id == account_id)

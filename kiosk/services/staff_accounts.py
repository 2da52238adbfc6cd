"""Staff accounts: PINs or passwords stored as salted scrypt hashes, sign-in with lock-out.

- scrypt at OWASP's minimum (N=2^17, r=8, p=1); an older, cheaper hash is replaced at the
  next sign-in with the right PIN.
- Every attempt is counted before the PIN is checked, atomically (see kiosk.storage.staff):
  after ``failures_before_lock`` wrong attempts in a row the account is locked for
  ``lock_minutes``, however many attempts arrive at once.
- An unknown name, a wrong PIN and a locked account get the same message and take the same
  time (a dummy hash is checked when there is no real one). Attempts while locked are audited.
- PINs follow the site's policy: long enough for the role, not all one digit, not a run.
- Demo accounts (made by ``kiosk demo``) sign in on demo sites only.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from kiosk.domain.clock import Clock, system_clock
from kiosk.domain.errors import DomainError
from kiosk.services.settings_in_force import SettingsSource, settings_source
from kiosk.settings import SiteConfig
from kiosk.storage import Database
from kiosk.storage import staff as rows
from kiosk.storage.audit import record

log = logging.getLogger(__name__)

#: scrypt's cost, OWASP's current minimum; 128 MiB of memory per hash
PRODUCTION_SCRYPT_N = 2**17
SCRYPT_N, SCRYPT_R, SCRYPT_P = PRODUCTION_SCRYPT_N, 8, 1
ROLES = ("clerk", "admin")
REFUSED = "wrong name or PIN, or the account is locked for a while; ask an administrator"


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


@dataclass(frozen=True, slots=True)
class StaffAccount:
    """An account as the administrator sees it (never its secret)."""

    id: int
    name: str
    role: str
    active: bool
    locked: bool


def hash_secret(secret: str, salt: bytes | None = None, n: int | None = None) -> str:
    cost = n or SCRYPT_N  # read when hashing (the tests lower it; see tests/conftest.py)
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(
        secret.encode(), salt=salt, n=cost, r=SCRYPT_R, p=SCRYPT_P, dklen=32, maxmem=2**28
    )
    encode = base64.b64encode
    return f"scrypt${cost}${SCRYPT_R}${SCRYPT_P}${encode(salt).decode()}${encode(digest).decode()}"


def _parts(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return None
        return int(n), int(r), int(p), base64.b64decode(salt), base64.b64decode(digest)
    except (ValueError, TypeError):
        return None


def verify_secret(secret: str, stored: str) -> bool:
    parts = _parts(stored)
    if parts is None:
        return False
    n, r, p, salt, expected = parts
    actual = hashlib.scrypt(
        secret.encode(), salt=salt, n=n, r=r, p=p, dklen=len(expected), maxmem=2**28
    )
    return hmac.compare_digest(actual, expected)


def outdated(stored: str) -> bool:
    parts = _parts(stored)
    return parts is None or (parts[0], parts[1], parts[2]) != (SCRYPT_N, SCRYPT_R, SCRYPT_P)


@cache
def _dummy_hash(n: int) -> str:
    """Checked instead of a real hash, so that a name nobody has takes as long as a wrong PIN."""
    return hash_secret(secrets.token_hex(8), n=n)


def pin_problem(secret: str, role: str, site: SiteConfig) -> str | None:
    """Why ``secret`` may not be the PIN of an account of ``role`` (None: it may)."""
    rules = site.security
    shortest = rules.admin_pin_min if role == "admin" else rules.clerk_pin_min
    if len(secret) < shortest:
        return f"a PIN for this role needs at least {shortest} characters"
    if secret.isdigit():
        if len(set(secret)) == 1:
            return "a PIN of one repeated digit is too easy to guess"
        steps = {int(b) - int(a) for a, b in itertools.pairwise(secret)}
        if steps in ({1}, {-1}):
            return "a PIN of consecutive digits (like 123456) is too easy to guess"
    return None


class StaffAccounts:
    def __init__(
        self,
        db: Database,
        settings: SiteConfig | SettingsSource | None = None,
        clock: Clock = system_clock,
        *,
        demo_site: bool = False,
    ) -> None:
        self.db = db
        self.clock = clock
        self.demo_site = demo_site
        if settings is None:
            from kiosk.settings import default_site

            settings = default_site()
        self.settings = settings_source(settings)

    # -- accounts --------------------------------------------------------------------------
    def add(
        self,
        name: str,
        secret: str,
        *,
        role: str = "clerk",
        actor: str = "admin",
        demo: bool = False,
    ) -> StaffMember:
        name = name.strip()
        if not name or len(name) > 80:
            raise DomainError("a staff account needs a name (at most 80 characters)")
        if role not in ROLES:
            raise DomainError("role must be clerk or admin")
        problem = pin_problem(secret, role, self.settings.site)
        if problem is not None:
            raise DomainError(problem)
        now = self.clock()
        secret_hash = hash_secret(secret)
        with self.db.write() as conn:
            if rows.name_taken(conn, name):
                raise DomainError(f"there is already a staff account named {name}")
            staff_id = rows.insert_account(
                conn, name=name, role=role, secret_hash=secret_hash, now=now, demo=demo
            )
            record(
                conn,
                at=now,
                actor=actor,
                action="staff_added",
                entity="staff",
                entity_id=staff_id,
                details={"name": name, "role": role, "demo": demo},
            )
        return StaffMember(staff_id, name, role)

    def members(self) -> list[StaffMember]:
        with self.db.read() as conn:
            return [StaffMember(a.id, a.name, a.role) for a in rows.accounts(conn)]

    def has_active_admin(self) -> bool:
        with self.db.read() as conn:
            return rows.active_admins(conn) > 0

    def accounts(self) -> list[StaffAccount]:
        now = self.clock()
        with self.db.read() as conn:
            found = rows.accounts(conn)
        return [
            StaffAccount(
                a.id,
                a.name,
                a.role,
                a.active,
                a.locked_until is not None and a.locked_until > now,
            )
            for a in found
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
        now = self.clock()
        with self.db.read() as conn:
            current = rows.account(conn, account_id)
        if current is None:
            raise DomainError("no such staff account")
        if role is not None:
            if role not in ROLES:
                raise DomainError("role must be clerk or admin")
            values["role"] = role
        if secret is not None:
            problem = pin_problem(secret, role or current.role, self.settings.site)
            if problem is not None:
                raise DomainError(problem)
            values.update(secret_hash=hash_secret(secret), failed_attempts=0, locked_until=None)
        if active is not None:
            values["active"] = active
        if not values:
            raise DomainError("nothing to change")
        with self.db.write() as conn:
            rows.update_account(conn, account_id, values)
            if rows.active_admins(conn) == 0:
                raise DomainError("the site needs at least one active administrator")
            record(
                conn,
                at=now,
                actor=actor,
                action="staff_changed",
                entity="staff",
                entity_id=account_id,
                details={
                    "name": current.name,
                    "role": role,
                    "new_secret": secret is not None,
                    "active": active,
                },
            )
        return next(a for a in self.accounts() if a.id == account_id)

    # -- signing in ------------------------------------------------------------------------
    def record_kiosk_admin_paused(self, kiosk: str, failures: int, minutes: int) -> None:
        """A kiosk turned its admin sign-in off after failed attempts (audited, for staff)."""
        with self.db.write() as conn:
            record(
                conn,
                at=self.clock(),
                actor="kiosk",
                action="kiosk_admin_paused",
                entity="kiosk",
                entity_id=kiosk[:80],
                details={"failures": failures, "minutes": minutes},
            )

    def sign_in(
        self, name: str, secret: str, *, counter_id: str | None = None, where: str = ""
    ) -> StaffMember:
        """The signed-in member, or SignInRefused (one message for every reason)."""
        name = name.strip()[:80]
        rules = self.settings.site.security
        now = self.clock()
        lock_until = now + timedelta(minutes=rules.lock_minutes)
        with self.db.write() as conn:
            attempt = rows.begin_attempt(conn, name, now, rules.failures_before_lock, lock_until)
        stored = attempt.secret_hash if attempt is not None else _dummy_hash(SCRYPT_N)
        right = verify_secret(secret, stored) and attempt is not None
        if right and attempt is not None and attempt.demo and not self.demo_site:
            right = False  # the demo clerk exists for demo sites only
            log.warning("the demo account was refused on a site that is not a demo site")
        if attempt is not None and right:
            replacement = hash_secret(secret) if outdated(attempt.secret_hash) else None
            with self.db.write() as conn:
                rows.attempt_succeeded(conn, attempt.staff_id, attempt.secret_hash, replacement)
                record(
                    conn,
                    at=now,
                    actor=name,
                    action="signed_in",
                    entity="staff",
                    entity_id=attempt.staff_id,
                    details={"counter": counter_id, "where": where},
                )
            return StaffMember(attempt.staff_id, name, attempt.role)
        self._refused(name, now, attempt, rules.failures_before_lock, counter_id, where)
        raise SignInRefused(REFUSED)

    def _refused(
        self,
        name: str,
        now: datetime,
        attempt: rows.Attempt | None,
        limit: int,
        counter_id: str | None,
        where: str,
    ) -> None:
        with self.db.write() as conn:
            state = rows.attempt_state(conn, name, now) if attempt is None else None
            if attempt is None and state is None:
                # A name nobody has: it may be anything a passer-by typed, so it stays out.
                record(
                    conn,
                    at=now,
                    actor="unknown",
                    action="sign_in_failed",
                    entity="staff",
                    entity_id=None,
                    details={"counter": counter_id, "where": where},
                )
                return
            staff_id = attempt.staff_id if attempt is not None else state[0]  # type: ignore[index]
            locked_already = state is not None and state[1]
            record(
                conn,
                at=now,
                actor=name,
                action="sign_in_while_locked" if locked_already else "sign_in_failed",
                entity="staff",
                entity_id=staff_id,
                details={
                    "counter": counter_id,
                    "where": where,
                    "failures": attempt.failures if attempt is not None else None,
                },
            )
            if attempt is not None and attempt.failures >= limit:
                record(
                    conn,
                    at=now,
                    actor=name,
                    action="staff_locked",
                    entity="staff",
                    entity_id=staff_id,
                    details={"minutes": self.settings.site.security.lock_minutes},
                )

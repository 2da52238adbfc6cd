from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from kiosk.domain.clock import ManualClock
from kiosk.domain.errors import DomainError
from kiosk.services.staff_accounts import (
    MAX_FAILURES,
    SignInRefused,
    StaffAccounts,
    hash_secret,
    verify_secret,
)
from kiosk.storage import Database
from kiosk.storage.schema import audit_log, staff


def test_secrets_are_salted_scrypt_hashes() -> None:
    first, second = hash_secret("2468"), hash_secret("2468")
    assert first.startswith("scrypt$")
    assert first != second  # a fresh salt each time
    assert "2468" not in first
    assert verify_secret("2468", first)
    assert not verify_secret("2469", first)
    assert not verify_secret("2468", "md5$abc")


def test_sign_in_wrong_pin_and_lock_out(db: Database) -> None:
    clock = ManualClock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
    accounts = StaffAccounts(db, clock)
    accounts.add("Wang Fang", "2468")
    assert accounts.sign_in("Wang Fang", "2468", counter_id="c3").name == "Wang Fang"
    with pytest.raises(SignInRefused, match="4 attempt"):
        accounts.sign_in("Wang Fang", "0000")
    for _ in range(MAX_FAILURES - 2):
        with pytest.raises(SignInRefused):
            accounts.sign_in("Wang Fang", "0000")
    with pytest.raises(SignInRefused, match="locked for 10 min"):
        accounts.sign_in("Wang Fang", "0000")
    with pytest.raises(SignInRefused, match="locked after 5 wrong attempts"):
        accounts.sign_in("Wang Fang", "2468")  # even the right PIN waits
    clock.advance(minutes=11)
    assert accounts.sign_in("Wang Fang", "2468").role == "clerk"
    with pytest.raises(SignInRefused, match=r"^wrong name or PIN$"):
        accounts.sign_in("Nobody", "2468")
    with db.read() as conn:
        actions = conn.execute(select(audit_log.c.action)).scalars().all()
        stored = conn.execute(select(staff.c.secret_hash)).scalar_one()
    assert actions.count("signed_in") == 2
    assert actions.count("staff_locked") == 1
    assert actions.count("sign_in_failed") == MAX_FAILURES + 1
    assert "2468" not in stored


def test_accounts_are_checked_when_made(db: Database) -> None:
    accounts = StaffAccounts(db)
    with pytest.raises(DomainError, match="at least 4"):
        accounts.add("Li", "12")
    accounts.add("Li", "1234", role="admin")
    with pytest.raises(DomainError, match="already a staff account"):
        accounts.add("Li", "5678")
    assert [m.is_admin for m in accounts.members()] == [True]

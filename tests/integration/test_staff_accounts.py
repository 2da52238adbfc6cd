"""Staff sign-in: salted scrypt at OWASP's cost, one message for every refusal, lock-out that
parallel attempts cannot get round, a PIN policy, demo accounts only on demo sites."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.domain.clock import ManualClock
from kiosk.domain.errors import DomainError
from kiosk.services import staff_accounts
from kiosk.services.staff_accounts import (
    REFUSED,
    SignInRefused,
    StaffAccounts,
    hash_secret,
    outdated,
    verify_secret,
)
from kiosk.settings import SiteConfig
from kiosk.storage import Database
from kiosk.storage.schema import audit_log, staff

LIMIT = 5  # the default site's failures_before_lock


def actions(db: Database) -> list[str]:
    with db.read() as conn:
        return list(conn.execute(select(audit_log.c.action).order_by(audit_log.c.id)).scalars())


def test_secrets_are_salted_scrypt_hashes_at_owasps_cost() -> None:
    assert (staff_accounts.PRODUCTION_SCRYPT_N, staff_accounts.SCRYPT_R) == (2**17, 8)
    first, second = hash_secret("2468"), hash_secret("2468")
    assert first.startswith("scrypt$")
    assert first != second  # a fresh salt each time
    assert "2468" not in first
    assert verify_secret("2468", first)
    assert not verify_secret("2469", first)
    assert not verify_secret("2468", "md5$abc")


def test_an_old_cheap_hash_is_replaced_at_the_next_right_sign_in(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    accounts = StaffAccounts(db)
    monkeypatch.setattr(staff_accounts, "SCRYPT_N", 2**10)  # as an older kiosk stored it
    accounts.add("Wang Fang", "2468")
    monkeypatch.setattr(staff_accounts, "SCRYPT_N", staff_accounts.PRODUCTION_SCRYPT_N)
    with db.read() as conn:
        before = conn.execute(select(staff.c.secret_hash)).scalar_one()
    assert outdated(before)
    accounts.sign_in("Wang Fang", "2468")
    with db.read() as conn:
        after = conn.execute(select(staff.c.secret_hash)).scalar_one()
    assert after.startswith(f"scrypt${2**17}$8$1$")
    assert verify_secret("2468", after)


def test_one_message_for_unknown_wrong_and_locked_and_the_lock_holds(db: Database) -> None:
    clock = ManualClock(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))
    accounts = StaffAccounts(db, None, clock)
    accounts.add("Wang Fang", "2468")
    assert accounts.sign_in("Wang Fang", "2468", counter_id="c3").name == "Wang Fang"
    messages = set()
    for _ in range(LIMIT):
        with pytest.raises(SignInRefused) as wrong:
            accounts.sign_in("Wang Fang", "0000")
        messages.add(str(wrong.value))
    with pytest.raises(SignInRefused) as locked:
        accounts.sign_in("Wang Fang", "2468")  # even the right PIN waits
    with pytest.raises(SignInRefused) as unknown:
        accounts.sign_in("Nobody", "2468")
    messages |= {str(locked.value), str(unknown.value)}
    assert messages == {REFUSED}
    clock.advance(minutes=11)
    assert accounts.sign_in("Wang Fang", "2468").role == "clerk"
    done = actions(db)
    assert done.count("signed_in") == 2
    assert done.count("staff_locked") == 1
    assert done.count("sign_in_while_locked") == 1  # attempts while locked are audited
    with db.read() as conn:
        unknown_row = conn.execute(
            select(audit_log.c.actor).where(audit_log.c.entity_id.is_(None))
        ).scalars()
        assert "Nobody" not in list(unknown_row)  # what a passer-by typed stays out


def test_forty_parallel_wrong_pins_lock_after_exactly_the_limit(db: Database) -> None:
    accounts = StaffAccounts(db)
    accounts.add("Li Na", "864209", role="admin")
    start = threading.Barrier(40)
    refused: list[str] = []

    def guess(index: int) -> None:
        start.wait()
        try:
            accounts.sign_in("Li Na", f"{900000 + index}")
        except SignInRefused as exc:
            refused.append(str(exc))

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(refused) == 40
    with db.read() as conn:
        failures, locked = conn.execute(select(staff.c.failed_attempts, staff.c.locked_until)).one()
    assert failures == LIMIT  # exactly the limit counted: no attempt lost, none beyond it
    assert locked is not None
    done = actions(db)
    assert done.count("sign_in_failed") == LIMIT  # only these PINs were ever checked
    assert done.count("sign_in_while_locked") == 40 - LIMIT
    with pytest.raises(SignInRefused):
        accounts.sign_in("Li Na", "864209")


def test_pins_follow_the_sites_policy(db: Database, site: SiteConfig) -> None:
    accounts = StaffAccounts(db, site)
    with pytest.raises(DomainError, match="at least 4"):
        accounts.add("Wang Fang", "12")
    with pytest.raises(DomainError, match="at least 6"):
        accounts.add("Li Na", "8642", role="admin")
    for weak in ("111111", "123456", "987654"):
        with pytest.raises(DomainError, match="too easy"):
            accounts.add("Li Na", weak, role="admin")
    accounts.add("Li Na", "864209", role="admin")
    with pytest.raises(DomainError, match="already a staff account"):
        accounts.add("Li Na", "2580")
    assert [m.is_admin for m in accounts.members()] == [True]


def test_the_demo_clerk_works_on_demo_sites_only(db: Database) -> None:
    StaffAccounts(db).add("demo", "2468", demo=True)
    assert StaffAccounts(db, demo_site=True).sign_in("demo", "2468").name == "demo"
    with pytest.raises(SignInRefused):
        StaffAccounts(db, demo_site=False).sign_in("demo", "2468")


def test_kiosk_demo_makes_demo_sites_and_its_clerk_only_where_it_may(tmp_path: Path) -> None:
    from kiosk.services.site_context import open_site
    from kiosk.services.site_kind import ensure_demo_clerk

    fresh = open_site(f"sqlite:///{tmp_path / 'new.sqlite3'}", demo=True)
    assert fresh.demo_site
    assert ensure_demo_clerk(fresh.staff, demo_site=fresh.demo_site)
    assert fresh.staff.sign_in("demo", "2468").name == "demo"
    fresh.close()

    real_url = f"sqlite:///{tmp_path / 'real.sqlite3'}"
    real = open_site(real_url)  # opened once without demo: a production site for good
    real.staff.add("Li Na", "864209", role="admin")
    real.close()
    again = open_site(real_url, demo=True)
    assert not again.demo_site
    assert not ensure_demo_clerk(again.staff, demo_site=again.demo_site)
    assert "demo" not in {m.name for m in again.staff.members()}
    again.close()

    administered_url = f"sqlite:///{tmp_path / 'administered.sqlite3'}"
    administered = open_site(administered_url, demo=True)
    administered.staff.add("Li Na", "864209", role="admin")
    assert administered.demo_site
    assert not ensure_demo_clerk(
        administered.staff, demo_site=administered.demo_site
    )  # someone looks after it: no shared PIN
    administered.close()

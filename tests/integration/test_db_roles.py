"""Least privilege on the real PostgreSQL server: each machine's login may do its job and
nothing else (``kiosk db roles``). Every forbidden statement must fail with permission denied."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import make_url, text

from kiosk.domain.errors import DatabasePermissionDenied, DomainError
from kiosk.services.case_view import CaseViews
from kiosk.services.data_requests import DataRequests
from kiosk.services.intake_service import IntakeService
from kiosk.services.retention import RetentionService
from kiosk.services.site_context import SiteContext, open_site
from kiosk.services.ticket_printing import TicketPrinting
from kiosk.storage import roles as role_sql
from kiosk.storage.change_feed import ChangeFeed
from tests.intake_answers import complete_draft

ADMIN_PIN = "864209"
CLERK_PIN = "5820"
MACHINES = ("visitor", "display", "counter", "admin", "owner")


@dataclass
class Site:
    superuser_url: str
    urls: dict[str, str]  # machine -> URL of a login in that machine's group

    def open(self, machine: str) -> SiteContext:
        return open_site(self.urls[machine])


def _run(url: str, *statements: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)  # type: ignore[arg-type]


def kiosk(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _make_site(postgres_url: str, *, demo: bool) -> Iterator[Site]:
    tag = uuid.uuid4().hex[:8]
    logins = {machine: f"kiosk_t{tag}_{machine}" for machine in MACHINES}
    superuser = open_site(postgres_url, demo=demo)  # creates the tables and the site's kind
    superuser.staff.add("Li Na", ADMIN_PIN, role="admin", actor="setup")
    superuser.staff.add("Wang Wei", CLERK_PIN, role="clerk", actor="setup")
    superuser.db.dispose()
    applied = kiosk("--database-url", postgres_url, "db", "roles", "--apply")
    assert applied.returncode == 0, applied.stderr
    _run(
        postgres_url,
        *(f"CREATE ROLE {login} LOGIN IN ROLE kiosk_{m}" for m, login in logins.items()),
    )
    base = make_url(postgres_url)
    urls = {
        m: base.set(username=login).render_as_string(hide_password=False)
        for m, login in logins.items()
    }
    try:
        yield Site(postgres_url, urls)
    finally:
        database = base.database
        _run(
            base.set(database="postgres").render_as_string(hide_password=False),
            f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)',
            *(f"DROP ROLE IF EXISTS {login}" for login in logins.values()),
        )


@pytest.fixture
def pg_site(postgres_url: str) -> Iterator[Site]:
    yield from _make_site(postgres_url, demo=False)


def _refused(url: str, statement: str) -> str:
    """The SQLSTATE of ``statement`` run as ``url``'s login ("" when it went through)."""
    with psycopg.connect(url) as conn:
        try:
            conn.execute(statement)  # type: ignore[arg-type]
        except psycopg.Error as exc:
            return exc.sqlstate or "?"
        finally:
            conn.rollback()
    return ""


def _a_visit(site: Site) -> tuple[int, int]:
    """A visitor's ticket and case, submitted by the kiosk's own login: (ticket id, case id)."""
    kiosk_site = site.open("visitor")
    intake = IntakeService(kiosk_site.queue, None, kiosk_site.clock)
    draft = complete_draft(kiosk_site.site, "messaging_recovery", language="en")
    result = intake.submit(draft)
    kiosk_site.db.dispose()
    return result.ticket.id, result.case_id


# -- what each machine may do ----------------------------------------------------------------
def test_the_kiosk_login_issues_tickets_and_files_its_visitors_case(pg_site: Site) -> None:
    kiosk_site = pg_site.open("visitor")
    assert not kiosk_site.db.may_migrate()
    assert not kiosk_site.db.may_purge()
    intake = IntakeService(kiosk_site.queue, None, kiosk_site.clock)
    site = kiosk_site.site
    draft = complete_draft(site, "messaging_recovery", language="zh_CN")
    result = intake.submit(draft)
    assert result.ticket.code.startswith(site.case_type("messaging_recovery").prefix)
    again = intake.submit(draft)  # the same visit again (a double tap): the same ticket
    assert again.ticket.id == result.ticket.id
    assert kiosk_site.queue.estimate(result.ticket.id).people_ahead == 0
    assert [t.id for t in kiosk_site.queue.board()] == [result.ticket.id]
    window = intake.callback_windows()[0]
    intake.request_callback(result.case_id, "13800138000", window.id)
    printing = TicketPrinting(kiosk_site.queue)
    printed = printing.print_ticket(result.ticket.id, "zh_CN", actor="kiosk")
    assert printed.printed, printed.message
    member = kiosk_site.staff.sign_in("Li Na", ADMIN_PIN, counter_id=None)  # the admin gesture
    assert member.is_admin
    kiosk_site.db.dispose()


def test_the_display_login_reads_the_board_and_the_public_changes(pg_site: Site) -> None:
    ticket_id, _ = _a_visit(pg_site)
    display = pg_site.open("display")
    assert [t.id for t in display.queue.board()] == [ticket_id]
    assert display.queue.status()[0].waiting >= 0
    feed = ChangeFeed(display.db, lambda events: None)
    feed.start()
    try:
        assert feed.connected
    finally:
        feed.stop()
    display.db.dispose()


def test_the_counter_login_calls_reads_the_case_and_purges(pg_site: Site) -> None:
    ticket_id, _ = _a_visit(pg_site)
    counter = pg_site.open("counter")
    clerk = counter.staff.sign_in("Wang Wei", CLERK_PIN, counter_id="c1")
    queue_id = counter.queue.get(ticket_id).queue_id
    counter_id = next(c.id for c in counter.site.counters if queue_id in c.queues)
    counter.queue.open_counter(counter_id, actor=clerk.name)
    called = counter.queue.call_next(counter_id, actor=clerk.name)
    assert called is not None
    assert called.id == ticket_id
    view = CaseViews(counter.db, counter.in_force, counter.clock).view(ticket_id, "en", clerk.name)
    assert view is not None
    assert view.answers
    counter.queue.start(ticket_id, actor=clerk.name)
    assert counter.db.may_purge()
    later = counter.clock() + timedelta(days=400)
    report = RetentionService(counter.db, counter.in_force, lambda: later).run(actor=clerk.name)
    assert report.counts["cases"] >= 1
    counter.db.dispose()


def test_the_admin_login_changes_settings_and_accounts(pg_site: Site) -> None:
    _, case_id = _a_visit(pg_site)
    admin = pg_site.open("admin")
    before = admin.settings.current().version_id
    after = admin.settings.save_changes(
        {"site_name": {"en": "North Hall", "zh_CN": "北厅"}}, actor="Li Na"
    )
    assert after > before
    admin.staff.add("Zhao Min", "7391", role="clerk", actor="Li Na")
    assert "Zhao Min" in {m.name for m in admin.staff.members()}
    copy = DataRequests(admin.db, admin.in_force, admin.clock).export(
        [case_id], actor="Li Na", reason="visitor_request"
    )
    assert copy["cases"]
    admin.db.dispose()


def test_only_the_owner_login_migrates(pg_site: Site) -> None:
    for machine in ("visitor", "display", "counter", "admin"):
        result = kiosk("--database-url", pg_site.urls[machine], "db", "upgrade")
        assert result.returncode != 0, machine
        assert "traceback" not in result.stderr.lower(), result.stderr
    owner = kiosk("--database-url", pg_site.urls["owner"], "db", "upgrade")
    assert owner.returncode == 0, owner.stderr
    again = kiosk("--database-url", pg_site.superuser_url, "db", "roles", "--apply")
    assert again.returncode == 0, again.stderr  # idempotent


# -- what each machine may not do ------------------------------------------------------------
SETTINGS_INSERT = (
    "INSERT INTO settings_versions (created_at, created_by, schema_version, comment, document) "
    "VALUES (now(), 'x', 3, 'x', '{}')"
)
FORBIDDEN = {
    "visitor": [
        "SELECT * FROM case_answers",
        "SELECT * FROM cases",
        "SELECT callback_phone FROM cases",
        "SELECT secret_hash FROM staff",
        "SELECT name FROM staff",
        "SELECT ciphertext FROM media",
        "SELECT * FROM liveness_checks",
        "SELECT * FROM tickets",
        "SELECT * FROM audit_log",
        "SELECT * FROM consents",
        "UPDATE tickets SET state = 'cancelled'",
        "DELETE FROM tickets",
        "UPDATE cases SET case_type = 'x'",
        "DELETE FROM audit_log",
        "UPDATE site_secrets SET value = 'x'",
        "INSERT INTO site_secrets (name, value, created_at) VALUES ('other', 'x', now())",
        SETTINGS_INSERT,
        "UPDATE staff SET failed_attempts = 0",
        "INSERT INTO site_facts (name, value, created_at) VALUES ('x', 'y', now())",
        "UPDATE counters SET is_open = true",
        "CREATE TABLE stolen (x int)",
    ],
    "display": [
        "SELECT * FROM tickets",
        "SELECT * FROM cases",
        "SELECT * FROM case_answers",
        "SELECT * FROM staff",
        "SELECT * FROM site_secrets",
        "SELECT * FROM audit_log",
        "SELECT * FROM media",
        "INSERT INTO audit_log (at, actor, action, entity) VALUES (now(), 'x', 'x', 'x')",
        "UPDATE counters SET is_open = false",
        "INSERT INTO ticket_sequences (prefix, service_day, last_number) "
        "VALUES ('Z', current_date, 1)",
        "SELECT * FROM kiosk_sign_in_state('Li Na', now())",
    ],
    "counter": [
        "SELECT * FROM staff",
        "UPDATE staff SET role = 'admin'",
        SETTINGS_INSERT,
        "DELETE FROM settings_versions",
        "UPDATE site_secrets SET value = 'x'",
        "DELETE FROM site_facts",
        "ALTER TABLE cases ADD COLUMN x int",
        "CREATE TABLE stolen (x int)",
    ],
    "admin": [
        "SELECT secret_hash FROM site_facts",  # no such column: a typo must not be mistaken
        "ALTER TABLE cases ADD COLUMN x int",
        "DROP TABLE audit_log",
        "CREATE TABLE stolen (x int)",
        "DELETE FROM settings_versions",
        "UPDATE alembic_version SET version_num = 'x'",
    ],
}


def test_forbidden_statements_are_refused_with_permission_denied(pg_site: Site) -> None:
    _a_visit(pg_site)
    failures = []
    for machine, statements in FORBIDDEN.items():
        for statement in statements:
            state = _refused(pg_site.urls[machine], statement)
            expected = {"42703"} if "secret_hash FROM site_facts" in statement else {"42501"}
            if state not in expected:
                failures.append(f"{machine}: {statement!r} gave {state or 'success'}")
    assert not failures, "\n".join(failures)


def test_the_kiosk_sees_only_the_secrets_it_needs(pg_site: Site) -> None:
    ticket_id, _ = _a_visit(pg_site)
    kiosk_site = pg_site.open("visitor")
    printed = TicketPrinting(kiosk_site.queue).print_ticket(ticket_id, "en", actor="kiosk")
    assert printed.printed  # the kiosk made the ticket-signing key and used it
    kiosk_site.db.dispose()
    with psycopg.connect(pg_site.urls["visitor"]) as conn:
        names = {row[0] for row in conn.execute("SELECT name FROM site_secrets")}
    assert names <= set(role_sql.KIOSK_SECRETS)
    assert "ticket_reference" in names


def test_a_kiosk_refused_by_the_database_says_so_in_one_line(pg_site: Site) -> None:
    kiosk_site = pg_site.open("visitor")
    with pytest.raises(DatabasePermissionDenied) as refused, kiosk_site.db.write() as conn:
        conn.execute(text("SELECT * FROM case_answers"))
    assert "may not do that" in str(refused.value)
    assert "\n" not in str(refused.value)
    assert not isinstance(refused.value, DomainError)  # a machine's set-up, not the visitor
    kiosk_site.db.dispose()


def test_a_kiosk_process_with_a_kiosk_login_issues_tickets_through_the_cli(
    postgres_url: str, tmp_path: Path
) -> None:
    """The real visitor kiosk (its scripted visitor) as a kiosk_visitor login, on a demo site."""
    for site in _make_site(postgres_url, demo=True):
        out = tmp_path / "screens"
        result = kiosk(
            "--database-url", site.urls["visitor"], "demo", "--autopilot", "--out", str(out),
            "--size", "1280x800",
        )  # fmt: skip
        assert result.returncode == 0, result.stderr[-3000:]
        assert "zh_CN: ticket" in result.stdout
        assert "en: ticket" in result.stdout
        with psycopg.connect(site.superuser_url) as conn:
            issued = conn.execute("SELECT count(*), min(arrived_at) FROM tickets").fetchone()
            checks = conn.execute("SELECT count(*) FROM liveness_checks").fetchone()
        assert issued is not None
        assert issued[0] == 2
        assert issued[1] > datetime.now(UTC) - timedelta(hours=1)
        assert checks is not None
        assert checks[0] == 2

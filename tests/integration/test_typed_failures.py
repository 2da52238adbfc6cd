"""Every way the database can fail becomes DatabaseUnavailable with one line for a person;
anything else keeps its own type (a bug is never reported as "the database is away")."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError

from kiosk.domain.errors import DatabaseUnavailable
from kiosk.services.queue_service import QueueService
from kiosk.settings import SiteConfig
from kiosk.storage import Database
from tests.conftest import POSTGRES_ADMIN_URL


def test_a_locked_sqlite_file_is_busy_in_one_line(
    tmp_path: Path, site: SiteConfig, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "site.sqlite3"
    Database(f"sqlite:///{path}").upgrade()
    db = Database(f"sqlite:///{path}", lock_timeout_s=0.2)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the write lock
    try:
        with pytest.raises(DatabaseUnavailable) as caught:
            QueueService(db, site).issue(queue_id="general")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    message = str(caught.value)
    assert "\n" not in message
    assert "busy" in message
    assert "locked" in caught.value.cause  # the technical reason, for the log
    assert any("database is locked" in r.getMessage() for r in caplog.records)
    QueueService(db, site).issue(queue_id="general")  # and it works once the lock is gone


def test_a_full_disk_is_said_as_such(tmp_path: Path, site: SiteConfig) -> None:
    path = tmp_path / "site.sqlite3"
    Database(f"sqlite:///{path}").upgrade()
    db = Database(f"sqlite:///{path}")

    @event.listens_for(db.engine, "connect")
    def _small_disk(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages + 2}")  # SQLite's own "disk full"
        cursor.close()

    queue = QueueService(db, site)

    def fill_the_disk() -> None:
        for _ in range(2000):
            queue.issue(queue_id="general", language="x" * 8)

    with pytest.raises(DatabaseUnavailable) as caught:
        fill_the_disk()
    assert "disk" in str(caught.value)
    assert "full" in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("backend", ["postgresql"])
def test_a_killed_postgres_session_is_unavailable_then_reconnects(
    db: Database, site: SiteConfig, database_url: str
) -> None:
    queue = QueueService(db, site)
    queue.issue(queue_id="general")

    def killed_midway() -> None:
        with db.read() as conn:
            pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
            with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
            conn.execute(text("SELECT 1"))

    with pytest.raises(DatabaseUnavailable) as caught:
        killed_midway()
    assert "cannot be reached" in str(caught.value)
    assert "terminat" in caught.value.cause
    assert len(queue.tickets()) == 1  # the pool let the dead session go and connected again


def test_an_unreachable_server_names_the_place_never_the_password() -> None:
    db = Database("postgresql://kiosk:s3cret@127.0.0.1:9/site")
    with pytest.raises(DatabaseUnavailable) as caught:
        db.check()
    assert "127.0.0.1:9/site" in str(caught.value)
    assert "s3cret" not in str(caught.value)
    assert "s3cret" not in caught.value.cause


def test_a_constraint_violation_is_not_a_database_outage(db: Database) -> None:
    def twice() -> None:
        with db.write() as conn:
            conn.execute(text("INSERT INTO ticket_sequences VALUES ('A', '2026-01-01', 1)"))
            conn.execute(text("INSERT INTO ticket_sequences VALUES ('A', '2026-01-01', 2)"))

    with pytest.raises(IntegrityError):  # a bug or a race keeps its own type
        twice()


def test_a_programming_error_inside_a_transaction_keeps_its_type(db: Database) -> None:
    with pytest.raises(ZeroDivisionError), db.read():
        _ = 1 / 0


def test_failures_never_log_what_a_visitor_typed(
    tmp_path: Path, site: SiteConfig, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    path = tmp_path / "site.sqlite3"
    Database(f"sqlite:///{path}").upgrade()
    db = Database(f"sqlite:///{path}", lock_timeout_s=0.1)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseUnavailable) as caught:
            QueueService(db, site).issue(queue_id="general", language="PERSONAL-13800138000")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "13800138000" not in str(caught.value.__cause__)  # engines hide parameters
    assert all("13800138000" not in r.getMessage() for r in caplog.records)

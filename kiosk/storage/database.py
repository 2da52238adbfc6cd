"""The database connection: URL choice, SQLite tuning, migrations and transactions."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)

APP_NAME = "walkin-kiosk"
_WRITE = "kiosk_write"


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached or opened; the message is one line for a person."""


def data_dir() -> Path:
    """Where the kiosk keeps its files: ``KIOSK_DATA_DIR`` or the platform's data folder."""
    override = os.environ.get("KIOSK_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_url() -> str:
    """``KIOSK_DATABASE_URL`` if set, otherwise a SQLite file in the data folder."""
    return os.environ.get("KIOSK_DATABASE_URL") or f"sqlite:///{data_dir() / 'kiosk.sqlite3'}"


def normalise_url(url: str) -> URL:
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def describe_url(url: str | URL) -> str:
    """The URL without its password, for messages and logs."""
    parsed = url if isinstance(url, URL) else make_url(url)
    return parsed.render_as_string(hide_password=True)


def _short_reason(exc: BaseException) -> str:
    origin = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(origin).splitlines() if line.strip()]
    return lines[0] if lines else type(origin).__name__


class Database:
    """One site database. ``write()`` and ``read()`` give a connection inside a transaction.

    On SQLite a write transaction starts with ``BEGIN IMMEDIATE`` so that concurrent writers
    queue on the database lock instead of failing when they upgrade from a read lock.
    """

    def __init__(self, url: str | None = None, *, pool: bool = True) -> None:
        self.url = normalise_url(url or default_database_url())
        self.dialect = self.url.get_backend_name()
        kwargs: dict[str, Any] = {}
        if self.dialect == "sqlite":
            database = self.url.database
            if database and database != ":memory:":
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            kwargs["connect_args"] = {"timeout": 60, "check_same_thread": False}
        elif self.dialect == "postgresql":
            kwargs["connect_args"] = {"connect_timeout": 5, "application_name": "kiosk"}
            kwargs["pool_pre_ping"] = True
        if not pool:
            kwargs["poolclass"] = NullPool
        self.engine: Engine = create_engine(self.url, **kwargs)
        if self.dialect == "sqlite":
            _tune_sqlite(self.engine)

    @property
    def is_postgres(self) -> bool:
        return self.dialect == "postgresql"

    def describe(self) -> str:
        return describe_url(self.url)

    def check(self) -> None:
        """Raise :class:`DatabaseUnavailable` with one readable line if the database is away."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except (OperationalError, DBAPIError) as exc:
            raise DatabaseUnavailable(
                f"cannot reach the database at {self.describe()}: {_short_reason(exc)}"
            ) from exc

    @contextmanager
    def write(self, *, single_statement: bool = False) -> Iterator[Connection]:
        """A connection in a write transaction, committed when the block ends.

        ``single_statement=True`` promises that on PostgreSQL the block runs exactly one
        statement; it then runs in autocommit mode, so the statement commits on the server
        without another round trip while its row locks are held (SQLite ignores it).
        """
        with self.engine.connect() as conn:
            if single_statement and self.is_postgres:
                yield conn.execution_options(isolation_level="AUTOCOMMIT")
                return
            conn = conn.execution_options(**{_WRITE: True})
            with conn.begin():
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def upgrade(self) -> None:
        """Create or migrate the tables to the newest version (Alembic ``upgrade head``)."""
        from kiosk.storage.migrate import upgrade_to_head

        self.check()
        upgrade_to_head(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's begin event below decide how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(_WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def upsert_insert(conn: Connection, table: Any) -> Any:
    """An INSERT with ON CONFLICT support for the connection's backend (SQLite or PostgreSQL)."""
    from sqlalchemy.dialects import postgresql, sqlite

    return (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(table)

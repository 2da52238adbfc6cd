"""The database connection: URL choice, SQLite tuning, migrations and transactions."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.pool import NullPool

from kiosk.domain.errors import DatabasePermissionDenied, DatabaseUnavailable
from kiosk.storage.report_queries import register_sqlite_functions

log = logging.getLogger(__name__)

APP_NAME = "walkin-kiosk"
_WRITE = "kiosk_write"
#: How long a SQLite writer waits for another one before "the database is busy".
SQLITE_LOCK_TIMEOUT_S = 15

#: A PostgreSQL server that stops answering (a network cut that drops packets, a frozen host)
#: is noticed within seconds rather than never: connect timeout, TCP keepalives, and a limit
#: on how long sent data may stay unacknowledged.
POSTGRES_LIVENESS: dict[str, Any] = {
    "connect_timeout": 5,
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 3,
    "tcp_user_timeout": 10_000,
}

#: Called before every use of a connection; tests install one that fails on the GUI thread.
_connection_guard: Callable[[], None] | None = None


def set_connection_guard(guard: Callable[[], None] | None) -> None:
    """Install (or remove) a check that runs before every database use, in the using thread."""
    global _connection_guard
    _connection_guard = guard


_TIGHTENED: set[Path] = set()


def data_dir() -> Path:
    """Where the kiosk keeps its files: ``KIOSK_DATA_DIR`` or the platform's data folder.

    Private to the kiosk's user: the folder 0700, every file in it 0600 (the database, its
    -wal/-shm files, the media key, ticket PDFs), also when it was made looser before."""
    override = os.environ.get("KIOSK_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME))
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path not in _TIGHTENED:
        _TIGHTENED.add(path)
        make_private(path)
    return path


def make_private(folder: Path) -> int:
    """Folders 0700 and files 0600 under ``folder``; returns how many had to be tightened
    (logged once, as one line)."""
    tightened = 0
    for root, folders, files in os.walk(folder):
        entries = [(Path(root), 0o700)]
        entries += [(Path(root) / name, 0o700) for name in folders]
        entries += [(Path(root) / name, 0o600) for name in files]
        for entry, mode in entries:
            try:
                current = entry.lstat().st_mode
                if entry.is_symlink() or not current & 0o077:
                    continue
                entry.chmod(mode)
                tightened += 1
            except OSError as exc:
                log.warning("cannot make a file of the data folder private: %s", exc.strerror)
    if tightened:
        log.warning(
            "%d file(s) or folder(s) in the data folder %s could be read by other users; "
            "they are private now",
            tightened,
            folder,
        )
    return tightened


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


#: (words in the driver's message, what a person reads)
_KINDS = (
    (("database is locked", "database table is locked", "busy"), "busy"),
    (("database or disk is full", "no space left", "disk full"), "full"),
    (("disk i/o error", "readonly database", "read-only file system"), "disk"),
    (("timeout", "timed out", "canceling statement"), "timeout"),
)
_MESSAGES = {
    "busy": "the database {where} is busy (another program holds its lock); try again",
    "full": "the disk that holds the database {where} is full",
    "disk": "the database {where} could not be read or written (a disk problem)",
    "timeout": "the database {where} did not answer in time",
    "connection": "the database {where} cannot be reached; it may be restarting or the "
    "network is down",
    "denied": "the database {where} refused: this machine's account may not do that",
}


def translate_failure(exc: BaseException, where: str = "") -> DatabaseUnavailable | None:
    """The DatabaseUnavailable that ``exc`` means, or None when it is not such a failure
    (a constraint violation, a bug in a statement: those keep their own type). ``where``
    names the database (without its password)."""
    if isinstance(exc, DatabaseUnavailable):
        return exc
    place = f"at {where}" if where else ""

    def message(kind: str) -> str:
        return " ".join(_MESSAGES[kind].format(where=place).split())

    origin = getattr(exc, "orig", None)
    if getattr(origin, "sqlstate", None) == "42501":  # insufficient_privilege
        return DatabasePermissionDenied(message("denied"), _short_reason(exc))
    unavailable = isinstance(exc, OperationalError | InterfaceError | PoolTimeout) or (
        isinstance(exc, DBAPIError) and exc.connection_invalidated
    )
    if not unavailable:
        return None
    cause = _short_reason(exc)
    lowered = cause.lower()
    kind = next(
        (kind for words, kind in _KINDS if any(word in lowered for word in words)), "connection"
    )
    return DatabaseUnavailable(message(kind), cause)


class Database:
    """One site database. ``write()`` and ``read()`` give a connection inside a transaction.

    On SQLite a write transaction starts with ``BEGIN IMMEDIATE`` so that concurrent writers
    queue on the database lock instead of failing when they upgrade from a read lock.
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        pool: bool = True,
        lock_timeout_s: float | None = None,
    ) -> None:
        self.url = normalise_url(url or default_database_url())
        if lock_timeout_s is None:
            lock_timeout_s = SQLITE_LOCK_TIMEOUT_S
        self.dialect = self.url.get_backend_name()
        # Statement parameters are what visitors typed: never in an error message or a log.
        kwargs: dict[str, Any] = {"hide_parameters": True}
        if self.dialect == "sqlite":
            database = self.url.database
            if database and database != ":memory:":
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            kwargs["connect_args"] = {"timeout": lock_timeout_s, "check_same_thread": False}
        elif self.dialect == "postgresql":
            kwargs["connect_args"] = {"application_name": "kiosk", **POSTGRES_LIVENESS}
            kwargs["pool_pre_ping"] = True
        if not pool:
            kwargs["poolclass"] = NullPool
        self.engine: Engine = create_engine(self.url, **kwargs)
        event.listen(self.engine, "handle_error", _failed_ping_is_a_disconnect)
        if self.dialect == "sqlite":
            _tune_sqlite(self.engine, lock_timeout_s)

    @property
    def is_postgres(self) -> bool:
        return self.dialect == "postgresql"

    def describe(self) -> str:
        return describe_url(self.url)

    @contextmanager
    def failures(self) -> Iterator[None]:
        """Turn every connection, lock, timeout and disk failure inside the block into
        :class:`DatabaseUnavailable` (logged once here with its cause); other errors pass."""
        if _connection_guard is not None:
            _connection_guard()
        try:
            yield
        except SQLAlchemyError as exc:
            failure = translate_failure(exc, self.describe())
            if failure is None:
                raise
            log.warning(
                "database unavailable in %s: %s (%s)",
                threading.current_thread().name,
                failure,
                failure.cause,
            )
            raise failure from exc

    def check(self) -> None:
        """Raise :class:`DatabaseUnavailable` with one readable line if the database is away."""
        with self.failures(), self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    @contextmanager
    def write(self, *, single_statement: bool = False) -> Iterator[Connection]:
        """A connection in a write transaction, committed when the block ends.

        ``single_statement=True`` promises that on PostgreSQL the block runs exactly one
        statement; it then runs in autocommit mode, so the statement commits on the server
        without another round trip while its row locks are held (SQLite ignores it).
        """
        with self.failures(), self.engine.connect() as conn:
            if single_statement and self.is_postgres:
                yield conn.execution_options(isolation_level="AUTOCOMMIT")
                return
            conn = conn.execution_options(**{_WRITE: True})
            with conn.begin():
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.failures(), self.engine.connect() as conn, conn.begin():
            yield conn

    def read_each(
        self,
        jobs: Sequence[Callable[[Connection], Any]],
        progress: Callable[[int, int], None] | None = None,
    ) -> list[Any]:
        """Each job in a read transaction of its own, the answers in the jobs' order.

        On PostgreSQL two run at a time, so that the server's cores share a long report; on
        SQLite one after another. ``progress(done, total)`` is told before the first and after
        each job (from the thread that finished it)."""
        total = len(jobs)
        finished = 0
        lock = threading.Lock()

        def run(job: Callable[[Connection], Any]) -> Any:
            nonlocal finished
            with self.read() as conn:
                answer = job(conn)
            with lock:
                finished += 1
                if progress is not None:
                    progress(finished, total)
            return answer

        if progress is not None:
            progress(0, total)
        if self.url.get_backend_name() != "postgresql" or total < 2:
            return [run(job) for job in jobs]
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="kiosk-read") as pool:
            return list(pool.map(run, jobs))

    def upgrade(self) -> None:
        """Create or migrate the tables to the newest version (Alembic ``upgrade head``).

        On a PostgreSQL database that uses the site's roles (``kiosk db roles``), migrations
        run as ``kiosk_owner`` so that it keeps owning every table, and the grants are applied
        again afterwards (new tables get theirs)."""
        from kiosk.storage.migrate import upgrade_to_head

        self.check()
        if self.is_postgres and not self.may_migrate():
            raise DatabasePermissionDenied(
                f"the database at {self.describe()} is migrated by the site's owner login "
                "only (kiosk db upgrade as a member of kiosk_owner)",
                "not the owner",
            )
        owner = self._owner_role()
        with self.failures():
            upgrade_to_head(self.engine, as_role=owner)
        if owner is None:
            return
        from kiosk.storage import roles

        try:
            with self.write() as conn:
                if not self._is_superuser(conn):
                    conn.execute(text("SET LOCAL ROLE kiosk_owner"))
                roles.apply(conn)
        except (DatabaseUnavailable, SQLAlchemyError) as exc:
            log.warning("the site's database roles were not applied again: %s", exc)

    @staticmethod
    def _is_superuser(conn: Connection) -> bool:
        return bool(
            conn.execute(
                text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            ).scalar()
        )

    def _owner_role(self) -> str | None:
        """``kiosk_owner`` when this database uses the site's roles (its tables belong to
        that role) and this account may act as it; else None."""
        if not self.is_postgres:
            return None
        with self.failures(), self.engine.connect() as conn:
            member = conn.execute(
                text(
                    "SELECT CASE WHEN EXISTS (SELECT FROM pg_tables WHERE schemaname = "
                    "'public' AND tablename = 'alembic_version' AND tableowner = 'kiosk_owner')"
                    " THEN pg_has_role(current_user, 'kiosk_owner', 'MEMBER') ELSE false END"
                )
            ).scalar()
        return "kiosk_owner" if member else None

    def may_purge(self) -> bool:
        """Whether this machine's account may run the retention purge (it may delete cases'
        answers): a SQLite kiosk may, on PostgreSQL only counters and administrators."""
        if not self.is_postgres:
            return True
        with self.failures(), self.engine.connect() as conn:
            return bool(
                conn.execute(
                    text("SELECT has_table_privilege(current_user, 'case_answers', 'DELETE')")
                ).scalar()
            )

    def ensure_schema(self) -> None:
        """The tables as this kiosk expects them. SQLite (one machine) is migrated here; on a
        shared PostgreSQL database only an account that owns the tables migrates, and any
        other machine finding an old schema says who must act (``kiosk db upgrade``)."""
        from kiosk.storage.migrate import head_revision

        self.check()
        current = self.revision()
        if current == head_revision():
            return
        if not self.is_postgres or self.may_migrate():
            self.upgrade()
            return
        raise DatabaseUnavailable(
            f"the database at {self.describe()} has an older schema ({current or 'none'}) than "
            "this kiosk needs; an administrator runs: kiosk db upgrade",
            "schema out of date",
        )

    def may_migrate(self) -> bool:
        """This account owns the schema's tables (or there are none yet and it may create)."""
        if self._owner_role():
            return True
        with self.failures(), self.engine.connect() as conn:
            owns = conn.execute(
                text(
                    "SELECT bool_and(pg_has_role(current_user, tableowner, 'USAGE')) "
                    "FROM pg_tables WHERE schemaname = 'public'"
                )
            ).scalar()
            creates = conn.execute(
                text("SELECT has_schema_privilege(current_user, 'public', 'CREATE')")
            ).scalar()
        return bool(owns) if owns is not None else bool(creates)

    def revision(self) -> str | None:
        """The schema's migration revision (None before the first upgrade)."""
        from kiosk.storage.migrate import current_revision

        with self.failures():
            return current_revision(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()


def _failed_ping_is_a_disconnect(context: Any) -> None:
    """A pooled connection that cannot even be pinged (left mid-statement by a connection
    lost under it, say) is thrown away and replaced, instead of failing the caller."""
    if getattr(context, "is_pre_ping", False):
        context.is_disconnect = True


def _tune_sqlite(engine: Engine, lock_timeout_s: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's begin event below decide how transactions start.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(lock_timeout_s * 1000)}")
        cursor.close()
        register_sqlite_functions(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(_WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def upsert_insert(conn: Connection, table: Any) -> Any:
    """An INSERT with ON CONFLICT support for the connection's backend (SQLite or PostgreSQL)."""
    from sqlalchemy.dialects import postgresql, sqlite

    return (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(table)

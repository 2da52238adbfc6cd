"""Live change notifications for staff consoles and displays, on both backends.

PostgreSQL: a dedicated connection ``LISTEN``\\s on :data:`~kiosk.storage.audit.CHANNEL`.
SQLite: ``PRAGMA data_version`` is polled on a dedicated connection, and new audit rows are
read when it moves. Either way subscribers receive :class:`ChangeEvent` lists from a background
thread. When the connection is lost the feed reports ``connected=False``, retries on its own,
and after reconnecting delivers a :data:`RESYNC` event: state may have changed meanwhile, so
subscribers reload everything rather than trusting what they missed. Before that RESYNC the
feed delivers the changes committed while it was away (read back from the audit log), so a
listener that must see every call (the waiting-room display) misses none.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable

from kiosk.storage.audit import CHANNEL, ChangeEvent, last_event_id, public_details
from kiosk.storage.database import POSTGRES_LIVENESS, Database

log = logging.getLogger(__name__)

RESYNC = "resync"
#: After a reconnect, changes are read back from this many audit ids before the newest one
#: delivered: concurrent transactions may commit out of id order.
CATCH_UP_WINDOW = 200
_CATCH_UP = "SELECT id, action, entity, entity_id, details FROM audit_log WHERE id > %s ORDER BY id"
OnChange = Callable[[list[ChangeEvent]], None]
OnStatus = Callable[[bool], None]


def resync_event() -> ChangeEvent:
    return ChangeEvent(0, RESYNC, "feed", None, {})


class ChangeFeed:
    """Background listener; ``start()`` it once, ``stop()`` it before exit."""

    def __init__(
        self,
        db: Database,
        on_change: OnChange,
        on_status: OnStatus | None = None,
        *,
        poll_seconds: float = 0.05,
        heartbeat_seconds: float = 2.0,
        resync_on_first_connect: bool = False,
    ) -> None:
        """``resync_on_first_connect``: a RESYNC also once the first connection is up (for a
        screen that started reading before the feed listened, so that nothing falls between)."""
        self._db = db
        self._on_change = on_change
        self._on_status = on_status or (lambda _connected: None)
        self._poll = poll_seconds
        self._heartbeat = heartbeat_seconds
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self._resync_first = resync_on_first_connect
        self.connected = False
        self._recent: deque[int] = deque(maxlen=20_000)
        self._recent_set: set[int] = set()
        self._high = 0

    def start(self, wait: float = 10.0) -> None:
        """Start listening; returns once the first connection is up (or ``wait`` passed)."""
        target = self._run_postgres if self._db.is_postgres else self._run_sqlite
        self._thread = threading.Thread(target=target, name="change-feed", daemon=True)
        self._thread.start()
        self._ready.wait(wait)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _set_connected(self, connected: bool) -> None:
        if connected != self.connected:
            self.connected = connected
            log.info("change feed %s", "connected" if connected else "lost its connection")
            self._on_status(connected)

    def _fresh(self, events: list[ChangeEvent]) -> list[ChangeEvent]:
        """Events not delivered before (a catch-up overlaps what arrived live), remembered."""
        fresh = []
        for event in events:
            if event.audit_id in self._recent_set:
                continue
            if len(self._recent) == self._recent.maxlen:
                self._recent_set.discard(self._recent[0])
            self._recent.append(event.audit_id)
            self._recent_set.add(event.audit_id)
            self._high = max(self._high, event.audit_id)
            fresh.append(event)
        return fresh

    def _deliver(self, events: list[ChangeEvent]) -> None:
        if events:
            try:
                self._on_change(events)
            except Exception:
                log.exception("a change subscriber failed")

    def _backoff(self, attempt: int) -> None:
        self._stop.wait(min(2.0, 0.1 * 2**attempt))

    # PostgreSQL -------------------------------------------------------------------------
    def _run_postgres(self) -> None:
        import psycopg

        conninfo = self._db.url.set(drivername="postgresql").render_as_string(hide_password=False)
        attempt = 0
        first = True
        while not self._stop.is_set():
            try:
                with psycopg.connect(
                    conninfo, autocommit=True, application_name="kiosk-feed", **POSTGRES_LIVENESS
                ) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    if not first and self._high:
                        # listening already: nothing can fall between this and the live feed
                        rows = conn.execute(_CATCH_UP, (self._high - CATCH_UP_WINDOW,)).fetchall()
                        self._deliver(self._fresh([_event(r) for r in rows]))
                    attempt = 0
                    self._set_connected(True)
                    self._ready.set()
                    if not first or self._resync_first:
                        self._deliver([resync_event()])
                    first = False
                    last_beat = time.monotonic()
                    while not self._stop.is_set():
                        # Each notification is delivered as it arrives; the generator ends
                        # after a quiet 0.3 s so the loop can check stop and heartbeat.
                        for notification in conn.notifies(timeout=0.3):
                            event = ChangeEvent.from_json(notification.payload)
                            self._deliver(self._fresh([event]))
                            if self._stop.is_set():
                                break
                        if time.monotonic() - last_beat > self._heartbeat:
                            conn.execute("SELECT 1")
                            last_beat = time.monotonic()
            except psycopg.Error as exc:
                log.warning("change feed: %s", type(exc).__name__)
                self._set_connected(False)
                self._ready.set()
                attempt += 1
                self._backoff(attempt)

    # SQLite -----------------------------------------------------------------------------
    def _run_sqlite(self) -> None:
        path = self._db.url.database or ":memory:"
        attempt = 0
        first = True
        last_id: int | None = None  # kept across reconnects: what was missed is read back
        while not self._stop.is_set():
            conn: sqlite3.Connection | None = None
            try:
                conn = sqlite3.connect(path, timeout=5, isolation_level=None)
                if last_id is None:
                    with self._db.read() as db_conn:
                        last_id = last_event_id(db_conn)
                version = -1  # read once at once: what committed while away comes first
                attempt = 0
                self._set_connected(True)
                self._ready.set()
                resync = not first or self._resync_first
                first = False
                while version == -1 or not self._stop.wait(self._poll):
                    current = conn.execute("PRAGMA data_version").fetchone()[0]
                    if current == version:
                        continue
                    version = current
                    rows = conn.execute(
                        "SELECT id, action, entity, entity_id, details FROM public_changes "
                        "WHERE id > ? ORDER BY id",
                        (last_id,),
                    ).fetchall()
                    events = [_event(r) for r in rows]
                    if events:
                        last_id = events[-1].audit_id
                    self._deliver(events)
                    if resync:
                        resync = False
                        self._deliver([resync_event()])
            except Exception as exc:  # sqlite3 and SQLAlchemy errors alike: retry
                log.warning("change feed: %s", type(exc).__name__)
                self._set_connected(False)
                self._ready.set()
                attempt += 1
                self._backoff(attempt)
            finally:
                if conn is not None:
                    with contextlib.suppress(sqlite3.Error):
                        conn.close()


__all__ = ["RESYNC", "ChangeFeed"]


def _event(row: tuple[object, ...]) -> ChangeEvent:
    details = row[4]
    if isinstance(details, str):
        details = json.loads(details)
    return ChangeEvent(
        int(row[0]),  # type: ignore[call-overload]
        str(row[1]),
        str(row[2]),
        None if row[3] is None else str(row[3]),
        public_details(dict(details or {})),  # type: ignore[call-overload]
    )

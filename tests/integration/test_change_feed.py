"""Screens learn about changes made on other machines, and survive losing the database."""

from __future__ import annotations

import queue as stdlib_queue
import time

import psycopg
import pytest

from kiosk.services.queue_service import QueueService
from kiosk.settings import SiteConfig
from kiosk.storage import Database
from kiosk.storage.audit import ChangeEvent
from kiosk.storage.change_feed import RESYNC, ChangeFeed


class Collector:
    def __init__(self) -> None:
        self.events: stdlib_queue.Queue[ChangeEvent] = stdlib_queue.Queue()
        self.status: stdlib_queue.Queue[bool] = stdlib_queue.Queue()

    def on_change(self, events: list[ChangeEvent]) -> None:
        for event in events:
            self.events.put(event)

    def next_event(self, action: str, timeout: float = 10.0) -> ChangeEvent:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no '{action}' event within {timeout} s")
            try:
                event = self.events.get(timeout=remaining)
            except stdlib_queue.Empty:
                continue
            if event.action == action:
                return event

    def next_status(self, timeout: float = 15.0) -> bool:
        return self.status.get(timeout=timeout)


def test_a_call_on_another_machine_reaches_the_listener(
    db: Database, database_url: str, site: SiteConfig
) -> None:
    collector = Collector()
    feed = ChangeFeed(db, collector.on_change, collector.status.put)
    feed.start()
    try:
        assert collector.next_status() is True
        other_machine = Database(database_url)
        service = QueueService(other_machine, site)
        ticket = service.issue(case_type="wallet_reactivation")
        service.call_next("c4")
        issued = collector.next_event("issued")
        called = collector.next_event("called")
        assert issued.details["code"] == ticket.code == "W001"
        assert called.entity_id == str(ticket.id)
        assert called.details["counter_number"] == 4
        other_machine.dispose()
    finally:
        feed.stop()


@pytest.mark.parametrize("backend", ["postgresql"])
def test_feed_reconnects_after_its_session_is_killed(db: Database, site: SiteConfig) -> None:
    collector = Collector()
    feed = ChangeFeed(db, collector.on_change, collector.status.put)
    feed.start()
    try:
        assert collector.next_status() is True
        with psycopg.connect(
            db.url.set(drivername="postgresql").render_as_string(False), autocommit=True
        ) as admin:
            killed = admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = 'kiosk-feed' AND datname = current_database()"
            ).fetchall()
        assert killed == [(True,)]
        assert collector.next_status() is False
        assert collector.next_status() is True
        collector.next_event(RESYNC)
        service = QueueService(db, site)
        service.issue(queue_id="general")
        assert service.call_next("c1") is not None
        assert collector.next_event("called").details["code"] == "A001"
    finally:
        feed.stop()

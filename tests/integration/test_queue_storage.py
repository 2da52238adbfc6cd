"""The queue engine on a real database: the same tests on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select

from kiosk.domain.clock import ManualClock
from kiosk.domain.errors import DomainError, IllegalTransition, NotFound
from kiosk.domain.ticket import Outcome, TicketState
from kiosk.services.queue_service import QueueService
from kiosk.settings import SiteConfig
from kiosk.storage import Database
from kiosk.storage.schema import audit_log, metadata, tickets

# 09:00 in Shanghai
MORNING = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(MORNING)


@pytest.fixture
def queue(db: Database, site: SiteConfig, clock: ManualClock) -> QueueService:
    return QueueService(db, site, clock)


def audit_actions(db: Database) -> list[str]:
    with db.read() as conn:
        return list(conn.execute(select(audit_log.c.action).order_by(audit_log.c.id)).scalars())


def test_migrations_create_exactly_the_declared_tables(db: Database) -> None:
    with db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []


def test_upgrade_twice_is_harmless(db: Database) -> None:
    db.upgrade()
    with db.read() as conn:
        assert conn.execute(select(func.count()).select_from(tickets)).scalar() == 0


def test_numbers_count_per_prefix(queue: QueueService) -> None:
    codes = [queue.issue(case_type="messaging_recovery").code for _ in range(3)]
    codes += [queue.issue(case_type="superapp_appeal").code, queue.issue(queue_id="wallet").code]
    assert codes == ["A001", "A002", "A003", "B001", "W001"]
    assert queue.get("B001").queue_id == "general"


def test_numbers_restart_at_local_midnight(queue: QueueService, clock: ManualClock) -> None:
    clock.set(datetime(2026, 3, 2, 15, 58, tzinfo=UTC))  # 23:58 in Shanghai
    assert queue.issue(queue_id="general").code == "A001"
    assert queue.issue(queue_id="general").code == "A002"
    clock.advance(minutes=3)  # 00:01 the next day there, still 2 March in UTC
    fresh = queue.issue(queue_id="general")
    assert fresh.code == "A001"
    assert fresh.service_day == date(2026, 3, 3)
    # Yesterday's A001 is still findable by id, and today's code means today's ticket.
    assert queue.get("A001").id == fresh.id


def test_call_next_follows_priority_with_aging(queue: QueueService, clock: ManualClock) -> None:
    early = queue.issue(queue_id="general")
    clock.advance(minutes=25)
    recent = queue.issue(queue_id="general")
    clock.advance(minutes=5)
    senior = queue.issue(queue_id="general", priority_class="priority")
    # early waited 30 min (> 20 min head start), senior's score is 20, recent's 5.
    order = []
    for counter in ("c1", "c2", "c3"):
        called = queue.call_next(counter)
        assert called is not None
        order.append(called.id)
    assert order == [early.id, senior.id, recent.id]
    assert queue.call_next("c4") is None


def test_counter_cannot_call_while_still_serving(queue: QueueService) -> None:
    queue.issue(queue_id="general")
    queue.issue(queue_id="general")
    first = queue.call_next("c1")
    assert first is not None
    with pytest.raises(DomainError, match="still with ticket A001"):
        queue.call_next("c1")
    queue.complete(first.id, Outcome.RESOLVED)
    second = queue.call_next("c1")
    assert second is not None
    assert second.code == "A002"


def test_every_action_is_one_audited_transaction(queue: QueueService, db: Database) -> None:
    ticket = queue.issue(case_type="wallet_reactivation")
    queue.call_next("c4")
    queue.recall(ticket.code)
    queue.start(ticket.code)
    queue.hold(ticket.code)
    queue.resume(ticket.code, "c4")
    moved = queue.transfer(ticket.code, "general", "c2")
    assert moved.code == "W001"
    assert moved.state is TicketState.TRANSFERRED
    assert queue.call_next("c1") is None  # reserved for counter 2
    again = queue.call_next("c2")
    assert again is not None
    assert again.id == ticket.id
    done = queue.complete(ticket.code, "callback_scheduled")
    assert done.outcome is Outcome.CALLBACK_SCHEDULED
    assert audit_actions(db) == [
        "issued",
        "counter_opened",
        "called",
        "recalled",
        "started",
        "held",
        "resumed",
        "transferred",
        "counter_opened",  # c1 looked, found nothing for it
        "counter_opened",
        "called",
        "completed",
    ]


def test_audit_log_holds_no_visitor_text(queue: QueueService, db: Database) -> None:
    queue.issue(case_type="other", language="en")
    with db.read() as conn:
        details = conn.execute(select(audit_log.c.details)).scalars().all()
    assert details == [
        {
            "code": "C001",
            "queue": "general",
            "state": "waiting",
            "counter": None,
        }
    ]


def test_illegal_moves_raise_and_change_nothing(queue: QueueService, db: Database) -> None:
    ticket = queue.issue(queue_id="general")
    with pytest.raises(IllegalTransition, match="A001 is waiting"):
        queue.complete(ticket.id, Outcome.RESOLVED)
    queue.call_next("c1")
    with pytest.raises(DomainError, match="recall it 2 more"):
        queue.no_show(ticket.id)
    queue.recall(ticket.id)
    queue.recall(ticket.id)
    assert queue.no_show(ticket.id).state is TicketState.NO_SHOW
    with pytest.raises(IllegalTransition):
        queue.cancel(ticket.id)
    assert queue.get(ticket.id).state is TicketState.NO_SHOW
    assert audit_actions(db).count("no_show") == 1


def test_unknown_things_are_named(queue: QueueService) -> None:
    with pytest.raises(NotFound, match="unknown queue 'nowhere'"):
        queue.issue(queue_id="nowhere")
    with pytest.raises(NotFound, match="no ticket A123 today"):
        queue.get("A123")
    with pytest.raises(NotFound, match="not a ticket number"):
        queue.get("hello")
    queue.issue(queue_id="general")
    with pytest.raises(DomainError, match="does not serve queue specialist"):
        queue.transfer("A001", "specialist", "c1")


def test_position_and_wait_use_measured_service_times(
    queue: QueueService, clock: ManualClock
) -> None:
    for _ in range(4):
        queue.issue(queue_id="general")
    last = queue.issue(queue_id="general")
    estimate = queue.estimate(last.id)
    assert estimate.people_ahead == 4
    assert estimate.counters_open == 0
    assert estimate.minutes == 48  # default 12 minutes, as if one counter were open
    queue.open_counter("c1")
    queue.open_counter("c2")
    served = queue.call_next("c1")
    assert served is not None
    clock.advance(minutes=4)
    queue.complete(served.id, Outcome.RESOLVED)
    estimate = queue.estimate(last.id)
    assert estimate.people_ahead == 3
    assert estimate.counters_open == 2
    assert estimate.service_minutes == pytest.approx((4 + 3 * 12) / 4)
    assert estimate.minutes == 15  # ceil(3 * 10 / 2)
    general = next(s for s in queue.status() if s.queue_id == "general")
    assert general.waiting == 4
    assert general.counters_open == 2


def test_cancel_and_close_counter(queue: QueueService) -> None:
    ticket = queue.issue(queue_id="merchant")
    assert queue.cancel(ticket.id).state is TicketState.CANCELLED
    queue.open_counter("c5")
    queue.close_counter("c5")
    merchant = next(s for s in queue.status() if s.queue_id == "merchant")
    assert (merchant.waiting, merchant.counters_open) == (0, 0)


def test_tickets_lists_today(queue: QueueService, clock: ManualClock) -> None:
    queue.issue(queue_id="general")
    clock.advance(days=1)
    queue.issue(queue_id="general")
    assert [t.code for t in queue.tickets()] == ["A001"]
    assert len(queue.tickets(states=[TicketState.DONE])) == 0
    assert clock() - MORNING == timedelta(days=1)


def test_numbers_past_999_keep_counting_and_audit_codes_match(
    queue: QueueService, db: Database
) -> None:
    from sqlalchemy import insert

    from kiosk.storage.schema import ticket_sequences

    with db.write() as conn:
        conn.execute(
            insert(ticket_sequences).values(prefix="A", service_day=queue.today(), last_number=998)
        )
    codes = [queue.issue(queue_id="general").code for _ in range(2)]
    assert codes == ["A999", "A1000"]
    with db.read() as conn:
        audited = [d["code"] for d in conn.execute(select(audit_log.c.details)).scalars()]
    assert audited == codes

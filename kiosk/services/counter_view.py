"""What one counter's console shows, read in one go (off the screen's thread)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from kiosk.domain.queueing import calling_order, eligible_for
from kiosk.domain.ticket import AT_COUNTER, Ticket, TicketState
from kiosk.services.case_view import CallbackDue, callbacks_due
from kiosk.services.queue_service import QueueService, priority_rules
from kiosk.storage.cases import CardFacts, card_facts

if TYPE_CHECKING:
    from kiosk.services.ticket_printing import TicketPrinting
    from kiosk.storage.print_jobs import PrintJob


@dataclass(frozen=True)
class CounterView:
    now: datetime
    current: Ticket | None
    waiting: list[Ticket]  # the tickets this counter may call, in calling order
    held: list[Ticket]
    callbacks: list[CallbackDue]
    failed_prints: list[PrintJob]
    #: why the ticket at the counter carries its flags (None: no case, or nobody there)
    card: CardFacts | None = None


def counter_view(
    queue: QueueService, counter_id: str, printing: TicketPrinting | None = None
) -> CounterView:
    site = queue.site
    counter = site.counter(counter_id)
    now = queue.clock()
    tickets = queue.tickets()
    mine = [t for t in tickets if t.counter_id == counter_id and t.state in AT_COUNTER]
    eligible = [t for t in tickets if eligible_for(t, counter_id, counter.queues)]
    held = [t for t in tickets if t.state is TicketState.ON_HOLD and t.counter_id == counter_id]
    callbacks = callbacks_due(queue.db, counter.queues, now, site.timezone)
    failed = printing.failed_jobs() if printing is not None else []
    current = mine[0] if mine else None
    card = None
    if current is not None:
        with queue.db.read() as conn:
            card = card_facts(conn, current.id)
    return CounterView(
        now=now,
        current=current,
        waiting=calling_order(eligible, now, priority_rules(site)),
        held=held,
        callbacks=callbacks,
        failed_prints=failed,
        card=card,
    )

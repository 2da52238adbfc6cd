"""Queue operations: issue, call, recall, no-show, transfer, hold, resume, complete, cancel.

Every operation is one database transaction that changes the ticket, writes the audit log
and (on PostgreSQL) notifies listeners, so a crash never leaves half an operation behind.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection

from kiosk.domain.clock import Clock, service_day, system_clock
from kiosk.domain.errors import DomainError
from kiosk.domain.queueing import PriorityRules, calling_order, pick_next
from kiosk.domain.ticket import (
    AT_COUNTER,
    CALLABLE,
    Outcome,
    Ticket,
    TicketState,
    parse_ticket_code,
)
from kiosk.domain.waits import WaitEstimate, estimate_wait, rolling_service_minutes
from kiosk.services.settings_in_force import SettingsSource, settings_source
from kiosk.settings import SiteConfig
from kiosk.storage import Database
from kiosk.storage import cases as case_rows
from kiosk.storage import tickets as rows
from kiosk.storage.audit import record

log = logging.getLogger(__name__)

TicketRef = int | str


@dataclass(frozen=True, slots=True)
class QueueStatus:
    queue_id: str
    waiting: int
    counters_open: int
    newcomer_wait: WaitEstimate
    at_counters: tuple[Ticket, ...]


def priority_rules(site: SiteConfig) -> PriorityRules:
    return PriorityRules(
        class_head_start={p.id: p.head_start_minutes for p in site.priority_classes},
        queue_head_start={q.id: q.head_start_minutes for q in site.queues},
    )


class QueueService:
    """The queue engine over one site database. ``actor`` names who acts, for the audit log.

    The site's rules (head starts, counters, queues) are read from ``settings`` each time an
    operation runs, so a new settings version applies from the next operation on.
    """

    def __init__(
        self, db: Database, settings: SiteConfig | SettingsSource, clock: Clock = system_clock
    ) -> None:
        self.db = db
        self.settings = settings_source(settings)
        self.clock = clock

    @property
    def site(self) -> SiteConfig:
        return self.settings.site

    # -- helpers ---------------------------------------------------------------------------
    @property
    def rules(self) -> PriorityRules:
        return priority_rules(self.site)

    def today(self) -> date:
        return service_day(self.clock(), self.site.timezone)

    def _resolve(self, conn: Connection, ref: TicketRef) -> int:
        if isinstance(ref, int):
            return ref
        prefix, number = parse_ticket_code(ref)
        return rows.find_ticket_id(conn, prefix, number, self.today())

    def _audit(
        self, conn: Connection, actor: str, action: str, ticket: Ticket, **extra: object
    ) -> None:
        details: dict[str, object] = {
            "code": ticket.code,
            "queue": ticket.queue_id,
            "state": ticket.state.value,
            "counter": ticket.counter_id,
        }
        details.update(extra)
        record(
            conn,
            at=self.clock(),
            actor=actor,
            action=action,
            entity="ticket",
            entity_id=ticket.id,
            details=details,
        )

    def _change(
        self,
        ref: TicketRef,
        action: str,
        change: Callable[[Ticket], Ticket],
        actor: str,
        **extra: object,
    ) -> Ticket:
        with self.db.write() as conn:
            ticket_id = self._resolve(conn, ref)
            before = rows.get_ticket(conn, ticket_id, lock=True)
            after = change(before)
            if not rows.save_ticket(conn, after, before.version):
                raise DomainError(f"ticket {before.code} was changed by someone else; try again")
            self._audit(conn, actor, action, after, **extra)
        log.info("ticket %s: %s by %s", after.code, action, actor)
        return after

    # -- issuing ---------------------------------------------------------------------------
    def issue(
        self,
        *,
        queue_id: str | None = None,
        case_type: str | None = None,
        priority_class: str = "normal",
        language: str | None = None,
        flags: Iterable[str] = (),
        actor: str = "kiosk",
    ) -> Ticket:
        """Issue the next number: by case type (its prefix) or straight into a queue."""
        draft = self._new_ticket(
            self.site,
            queue_id=queue_id,
            case_type=case_type,
            priority_class=priority_class,
            language=language,
            flags=flags,
        )
        with self.db.write(single_statement=True) as conn:
            return rows.issue_ticket(conn, draft, actor)

    def issue_within(
        self,
        conn: Connection,
        site: SiteConfig,
        *,
        case_type: str,
        priority_class: str,
        language: str | None,
        flags: Iterable[str],
        actor: str,
    ) -> Ticket:
        """Issue a ticket inside a transaction that stores more (an intake's case), with the
        rules of ``site`` (the version the visitor saw)."""
        draft = self._new_ticket(
            site,
            queue_id=None,
            case_type=case_type,
            priority_class=priority_class,
            language=language,
            flags=flags,
        )
        return rows.issue_ticket(conn, draft, actor)

    def _new_ticket(
        self,
        site: SiteConfig,
        *,
        queue_id: str | None,
        case_type: str | None,
        priority_class: str,
        language: str | None,
        flags: Iterable[str],
    ) -> Ticket:
        if case_type is not None:
            kind = site.case_type(case_type)
            prefix, queue = kind.prefix, kind.queue
        elif queue_id is not None:
            queue = queue_id
            prefix = site.queue(queue_id).prefix
        else:
            raise DomainError("a ticket needs a case type or a queue")
        site.priority_class(priority_class)
        now = self.clock()
        return Ticket(
            id=0,
            prefix=prefix,
            number=0,
            service_day=service_day(now, site.timezone),
            queue_id=queue,
            case_type=case_type,
            state=TicketState.WAITING,
            priority_class=priority_class,
            arrived_at=now,
            language=language,
            flags=frozenset(flags),
        )

    # -- counter actions -------------------------------------------------------------------
    def open_counter(
        self, counter_id: str, actor: str = "staff", staff_id: int | None = None
    ) -> None:
        self.site.counter(counter_id)
        now = self.clock()
        with self.db.write() as conn:
            if rows.set_counter_open(conn, counter_id, True, now, staff_id):
                record(
                    conn,
                    at=now,
                    actor=actor,
                    action="counter_opened",
                    entity="counter",
                    entity_id=counter_id,
                )

    def close_counter(self, counter_id: str, actor: str = "staff") -> None:
        self.site.counter(counter_id)
        now = self.clock()
        with self.db.write() as conn:
            if rows.set_counter_open(conn, counter_id, False, now):
                record(
                    conn,
                    at=now,
                    actor=actor,
                    action="counter_closed",
                    entity="counter",
                    entity_id=counter_id,
                )

    def call_next(self, counter_id: str, actor: str = "staff") -> Ticket | None:
        """Call the next visitor for this counter, or return None when nobody waits."""
        site = self.site
        counter = site.counter(counter_id)
        rules = priority_rules(site)
        now = self.clock()
        day = service_day(now, site.timezone)
        with self.db.write() as conn:
            busy = [
                t
                for t in rows.tickets_of_day(conn, day, states=AT_COUNTER)
                if t.counter_id == counter_id
            ]
            if busy:
                raise DomainError(
                    f"counter {counter.number} is still with ticket {busy[0].code}; "
                    "complete, hold or transfer it first"
                )
            if rows.set_counter_open(conn, counter_id, True, now):
                record(
                    conn,
                    at=now,
                    actor=actor,
                    action="counter_opened",
                    entity="counter",
                    entity_id=counter_id,
                )
            for _attempt in range(20):
                waiting = rows.tickets_of_day(conn, day, states=CALLABLE, queues=counter.queues)
                chosen = pick_next(waiting, counter_id, counter.queues, now, rules)
                if chosen is None:
                    return None
                called = chosen.call(counter_id, now)
                if rows.save_ticket(conn, called, chosen.version):
                    self._audit(conn, actor, "called", called, counter_number=counter.number)
                    log.info("ticket %s called to counter %s", called.code, counter.number)
                    return called
            raise DomainError("the queue is changing too fast to call; try again")

    def recall(self, ref: TicketRef, actor: str = "staff") -> Ticket:
        return self._change(
            ref,
            "recalled",
            lambda t: t.recall(self.clock()),
            actor,
            counter_number=self._counter_number_of(ref),
        )

    def start(self, ref: TicketRef, actor: str = "staff") -> Ticket:
        return self._change(ref, "started", lambda t: t.start(self.clock()), actor)

    def no_show(self, ref: TicketRef, actor: str = "staff") -> Ticket:
        def change(t: Ticket) -> Ticket:
            required = self.site.queue(t.queue_id).recalls_before_no_show
            return t.no_show(self.clock(), required)

        return self._change(ref, "no_show", change, actor)

    def transfer(
        self, ref: TicketRef, queue_id: str, counter_id: str | None = None, actor: str = "staff"
    ) -> Ticket:
        self.site.queue(queue_id)
        if counter_id is not None and queue_id not in self.site.counter(counter_id).queues:
            raise DomainError(f"counter {counter_id} does not serve queue {queue_id}")
        return self._change(
            ref,
            "transferred",
            lambda t: t.transfer(queue_id, counter_id),
            actor,
            to_queue=queue_id,
            to_counter=counter_id,
        )

    def hold(self, ref: TicketRef, actor: str = "staff") -> Ticket:
        return self._change(ref, "held", lambda t: t.hold(), actor)

    def resume(self, ref: TicketRef, counter_id: str, actor: str = "staff") -> Ticket:
        number = self.site.counter(counter_id).number
        return self._change(
            ref,
            "resumed",
            lambda t: t.resume(counter_id, self.clock()),
            actor,
            counter_number=number,
        )

    def complete(
        self, ref: TicketRef, outcome: Outcome | str, actor: str = "staff", note: str = ""
    ) -> Ticket:
        """Finish the visit; the clerk's note goes on the case (never into the audit log)."""
        result = Outcome(outcome)
        ticket = self._change(
            ref,
            "completed",
            lambda t: t.complete(result, self.clock()),
            actor,
            outcome=result.value,
        )
        if note.strip():
            with self.db.write() as conn:
                case_rows.set_outcome_note(conn, ticket.id, note)
        return ticket

    def cancel(self, ref: TicketRef, actor: str = "staff") -> Ticket:
        return self._change(ref, "cancelled", lambda t: t.cancel(self.clock()), actor)

    def _counter_number_of(self, ref: TicketRef) -> int | None:
        ticket = self.get(ref)
        if ticket.counter_id is None:
            return None
        return self.site.counter(ticket.counter_id).number

    # -- reading ---------------------------------------------------------------------------
    def get(self, ref: TicketRef) -> Ticket:
        with self.db.read() as conn:
            return rows.get_ticket(conn, self._resolve(conn, ref))

    def tickets(self, states: Iterable[TicketState] | None = None) -> list[Ticket]:
        with self.db.read() as conn:
            return rows.tickets_of_day(conn, self.today(), states=states)

    @staticmethod
    def _service_minutes(site: SiteConfig, conn: Connection, day: date, queue_id: str) -> float:
        default = site.queue(queue_id).default_service_minutes
        return rolling_service_minutes(rows.service_minutes_of_day(conn, day, queue_id), default)

    @staticmethod
    def _counters_open_for(site: SiteConfig, open_ids: set[str], queue_id: str) -> int:
        return sum(1 for c in site.counters if c.id in open_ids and queue_id in c.queues)

    def estimate(self, ref: TicketRef) -> WaitEstimate:
        """People ahead of this ticket in its queue, by the calling order, and the wait."""
        wait = self.estimate_if_waiting(ref)
        if wait is None:
            ticket = self.get(ref)
            raise DomainError(f"ticket {ticket.code} is {ticket.state.value}, not waiting")
        return wait

    def estimate_if_waiting(self, ref: TicketRef) -> WaitEstimate | None:
        """As ``estimate``, or None when the ticket no longer waits (called meanwhile).
        Read from the public board: any machine of the site may estimate."""
        site = self.site
        now = self.clock()
        with self.db.read() as conn:
            ticket = rows.board_ticket(conn, self._resolve_public(conn, ref))
            if ticket.state not in CALLABLE:
                return None
            waiting = rows.board_tickets_of_day(
                conn, ticket.service_day, states=CALLABLE, queues=[ticket.queue_id]
            )
            ordered = calling_order(waiting, now, priority_rules(site))
            ahead = next((i for i, t in enumerate(ordered) if t.id == ticket.id), None)
            if ahead is None:
                return None  # called between the two reads
            minutes = self._service_minutes(site, conn, ticket.service_day, ticket.queue_id)
            open_ids = rows.open_counter_ids(conn)
        return estimate_wait(
            ahead, minutes, self._counters_open_for(site, open_ids, ticket.queue_id)
        )

    def public_ticket(self, ref: TicketRef) -> Ticket:
        """A ticket as the public board has it (number, queue, state, times, counter)."""
        with self.db.read() as conn:
            return rows.board_ticket(conn, self._resolve_public(conn, ref))

    def board(self) -> list[Ticket]:
        """Today's tickets as the public board has them (what the display reads)."""
        with self.db.read() as conn:
            return rows.board_tickets_of_day(conn, self.today())

    def _resolve_public(self, conn: Connection, ref: TicketRef) -> int:
        if isinstance(ref, int):
            return ref
        prefix, number = parse_ticket_code(ref)
        return rows.board_ticket_id(conn, prefix, number, self.today())

    def status(self) -> list[QueueStatus]:
        """Per queue: waiting, counters open, the wait of a newcomer (from the public board)."""
        site = self.site
        day = service_day(self.clock(), site.timezone)
        with self.db.read() as conn:
            today = rows.board_tickets_of_day(conn, day)
            open_ids = rows.open_counter_ids(conn)
            result = []
            for queue in site.queues:
                mine = [t for t in today if t.queue_id == queue.id]
                waiting = sum(1 for t in mine if t.state in CALLABLE)
                counters_open = self._counters_open_for(site, open_ids, queue.id)
                minutes = self._service_minutes(site, conn, day, queue.id)
                result.append(
                    QueueStatus(
                        queue_id=queue.id,
                        waiting=waiting,
                        counters_open=counters_open,
                        newcomer_wait=estimate_wait(waiting, minutes, counters_open),
                        at_counters=tuple(t for t in mine if t.state in AT_COUNTER),
                    )
                )
        return result

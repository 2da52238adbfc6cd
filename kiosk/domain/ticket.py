"""The queue ticket: its states, the moves between them, and how it is written (A001)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from kiosk.domain.errors import DomainError, IllegalTransition, NotFound


class TicketState(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    ON_HOLD = "on_hold"
    TRANSFERRED = "transferred"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


class Outcome(StrEnum):
    RESOLVED = "resolved"
    ESCALATED = "escalated"
    CALLBACK_SCHEDULED = "callback_scheduled"
    REJECTED = "rejected"


#: States in which a ticket waits to be called. A transferred ticket waits in its new queue.
CALLABLE = frozenset({TicketState.WAITING, TicketState.TRANSFERRED})
#: States in which a ticket is with a counter.
AT_COUNTER = frozenset({TicketState.CALLED, TicketState.SERVING})
FINISHED = frozenset({TicketState.DONE, TicketState.NO_SHOW, TicketState.CANCELLED})

#: action -> the states it may start from
ALLOWED_FROM: dict[str, frozenset[TicketState]] = {
    "call": CALLABLE,
    "recall": frozenset({TicketState.CALLED}),
    "start": frozenset({TicketState.CALLED}),
    "no_show": frozenset({TicketState.CALLED}),
    "transfer": AT_COUNTER | CALLABLE | {TicketState.ON_HOLD},
    "hold": AT_COUNTER,
    "resume": frozenset({TicketState.ON_HOLD}),
    "complete": AT_COUNTER,
    "cancel": CALLABLE | {TicketState.CALLED, TicketState.ON_HOLD},
}


#: Ticket numbers are written with at least this many digits (A001); wider ones in full.
NUMBER_DIGITS = 3
_CODE = re.compile(r"^([A-Z]{1,2})(\d{1,6})$")


def format_ticket_number(prefix: str, number: int) -> str:
    """A001 … A999, then A1000: never wraps within a day, so a number is never reused."""
    return f"{prefix}{number:0{NUMBER_DIGITS}d}"


def parse_ticket_code(text: str) -> tuple[str, int]:
    """``"a012 "`` -> ("A", 12); NotFound when it is not written like a ticket number."""
    match = _CODE.match(text.strip().upper())
    if not match:
        raise NotFound(f"'{text}' is not a ticket number (expected something like A012)")
    return match.group(1), int(match.group(2))


@dataclass(frozen=True, slots=True)
class Ticket:
    """One visitor's place in the queue for one service day."""

    id: int
    prefix: str
    number: int
    service_day: date
    queue_id: str
    state: TicketState
    priority_class: str
    arrived_at: datetime
    called_at: datetime | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    counter_id: str | None = None
    target_counter_id: str | None = None
    recall_count: int = 0
    outcome: Outcome | None = None
    case_id: int | None = None
    case_type: str | None = None
    language: str | None = None
    flags: frozenset[str] = field(default_factory=frozenset)
    version: int = 1

    @property
    def code(self) -> str:
        return format_ticket_number(self.prefix, self.number)

    def _check(self, action: str) -> None:
        allowed = ALLOWED_FROM[action]
        if self.state not in allowed:
            raise IllegalTransition(self.code, self.state.value, action, frozenset(allowed))

    def call(self, counter_id: str, now: datetime) -> Ticket:
        self._check("call")
        if self.target_counter_id is not None and self.target_counter_id != counter_id:
            raise DomainError(
                f"ticket {self.code} was transferred to counter {self.target_counter_id}"
            )
        return replace(
            self,
            state=TicketState.CALLED,
            counter_id=counter_id,
            called_at=now,
            recall_count=0,
            version=self.version + 1,
        )

    def recall(self, now: datetime) -> Ticket:
        self._check("recall")
        return replace(
            self, called_at=now, recall_count=self.recall_count + 1, version=self.version + 1
        )

    def start(self, now: datetime) -> Ticket:
        self._check("start")
        return replace(self, state=TicketState.SERVING, started_at=now, version=self.version + 1)

    def no_show(self, now: datetime, recalls_required: int) -> Ticket:
        self._check("no_show")
        if self.recall_count < recalls_required:
            raise DomainError(
                f"ticket {self.code} has been recalled {self.recall_count} time(s); "
                f"recall it {recalls_required - self.recall_count} more time(s) "
                "before marking it a no-show"
            )
        return replace(self, state=TicketState.NO_SHOW, ended_at=now, version=self.version + 1)

    def transfer(self, queue_id: str, counter_id: str | None) -> Ticket:
        """Send the visitor to another queue (or one counter); the number stays the same."""
        self._check("transfer")
        if queue_id == self.queue_id and counter_id is None and self.state in CALLABLE:
            raise DomainError(f"ticket {self.code} is already waiting in queue {queue_id}")
        return replace(
            self,
            state=TicketState.TRANSFERRED,
            queue_id=queue_id,
            target_counter_id=counter_id,
            counter_id=None,
            called_at=None,
            started_at=None,
            recall_count=0,
            version=self.version + 1,
        )

    def hold(self) -> Ticket:
        self._check("hold")
        return replace(self, state=TicketState.ON_HOLD, version=self.version + 1)

    def resume(self, counter_id: str, now: datetime) -> Ticket:
        """The visitor is called back to the counter (the display announces it again)."""
        self._check("resume")
        return replace(
            self,
            state=TicketState.CALLED,
            counter_id=counter_id,
            called_at=now,
            recall_count=0,
            version=self.version + 1,
        )

    def complete(self, outcome: Outcome, now: datetime) -> Ticket:
        self._check("complete")
        return replace(
            self,
            state=TicketState.DONE,
            outcome=outcome,
            started_at=self.started_at or self.called_at,
            ended_at=now,
            version=self.version + 1,
        )

    def cancel(self, now: datetime) -> Ticket:
        self._check("cancel")
        return replace(self, state=TicketState.CANCELLED, ended_at=now, version=self.version + 1)

"""Who is called next: priority classes with aging, so that nobody waits forever.

The rule, in one sentence: every waiting ticket has a *score* equal to the minutes it has
waited plus the head start of its priority class (and of its queue); the counter calls the
highest score, and on a tie the earlier arrival. A priority visitor therefore goes ahead of
people who arrived up to ``head start`` minutes before them, but never further: an ordinary
visitor who has waited longer than the largest head start goes ahead of any newcomer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from kiosk.domain.ticket import CALLABLE, Ticket


@dataclass(frozen=True, slots=True)
class PriorityRules:
    """Head starts in minutes, per priority class and per queue (unknown names get 0)."""

    class_head_start: Mapping[str, float]
    queue_head_start: Mapping[str, float]

    def head_start(self, ticket: Ticket) -> float:
        return self.class_head_start.get(ticket.priority_class, 0.0) + self.queue_head_start.get(
            ticket.queue_id, 0.0
        )


def score(ticket: Ticket, now: datetime, rules: PriorityRules) -> float:
    waited = max(0.0, (now - ticket.arrived_at).total_seconds() / 60.0)
    return waited + rules.head_start(ticket)


def calling_order(tickets: Iterable[Ticket], now: datetime, rules: PriorityRules) -> list[Ticket]:
    """Callable tickets, first to be called first."""
    waiting = [t for t in tickets if t.state in CALLABLE]
    return sorted(waiting, key=lambda t: (-score(t, now, rules), t.arrived_at, t.id))


def eligible_for(ticket: Ticket, counter_id: str, served_queues: Iterable[str]) -> bool:
    if ticket.state not in CALLABLE or ticket.queue_id not in set(served_queues):
        return False
    return ticket.target_counter_id in (None, counter_id)


def pick_next(
    tickets: Sequence[Ticket],
    counter_id: str,
    served_queues: Sequence[str],
    now: datetime,
    rules: PriorityRules,
) -> Ticket | None:
    """The ticket this counter should call now, or None when nobody waits for it."""
    candidates = [t for t in tickets if eligible_for(t, counter_id, served_queues)]
    ordered = calling_order(candidates, now, rules)
    return ordered[0] if ordered else None

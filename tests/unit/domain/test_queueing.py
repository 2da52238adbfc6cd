from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.queueing import PriorityRules, calling_order, pick_next
from kiosk.domain.ticket import Ticket, TicketState

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
RULES = PriorityRules(class_head_start={"normal": 0, "priority": 20}, queue_head_start={})


def waiting(tid: int, minutes_ago: float, cls: str = "normal", queue: str = "general") -> Ticket:
    return Ticket(
        id=tid,
        prefix="A",
        number=tid,
        service_day=date(2026, 3, 2),
        queue_id=queue,
        state=TicketState.WAITING,
        priority_class=cls,
        arrived_at=NOW - timedelta(minutes=minutes_ago),
    )


def test_priority_goes_ahead_of_recent_arrivals_only() -> None:
    old = waiting(1, 30)  # waited longer than the 20-minute head start
    recent = waiting(2, 10)
    vip = waiting(3, 1, "priority")
    order = [t.id for t in calling_order([recent, vip, old], NOW, RULES)]
    assert order == [1, 3, 2]


def test_ties_go_to_the_earlier_arrival() -> None:
    a, b = waiting(1, 5), waiting(2, 5)
    assert [t.id for t in calling_order([b, a], NOW, RULES)] == [1, 2]


def test_counter_only_calls_its_queues_and_its_transfers() -> None:
    general = waiting(1, 50)
    wallet = waiting(2, 10, queue="wallet")
    for_c4 = Ticket(
        **{
            **_as_dict(waiting(3, 90, queue="wallet")),
            "state": TicketState.TRANSFERRED,
            "target_counter_id": "c4",
        }
    )
    assert pick_next([general, wallet, for_c4], "c3", ["wallet"], NOW, RULES) == wallet
    assert pick_next([general, wallet, for_c4], "c4", ["wallet"], NOW, RULES) == for_c4
    assert pick_next([general], "c6", ["specialist"], NOW, RULES) is None


def _as_dict(t: Ticket) -> dict[str, object]:
    return {name: getattr(t, name) for name in Ticket.__dataclass_fields__}


@given(
    arrivals=st.lists(
        st.tuples(st.floats(0, 240), st.sampled_from(["normal", "priority"])),
        min_size=2,
        max_size=30,
    )
)
def test_nobody_is_overtaken_by_someone_who_came_more_than_the_head_start_later(
    arrivals: list[tuple[float, str]],
) -> None:
    tickets = [waiting(i, ago, cls) for i, (ago, cls) in enumerate(arrivals)]
    order = calling_order(tickets, NOW, RULES)
    position = {t.id: i for i, t in enumerate(order)}
    biggest = max(RULES.class_head_start.values())
    for a in tickets:
        for b in tickets:
            if (b.arrived_at - a.arrived_at).total_seconds() / 60 > biggest:
                assert position[a.id] < position[b.id]

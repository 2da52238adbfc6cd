from datetime import UTC, date, datetime, timedelta

import pytest

from kiosk.domain.errors import DomainError, IllegalTransition
from kiosk.domain.ticket import ALLOWED_FROM, Outcome, Ticket, TicketState, format_ticket_number

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def ticket(state: TicketState = TicketState.WAITING, **kw: object) -> Ticket:
    values: dict[str, object] = {
        "id": 1,
        "prefix": "A",
        "number": 7,
        "service_day": date(2026, 3, 2),
        "queue_id": "general",
        "state": state,
        "priority_class": "normal",
        "arrived_at": T0,
    }
    values.update(kw)
    return Ticket(**values)  # type: ignore[arg-type]


ACTIONS = {
    "call": lambda t: t.call("c1", T0),
    "recall": lambda t: t.recall(T0),
    "start": lambda t: t.start(T0),
    "no_show": lambda t: t.no_show(T0, 0),
    "transfer": lambda t: t.transfer("wallet", None),
    "hold": lambda t: t.hold(),
    "resume": lambda t: t.resume("c1", T0),
    "complete": lambda t: t.complete(Outcome.RESOLVED, T0),
    "cancel": lambda t: t.cancel(T0),
}


def test_numbers_are_zero_padded_and_never_wrap() -> None:
    assert format_ticket_number("A", 1) == "A001"
    assert format_ticket_number("W", 999) == "W999"
    assert format_ticket_number("W", 1000) == "W1000"


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("state", list(TicketState))
def test_each_action_is_allowed_exactly_from_its_states(action: str, state: TicketState) -> None:
    subject = ticket(state, counter_id="c1" if state != TicketState.WAITING else None)
    if state in ALLOWED_FROM[action]:
        after = ACTIONS[action](subject)
        assert after.version == subject.version + 1
        assert after.code == "A007"
    else:
        with pytest.raises(IllegalTransition) as caught:
            ACTIONS[action](subject)
        assert "A007" in str(caught.value)
        assert state.value in str(caught.value)


def test_full_service_path_sets_timestamps() -> None:
    called = ticket().call("c3", T0 + timedelta(minutes=5))
    assert (called.state, called.counter_id) == (TicketState.CALLED, "c3")
    serving = called.start(T0 + timedelta(minutes=6))
    done = serving.complete(Outcome.ESCALATED, T0 + timedelta(minutes=20))
    assert done.state is TicketState.DONE
    assert done.outcome is Outcome.ESCALATED
    assert done.ended_at - done.started_at == timedelta(minutes=14)  # type: ignore[operator]


def test_completing_without_start_counts_service_from_the_call() -> None:
    done = ticket().call("c1", T0).complete(Outcome.RESOLVED, T0 + timedelta(minutes=9))
    assert done.started_at == T0


def test_no_show_needs_the_configured_recalls() -> None:
    called = ticket().call("c1", T0)
    with pytest.raises(DomainError, match="recall it 2 more"):
        called.no_show(T0, recalls_required=2)
    twice = called.recall(T0).recall(T0)
    assert twice.recall_count == 2
    assert twice.no_show(T0, recalls_required=2).state is TicketState.NO_SHOW


def test_transfer_keeps_the_number_and_waits_in_the_new_queue() -> None:
    moved = ticket().call("c1", T0).transfer("wallet", "c4")
    assert moved.code == "A007"
    assert (moved.state, moved.queue_id, moved.counter_id) == (
        TicketState.TRANSFERRED,
        "wallet",
        None,
    )
    with pytest.raises(DomainError, match="transferred to counter c4"):
        moved.call("c1", T0)
    assert moved.call("c4", T0).state is TicketState.CALLED


def test_transfer_to_the_queue_it_already_waits_in_is_refused() -> None:
    with pytest.raises(DomainError, match="already waiting"):
        ticket().transfer("general", None)


def test_hold_and_resume_call_the_visitor_back() -> None:
    held = ticket().call("c1", T0).start(T0).hold()
    assert held.state is TicketState.ON_HOLD
    back = held.resume("c2", T0 + timedelta(minutes=3))
    assert (back.state, back.counter_id) == (TicketState.CALLED, "c2")

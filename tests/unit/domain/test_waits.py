import pytest

from kiosk.domain.waits import estimate_wait, rolling_service_minutes


def test_default_holds_until_services_are_measured() -> None:
    assert rolling_service_minutes([], 12) == 12
    assert rolling_service_minutes([6, 6, 6], 12) == pytest.approx(9)
    assert rolling_service_minutes([6] * 200, 12) == pytest.approx((6 * 20 + 36) / 23)


def test_wait_divides_the_people_ahead_among_open_counters() -> None:
    estimate = estimate_wait(people_ahead=5, service_minutes=10, counters_open=2)
    assert estimate.minutes == 25
    assert estimate_wait(0, 10, 2).minutes == 0


def test_no_open_counter_counts_as_one_and_says_so() -> None:
    estimate = estimate_wait(3, 10, 0)
    assert estimate.minutes == 30
    assert estimate.no_counter_open
    with pytest.raises(ValueError, match="negative"):
        estimate_wait(-1, 10, 1)

from datetime import UTC, date, datetime

import pytest

from kiosk.domain.clock import ManualClock, service_day
from kiosk.domain.forms import FieldRules, FieldType, check_answer, parse_partial_date

TODAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("rules", "value", "code"),
    [
        (FieldRules(FieldType.TEXT, required=True), "  ", "required"),
        (FieldRules(FieldType.TEXT), "", None),
        (FieldRules(FieldType.TEXT, min_length=3), "ab", "too_short"),
        (FieldRules(FieldType.TEXT, max_length=3), "abcd", "too_long"),
        (FieldRules(FieldType.TEXT, pattern="[0-9A-Z]{3}"), "ab1", "pattern"),
        (FieldRules(FieldType.DIGITS), "12a", "digits_only"),
        (FieldRules(FieldType.PHONE), "138-0013-8000", None),
        (FieldRules(FieldType.PHONE), "+86 138 0013 8000", None),
        (FieldRules(FieldType.PHONE), "13800x", "not_a_phone"),
        (FieldRules(FieldType.PHONE), "12", "not_a_phone"),
        (FieldRules(FieldType.DATE), "2015", None),
        (FieldRules(FieldType.DATE), "2024-13", "not_a_date"),
        (FieldRules(FieldType.DATE), "2027-01-01", "date_in_future"),
        (FieldRules(FieldType.DATE), "1970", "date_too_early"),
        (FieldRules(FieldType.CHOICE, choices=("a", "b")), "c", "not_a_choice"),
        (FieldRules(FieldType.CHOICE, choices=("a", "b")), ["a", "b"], "one_choice_only"),
        (FieldRules(FieldType.CHOICE, choices=("a", "b"), multiple=True), ["a", "b"], None),
        (FieldRules(FieldType.YES_NO, required=True), None, "required"),
        (FieldRules(FieldType.YES_NO), "yes", "not_yes_no"),
        (FieldRules(FieldType.YES_NO), False, None),
    ],
)
def test_answers_are_checked_by_type(rules: FieldRules, value: object, code: str | None) -> None:
    problem = check_answer(rules, value, TODAY)
    assert (problem.code if problem else None) == code


def test_partial_dates_accept_what_visitors_remember() -> None:
    assert parse_partial_date("2019") == date(2019, 1, 1)
    assert parse_partial_date("2019/7") == date(2019, 7, 1)
    assert parse_partial_date("2019.07.15") == date(2019, 7, 15)
    assert parse_partial_date("2019-02-30") is None


def test_service_day_turns_at_local_midnight() -> None:
    # 15:59 UTC is 23:59 in Shanghai; one minute later it is the next day there.
    clock = ManualClock(datetime(2026, 3, 2, 15, 59, tzinfo=UTC))
    assert service_day(clock(), "Asia/Shanghai") == date(2026, 3, 2)
    clock.advance(minutes=1)
    assert service_day(clock(), "Asia/Shanghai") == date(2026, 3, 3)
    assert service_day(clock(), "UTC") == date(2026, 3, 2)
    with pytest.raises(ValueError, match="timezone-aware"):
        service_day(datetime(2026, 3, 2), "UTC")

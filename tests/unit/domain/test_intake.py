"""The intake draft's rules: flags, priority, case-type changes, call-back windows."""

from __future__ import annotations

from datetime import UTC, date, datetime

from kiosk.domain.forms import FieldRules, FieldType
from kiosk.domain.intake import (
    Agreement,
    IntakeDraft,
    LivenessSummary,
    callback_windows,
    form_problems,
    priority_class_for,
    text_fingerprint,
)

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai


def agreement(granted: bool = True) -> Agreement:
    return Agreement(1, "0" * 64, "en", NOW, granted)


def test_manual_id_check_unless_consent_and_a_passed_face_check() -> None:
    draft = IntakeDraft("en")
    assert draft.needs_manual_id_check  # nothing answered yet
    draft.consent = agreement(granted=False)
    assert "manual_id_check" in draft.flags()
    draft.consent = agreement(granted=True)
    draft.liveness = LivenessSummary(passed=False, reason="timed out")
    assert draft.needs_manual_id_check
    draft.liveness = LivenessSummary(passed=True)
    assert not draft.needs_manual_id_check
    assert draft.flags() == set()


def test_language_help_flags_name_the_language() -> None:
    draft = IntakeDraft("zh_CN", help_language="yue")
    assert {"language_help", "help:yue"} <= draft.flags()


def test_a_different_case_type_drops_the_answers_of_the_old_form() -> None:
    draft = IntakeDraft("en")
    draft.choose_case_type("wallet_reactivation")
    draft.answers["account_id"] = "abc"
    draft.choose_case_type("wallet_reactivation")
    assert draft.answers == {"account_id": "abc"}
    draft.choose_case_type("other")
    assert draft.answers == {}


def test_priority_is_the_class_with_the_largest_head_start() -> None:
    classes = {"age_65": "priority", "with_minor": "family"}
    head_start = {"normal": 0.0, "priority": 20.0, "family": 10.0}
    assert priority_class_for([], classes, head_start) == "normal"
    assert priority_class_for(["with_minor"], classes, head_start) == "family"
    assert priority_class_for(["with_minor", "age_65"], classes, head_start) == "priority"
    assert priority_class_for(["unknown"], classes, head_start) == "normal"


def test_form_problems_lists_every_refused_answer() -> None:
    rules = {
        "phone": FieldRules(FieldType.PHONE, required=True),
        "note": FieldRules(FieldType.TEXT, max_length=3),
        "fine": FieldRules(FieldType.TEXT),
    }
    problems = form_problems(rules, {"note": "too long"}, date(2026, 3, 2))
    assert {k: p.code for k, p in problems.items()} == {"phone": "required", "note": "too_long"}


def test_the_fingerprint_changes_with_any_word() -> None:
    assert text_fingerprint(["a", "b"]) != text_fingerprint(["a", "c"])
    assert text_fingerprint(["a", "b"]) == text_fingerprint(["a", "b"])
    assert len(text_fingerprint(["x"])) == 64


def test_callback_windows_skip_those_nearly_over() -> None:
    morning = callback_windows(NOW, "Asia/Shanghai")
    assert [w.id for w in morning] == [
        "today_morning",
        "today_afternoon",
        "tomorrow_morning",
        "tomorrow_afternoon",
    ]
    assert morning[0].starts == NOW  # already open: from now on
    evening = callback_windows(datetime(2026, 3, 2, 9, 30, tzinfo=UTC), "Asia/Shanghai")
    assert [w.id for w in evening] == ["tomorrow_morning", "tomorrow_afternoon"]
    assert evening[0].starts.astimezone(UTC) == datetime(2026, 3, 3, 1, 0, tzinfo=UTC)


def test_the_next_page_follows_the_sequence_even_from_a_page_that_left_it() -> None:
    from kiosk.domain.intake import Step, next_position, visit_steps

    with_camera = visit_steps(2, face_check=True)
    assert next_position(with_camera, (Step.FORM, 0)) == (Step.FORM, 1)
    assert next_position(with_camera, (Step.CONSENT, 0)) == (Step.LIVENESS, 0)
    without = visit_steps(2, face_check=False)  # consent withdrawn at the face check
    assert next_position(without, (Step.LIVENESS, 0)) == (Step.REVIEW, 0)
    assert next_position(without, (Step.REVIEW, 0)) is None

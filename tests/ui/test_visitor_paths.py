"""What a visitor touches and sees on the way through: which keyboard a field opens, where the
keypad appears, the stages at the top, a field gone wrong, the way out of the face check, and
the ticket screen's countdown back to the start."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.domain.forms import FieldType
from kiosk.domain.intake import STAGE_OF_STEP, Stage, Step
from kiosk.settings.translations import tr
from kiosk.ui.visitor import ticket_page
from kiosk.ui.widgets.form_fields import FieldEditor
from tests.ui.visitor_driver import Kiosk, make_kiosk


def url_in(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'site.sqlite3'}"


def first_editor_of(kiosk: Kiosk, kind: FieldType) -> FieldEditor:
    """On through the form to the first question of this type."""
    while True:
        found = [e for e in kiosk.form_page().editors if e.field.type is kind and e.isVisible()]
        if found:
            return found[0]
        kiosk.fill_page()
        kiosk.tap("next")


def tap_keys(qtbot: QtBot, kiosk: Kiosk, letters: str) -> None:
    keyboard = kiosk.wizard.input.on_screen_keyboard()
    assert keyboard is not None
    for letter in letters:
        point = keyboard.key_point(letter)
        assert point is not None, letter
        QTest.mousePress(keyboard, Qt.MouseButton.LeftButton, pos=point)
        qtbot.wait(20)  # a finger rests on a key for a moment
        QTest.mouseRelease(keyboard, Qt.MouseButton.LeftButton, pos=point)
        qtbot.wait(40)


def test_an_account_id_opens_letters_and_a_name_opens_pinyin(qtbot: QtBot, tmp_path: Path) -> None:
    kiosk = make_kiosk(qtbot, url_in(tmp_path))
    kiosk.start("zh_CN")
    kiosk.choose("minor_spending_refund")
    account = first_editor_of(kiosk, FieldType.IDENTIFIER)
    keyboard = kiosk.open_keyboard(account.input_widget)
    qtbot.waitUntil(keyboard.can_type, timeout=5000)
    tap_keys(qtbot, kiosk, "chen")
    qtbot.waitUntil(lambda: account.value() == "chen", timeout=5000)  # letters, as typed
    assert keyboard.candidates() == []  # and no Chinese characters offered for an id
    kiosk.fill_page()
    kiosk.tap("next")
    name = first_editor_of(kiosk, FieldType.TEXT)
    kiosk.open_keyboard(name.input_widget)
    qtbot.waitUntil(keyboard.can_type, timeout=5000)
    tap_keys(qtbot, kiosk, "chen")
    qtbot.waitUntil(lambda: "陈" in keyboard.candidates(), timeout=5000)  # Pinyin for a name
    kiosk.site.close()


def test_in_portrait_the_keypad_opens_just_under_its_field(qtbot: QtBot, tmp_path: Path) -> None:
    kiosk = make_kiosk(qtbot, url_in(tmp_path), size=(1080, 1920))
    kiosk.start("en")
    kiosk.choose("minor_spending_refund")
    phone = first_editor_of(kiosk, FieldType.PHONE)
    field = phone.input_widget
    kiosk.tap_widget(field)
    qtbot.waitUntil(lambda: kiosk.keypad.target is field, timeout=3000)
    window = kiosk.wizard
    qtbot.wait(200)  # (the page may scroll the question into view first)
    field_bottom = field.mapTo(window, QPoint(0, field.height())).y()
    keypad_top = kiosk.keypad.mapTo(window, QPoint(0, 0)).y()
    assert 0 < keypad_top - field_bottom < 120  # near the field, not at the far bottom
    keys = [b.text() for b in kiosk.keypad.findChildren(type(kiosk.button("next")))]
    visible = [b for b in kiosk.keypad.findChildren(type(kiosk.button("next"))) if b.isVisible()]
    assert all(b.text().strip() for b in visible), keys  # no blank key
    assert kiosk.keypad.key_button("clear").text() == tr("en", "keypad.clear")
    kiosk.site.close()


def test_the_same_six_stages_are_shown_and_the_current_one_follows(
    qtbot: QtBot, tmp_path: Path
) -> None:
    kiosk = make_kiosk(qtbot, url_in(tmp_path))
    chips = kiosk.wizard.chrome.stage_chips
    seen: list[Stage] = []

    def check() -> None:
        step = kiosk.step
        current = [s for s, chip in chips.items() if chip.property("state") == "current"]
        assert len(chips) == len(Stage)
        assert current == [STAGE_OF_STEP[step]], (step, current)
        assert all(chip.isVisible() for chip in chips.values())
        if not seen or seen[-1] is not current[0]:
            seen.append(current[0])

    kiosk.start("en")
    check()
    kiosk.choose("other")
    while kiosk.step is Step.FORM:
        check()
        kiosk.fill_page()
        kiosk.tap("next")
    check()
    kiosk.to_review()
    check()
    kiosk.submit()
    check()
    assert seen == [Stage.CASE, Stage.DETAILS, Stage.REVIEW, Stage.TICKET]
    kiosk.site.close()


def test_a_field_gone_wrong_is_marked_red_until_it_is_corrected(
    qtbot: QtBot, tmp_path: Path
) -> None:
    kiosk = make_kiosk(qtbot, url_in(tmp_path))
    kiosk.start("en")
    kiosk.choose("minor_spending_refund")
    phone = first_editor_of(kiosk, FieldType.PHONE)
    kiosk.answer(phone, "12")
    kiosk.tap("next")
    assert phone.input_widget.property("invalid") is True
    assert phone.message.text()
    kiosk.answer(phone, "13800138000")
    assert not phone.input_widget.property("invalid")
    kiosk.site.close()


def test_verify_at_the_counter_instead_withdraws_consent_and_moves_on(
    qtbot: QtBot, tmp_path: Path
) -> None:
    kiosk = make_kiosk(qtbot, url_in(tmp_path), camera=True)
    kiosk.start("en")
    kiosk.choose("other")
    kiosk.fill_form()
    kiosk.to_last_part()
    kiosk.tap("next")
    kiosk.wait_for(Step.CONSENT)
    kiosk.tap("consent:accept")
    kiosk.wait_for(Step.LIVENESS)
    screen = getattr(kiosk.wizard.page, "check_screen")  # noqa: B009
    qtbot.waitUntil(screen.recording.isVisible, timeout=20_000)  # filming, and it says so
    kiosk.tap("liveness:counter_instead")
    kiosk.wait_for(Step.REVIEW)
    draft = kiosk.wizard.draft
    assert draft.consent is not None
    assert draft.consent.granted is False  # recorded as declined
    assert draft.liveness is None  # nothing filmed is kept
    review = kiosk.wizard.page
    assert review is not None
    shown = review.findChildren(type(screen.prompt))
    identity = [label.text() for label in shown if label.accessibleName() == "answer:consent"]
    assert identity == [tr("en", "wizard.review.manual_id")]
    kiosk.site.close()


def test_the_ticket_screen_counts_down_to_a_fresh_welcome(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ticket_page, "TICKET_SECONDS", 2)
    kiosk = make_kiosk(qtbot, url_in(tmp_path))
    kiosk.start("en")
    kiosk.choose("other")
    kiosk.fill_form()
    kiosk.to_review()
    kiosk.submit()
    page = kiosk.wizard.page
    assert isinstance(page, ticket_page.TicketPage)
    assert page.countdown.text() == tr("en", "wizard.ticket.countdown", seconds=2)
    assert page.title.text() == tr("en", "wizard.ticket.take")
    kiosk.wait_for(Step.WELCOME, timeout=6000)  # nobody tapped Done
    assert kiosk.wizard.draft.answers == {}  # the visit is gone from the screen and memory
    assert kiosk.wizard.submission is None
    kiosk.site.close()


def test_call_staff_is_offered_in_every_language_before_one_is_chosen(
    qtbot: QtBot, tmp_path: Path
) -> None:
    kiosk = make_kiosk(qtbot, url_in(tmp_path))
    kiosk.wait_for(Step.WELCOME)
    help_button = kiosk.button("call_staff")
    assert help_button.text() == "呼叫工作人员 / Call staff"
    corner = help_button.mapTo(kiosk.wizard, QPoint(0, 0))
    assert kiosk.wizard.rect().contains(QRect(corner, help_button.size()))  # whole, on screen
    assert help_button.fontMetrics().horizontalAdvance(help_button.text()) < help_button.width()
    kiosk.start("en")
    assert kiosk.button("call_staff").text() == "Call staff"
    kiosk.site.close()

"""The visitor's intake wizard, driven through its real widgets, with what it stores checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from kiosk.domain.forms import FieldType, normalise_phone
from kiosk.domain.intake import Step
from kiosk.domain.ticket import TicketState
from kiosk.services.case_view import case_file
from kiosk.services.intake_service import IntakeService, Submission
from kiosk.services.printers import PrinterState, PrinterStatus, PrintFailed
from kiosk.settings import parse_site
from kiosk.settings.loader import site_to_document
from kiosk.settings.new_language import copy_texts_for_new_languages
from kiosk.settings.translations import tr
from kiosk.storage import Database
from kiosk.storage.database import DatabaseUnavailable
from kiosk.storage.schema import cases, print_jobs, tickets
from kiosk.ui.visitor.review_page import ReviewPage, mask_phone
from kiosk.ui.visitor.ticket_page import TicketPage
from kiosk.vision.sources import SourceError
from tests.intake_answers import CASE_TYPES, valid_answer, valid_answers
from tests.ui.visitor_driver import make_kiosk


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'site.sqlite3'}"


def count(db: Database, table: Any) -> int:
    with db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def stored_value(value: Any, field_type: str) -> Any:
    if field_type == "phone":
        return normalise_phone(str(value))
    return value.strip() if isinstance(value, str) else value


@pytest.mark.parametrize("case_type", CASE_TYPES)
def test_every_case_type_from_welcome_to_ticket(qtbot: QtBot, url: str, case_type: str) -> None:
    kiosk = make_kiosk(qtbot, url)
    kiosk.start("en")
    kiosk.choose(case_type)
    kiosk.fill_form()
    assert kiosk.step is Step.ASSISTANCE
    kiosk.to_review(consent=False, reasons=("age_65",))
    kiosk.submit()
    page = kiosk.wizard.page
    assert isinstance(page, TicketPage)
    ticket = page.submission.ticket
    assert page.number.text() == ticket.code
    assert ticket.code.startswith(kiosk.site.site.case_type(case_type).prefix)
    stored = case_file(kiosk.site.db, ticket.id)
    assert stored.case is not None
    assert stored.case["case_type"] == case_type
    assert stored.case["manual_id_check"] is True
    fields = kiosk.site.site.case_type(case_type).form.fields
    expected = {f.id: stored_value(valid_answer(f), f.type.value) for f in fields}
    assert stored.answers == expected
    assert stored.acknowledgement is not None
    assert stored.acknowledgement["language"] == "en"
    assert stored.consent is not None
    assert stored.consent["granted"] is False
    assert kiosk.site.queue.get(ticket.id).priority_class == "priority"
    kiosk.site.close()


def test_a_recording_outside_a_demo_site_never_passes_and_is_stored_as_demo(
    qtbot: QtBot, url: str
) -> None:
    kiosk = make_kiosk(qtbot, url, camera=True, demo_site=False)
    assert not kiosk.site.demo_site
    kiosk.start("en")
    kiosk.choose("wallet_reactivation")
    kiosk.fill_form()
    kiosk.to_review(consent=True)
    summary = kiosk.wizard.draft.liveness
    assert summary is not None
    assert not summary.passed
    assert summary.reason == "demo_recording"
    kiosk.submit()
    page = kiosk.wizard.page
    assert isinstance(page, TicketPage)
    stored = case_file(kiosk.site.db, page.submission.ticket.id)
    assert stored.case is not None
    assert stored.case["manual_id_check"] is True
    assert stored.liveness is not None
    assert stored.liveness["passed"] is False
    assert stored.liveness["result"]["demo"] is True
    kiosk.site.close()


def test_face_check_with_the_sample_clip_then_ticket_in_chinese(qtbot: QtBot, url: str) -> None:
    kiosk = make_kiosk(qtbot, url, camera=True)
    kiosk.start("zh_CN")
    kiosk.choose("wallet_reactivation")
    kiosk.fill_form()
    kiosk.to_review(consent=True)
    assert kiosk.wizard.draft.liveness is not None
    assert kiosk.wizard.draft.liveness.passed
    review = kiosk.wizard.page
    assert isinstance(review, ReviewPage)
    assert review.findChild(QLineEdit) is None  # review shows answers, it does not edit them
    kiosk.submit()
    page = kiosk.wizard.page
    assert isinstance(page, TicketPage)
    stored = case_file(kiosk.site.db, page.submission.ticket.id)
    assert stored.case is not None
    assert stored.case["manual_id_check"] is False
    assert stored.liveness is not None
    assert stored.liveness["passed"] is True
    assert stored.liveness["video_id"] is not None
    assert "manual_id_check" not in page.submission.ticket.flags
    kiosk.site.close()


INVALID = [
    ("messaging_recovery", "account_id", "a", "too_short", {"min": 2}),
    ("messaging_recovery", "registration_phone", "123", "not_a_phone", {}),
    ("wallet_reactivation", "card_last_digits", "12", "too_short", {"min": 4}),
    ("superapp_appeal", "suspension_date", "2099-01", "date_in_future", {}),
    ("superapp_appeal", "reason_shown", None, "required", {}),
    ("other", "description", "too short", "too_short", {"min": 10}),
]


@pytest.mark.parametrize(("case_type", "field_id", "typed", "code", "params"), INVALID)
def test_invalid_input_shows_a_message_keeps_the_input_and_stops(
    qtbot: QtBot,
    url: str,
    case_type: str,
    field_id: str,
    typed: str | None,
    code: str,
    params: dict[str, Any],
) -> None:
    kiosk = make_kiosk(qtbot, url)
    kiosk.start("zh_CN")
    kiosk.choose(case_type)
    while field_id not in [e.field.id for e in kiosk.form_page().editors]:
        kiosk.fill_page()
        kiosk.tap("next")
    page_before = kiosk.wizard.position
    for editor in kiosk.form_page().editors:
        if editor.field.id != field_id:
            kiosk.answer(editor, valid_answer(editor.field))
        elif typed is not None:
            kiosk.answer(editor, typed)
    kiosk.tap("next")
    assert kiosk.wizard.position == page_before  # cannot continue
    editor = kiosk.editor(field_id)
    assert editor.message.text() == tr("zh_CN", f"problem.{code}", **params)
    assert editor.message.isVisible()
    if typed is not None:
        assert editor.value() == typed  # what the visitor typed is still there
    # correcting it lets the visitor go on, and the message disappears
    kiosk.answer(editor, valid_answer(editor.field))
    assert editor.message.text() == ""
    kiosk.tap("next")
    assert kiosk.wizard.position != page_before
    kiosk.site.close()


def test_back_and_forth_and_a_language_switch_keep_every_answer(qtbot: QtBot, url: str) -> None:
    kiosk = make_kiosk(qtbot, url)
    kiosk.start("en")
    kiosk.choose("messaging_recovery")
    kiosk.fill_page({"account_id": "chen_li_56", "nickname": "Old Chen"})
    kiosk.tap("next")
    kiosk.answer(kiosk.editor("registration_phone"), "13912345678")
    kiosk.tap("back")
    assert kiosk.editor("account_id").value() == "chen_li_56"
    assert kiosk.editor("nickname").value() == "Old Chen"
    kiosk.tap("next")
    assert kiosk.editor("registration_phone").value() == "13912345678"
    kiosk.tap("header-language:zh_CN")
    assert kiosk.language == "zh_CN"
    assert kiosk.editor("registration_phone").value() == "13912345678"
    phone = kiosk.site.site.case_type("messaging_recovery").form.fields[2]
    assert kiosk.editor("registration_phone").label.text() == phone.label.get("zh_CN")
    kiosk.tap("back")
    assert kiosk.editor("account_id").value() == "chen_li_56"
    kiosk.tap("back")
    kiosk.wait_for(Step.CASE_TYPE)
    kiosk.tap("case:messaging_recovery")  # the same case type again: answers stay
    assert kiosk.editor("account_id").value() == "chen_li_56"
    kiosk.fill_form({"account_id": "chen_li_56", "nickname": "Old Chen"})
    kiosk.to_review()
    review = kiosk.wizard.page
    assert isinstance(review, ReviewPage)
    kiosk.tap("edit:nickname")
    kiosk.wait_for(Step.FORM)
    kiosk.answer(kiosk.editor("nickname"), "Lao Chen")
    kiosk.tap("next")
    kiosk.wait_for(Step.REVIEW)  # straight back to the review
    assert kiosk.wizard.draft.answers["nickname"] == "Lao Chen"
    kiosk.submit()
    page = kiosk.wizard.page
    assert isinstance(page, TicketPage)
    stored = case_file(kiosk.site.db, page.submission.ticket.id)
    assert stored.answers["nickname"] == "Lao Chen"
    assert stored.answers["account_id"] == "chen_li_56"
    assert stored.case is not None
    assert stored.case["language"] == "zh_CN"
    kiosk.site.close()


def test_idle_visitor_is_asked_then_everything_is_wiped(qtbot: QtBot, url: str) -> None:
    kiosk = make_kiosk(qtbot, url, idle_ms=400, countdown_s=1)
    kiosk.start("en")
    kiosk.tap("large_text")
    kiosk.choose("other")
    kiosk.answer(kiosk.editor("subject"), "my secret subject")
    overlay = kiosk.wizard.idle.overlay
    qtbot.waitUntil(overlay.isVisible, timeout=5000)
    assert overlay.question.text() == "Are you still there?"
    with qtbot.waitSignal(kiosk.wizard.wiped, timeout=5000):
        pass
    assert kiosk.step is Step.WELCOME
    draft = kiosk.wizard.draft
    assert draft.answers == {}
    assert draft.case_type is None
    assert draft.acknowledgement is None
    assert not draft.large_text
    texts = [w.text() for w in kiosk.wizard.findChildren(QLineEdit)]
    texts += [w.toPlainText() for w in kiosk.wizard.findChildren(QPlainTextEdit)]
    assert "my secret subject" not in texts
    qtbot.waitUntil(lambda: kiosk.services.intake.abandoned_count() == 1, timeout=5000)
    assert count(kiosk.site.db, cases) == 0
    assert count(kiosk.site.db, tickets) == 0
    kiosk.site.close()


def test_still_here_keeps_the_answers(qtbot: QtBot, url: str) -> None:
    kiosk = make_kiosk(qtbot, url, idle_ms=400, countdown_s=30)
    kiosk.start("en")
    kiosk.choose("other")
    kiosk.answer(kiosk.editor("subject"), "keep me")
    qtbot.waitUntil(kiosk.wizard.idle.overlay.isVisible, timeout=5000)
    kiosk.tap("still_here")
    assert not kiosk.wizard.idle.overlay.isVisible()
    assert kiosk.editor("subject").value() == "keep me"
    assert kiosk.step is Step.FORM
    kiosk.site.close()


def test_a_double_tap_on_submit_issues_exactly_one_ticket(qtbot: QtBot, url: str) -> None:
    kiosk = make_kiosk(qtbot, url)
    kiosk.start("en")
    kiosk.choose("other")
    kiosk.fill_form()
    kiosk.to_review()
    issued: list[Submission] = []
    kiosk.wizard.ticket_issued.connect(issued.append)
    submit = kiosk.button("next")
    kiosk.tap_widget(submit)
    kiosk.tap_widget(submit)
    kiosk.wizard.submit()  # even a third request while busy changes nothing
    kiosk.wait_for(Step.TICKET)
    qtbot.wait(300)
    assert len(issued) == 1
    assert count(kiosk.site.db, tickets) == 1
    assert count(kiosk.site.db, cases) == 1
    kiosk.site.close()


def test_declined_consent_skips_the_camera_and_flags_a_manual_id_check(
    qtbot: QtBot, url: str
) -> None:
    kiosk = make_kiosk(qtbot, url, camera=True)
    kiosk.start("en")
    kiosk.choose("superapp_appeal")
    kiosk.fill_form()
    kiosk.to_review(consent=False)
    review = kiosk.wizard.page
    assert isinstance(review, ReviewPage)
    assert [s for s, _ in kiosk.wizard.sequence()].count(Step.LIVENESS) == 0
    kiosk.submit()
    page = kiosk.wizard.page
    assert isinstance(page, TicketPage)
    assert "manual_id_check" in page.submission.ticket.flags
    assert tr("en", "wizard.ticket.bring_id") in [
        label.text() for label in page.findChildren(type(page.number))
    ]
    kiosk.site.close()


class RestartingDatabase(IntakeService):
    """The database goes away for the first submission (as during a restart)."""

    failures = 1

    def submit(self, *args: Any, **kwargs: Any) -> Submission:
        if RestartingDatabase.failures:
            RestartingDatabase.failures -= 1
            raise DatabaseUnavailable("the database at sqlite:///… cannot be reached")
        return super().submit(*args, **kwargs)


def test_a_database_restart_on_submit_loses_nothing(qtbot: QtBot, url: str) -> None:
    RestartingDatabase.failures = 1
    kiosk = make_kiosk(qtbot, url, intake_class=RestartingDatabase)
    kiosk.start("zh_CN")
    kiosk.choose("other")
    kiosk.fill_form()
    kiosk.to_review()
    answers = dict(kiosk.wizard.draft.answers)
    kiosk.tap("next")
    review = kiosk.wizard.page
    assert isinstance(review, ReviewPage)
    qtbot.waitUntil(lambda: review.message.text() == tr("zh_CN", "wizard.error.database"))
    assert kiosk.step is Step.REVIEW
    assert kiosk.wizard.draft.answers == answers
    assert kiosk.button("next").isEnabled()
    kiosk.submit()  # the visitor taps again
    page = kiosk.wizard.page
    assert isinstance(page, TicketPage)
    stored = case_file(kiosk.site.db, page.submission.ticket.id)
    assert stored.answers["subject"] == answers["subject"]
    kiosk.site.close()


class EmptyPrinter:
    backend = "cups"
    name = "kiosk-80mm"

    def status(self) -> PrinterStatus:
        return PrinterStatus(PrinterState.MEDIA_EMPTY, "media-empty-error")

    def print_pdf(self, pdf: bytes, *, title: str, paper_width_mm: int, height_mm: float) -> str:
        raise PrintFailed(PrinterState.MEDIA_EMPTY, "media-empty-error")


def test_a_printer_out_of_paper_keeps_the_ticket_and_says_so(qtbot: QtBot, url: str) -> None:
    kiosk = make_kiosk(qtbot, url, printer=EmptyPrinter())
    kiosk.start("en")
    kiosk.choose("other")
    kiosk.fill_form()
    kiosk.to_review()
    kiosk.submit()
    page = kiosk.wizard.page
    assert isinstance(page, TicketPage)
    code = page.submission.ticket.code
    qtbot.waitUntil(lambda: page.print_status.text() == tr("en", "print.failed", code=code))
    assert kiosk.site.queue.get(code).state is TicketState.WAITING
    kiosk.tap("header-language:zh_CN")  # the page is refilled: the print result stays on it
    chinese = kiosk.wizard.page
    assert isinstance(chinese, TicketPage)
    assert chinese.title.text() == tr("zh_CN", "wizard.ticket.take")
    qtbot.waitUntil(
        lambda: chinese.print_status.text() == tr("zh_CN", "print.failed", code=code), timeout=2000
    )
    with kiosk.site.db.read() as conn:
        status = conn.execute(select(print_jobs.c.status)).scalar_one()
    assert status == "failed"
    kiosk.site.close()


def test_the_ticket_is_printed_and_a_callback_can_replace_the_wait(qtbot: QtBot, url: str) -> None:
    kiosk = make_kiosk(qtbot, url, printing=True)
    kiosk.start("en")
    kiosk.choose("minor_spending_refund")
    kiosk.fill_form()
    kiosk.to_review()
    kiosk.submit()
    page = kiosk.wizard.page
    assert isinstance(page, TicketPage)
    qtbot.waitUntil(lambda: page.print_status.text() == tr("en", "print.saved"), timeout=20_000)
    assert page.phone is not None
    assert not page.phone.isVisible()  # folded away until asked for
    kiosk.tap("callback:offer")
    assert page.phone.isVisible()
    assert page.phone.text() == mask_phone(kiosk.wizard.draft.answers["payer_phone"])
    kiosk.tap_widget(page.phone)
    qtbot.waitUntil(lambda: kiosk.keypad.target is page.phone, timeout=3000)
    kiosk.tap_widget(kiosk.keypad.key_button("clear"))  # another number than the form's
    for char in "+8613800138000":
        kiosk.tap_widget(kiosk.keypad.key_button(char))
    kiosk.tap("callback:request")
    assert page.callback_message.text() == tr("en", "wizard.callback.pick_window")
    window_id = next(iter(page.window_buttons))
    kiosk.tap(f"window:{window_id}")
    kiosk.tap("callback:request")
    qtbot.waitUntil(
        lambda: page.callback_message.text() == tr("en", "wizard.callback.done"), timeout=5000
    )
    stored = case_file(kiosk.site.db, page.submission.ticket.id)
    assert stored.case is not None
    assert stored.case["callback_phone"] == "+8613800138000"
    assert stored.case["callback_window"] == window_id
    assert kiosk.site.queue.get(page.submission.ticket.id).state is TicketState.CANCELLED
    kiosk.tap("next")  # Finish
    kiosk.wait_for(Step.WELCOME)
    assert kiosk.services.intake.abandoned_count() == 0  # a finished visit is not abandoned
    kiosk.site.close()


def test_pinyin_on_the_on_screen_keyboard_types_chinese(qtbot: QtBot, url: str) -> None:
    kiosk = make_kiosk(qtbot, url)
    kiosk.start("zh_CN")
    kiosk.choose("other")
    keyboard = kiosk.open_keyboard(kiosk.editor("subject").input_widget)
    qtbot.waitUntil(keyboard.can_type, timeout=5000)
    keyboard.tap_keys("nihao")
    qtbot.waitUntil(lambda: "你好" in keyboard.candidates(), timeout=5000)
    keyboard.pick_candidate(keyboard.candidates().index("你好"))
    qtbot.waitUntil(lambda: kiosk.editor("subject").value() == "你好", timeout=5000)
    kiosk.site.close()


def test_the_review_lists_every_answer_in_the_visitors_language(qtbot: QtBot, url: str) -> None:
    kiosk = make_kiosk(qtbot, url)
    kiosk.start("zh_CN")
    kiosk.choose("merchant_appeal")
    kiosk.fill_form()
    kiosk.to_review()
    review = kiosk.wizard.page
    assert isinstance(review, ReviewPage)
    answers = valid_answers(kiosk.site.site, "merchant_appeal")
    shown = {label.accessibleName(): label.text() for label in review.findChildren(QLabel)}
    seen = set()  # every row is on screen in one of the review's parts
    while True:
        seen |= {key for key, button in review.edit_buttons.items() if button.isVisible()}
        if review.on_last_part():
            break
        kiosk.tap("next")
    assert kiosk.step is Step.REVIEW
    for field in kiosk.site.site.case_type("merchant_appeal").form.fields:
        assert field.id in seen
        typed = answers[field.id]
        if field.type.value in ("phone", "digits", "date"):
            typed = str(typed).replace(" ", "")  # typed on the keypad
        assert shown[f"answer:{field.id}"] == review.describe(field, typed)
    assert shown["answer:has_documents"] == "是"
    assert review.edit_buttons["has_documents"].text() == "修改"
    kiosk.site.close()


def test_no_usable_camera_still_gives_a_ticket_for_a_manual_id_check(
    qtbot: QtBot, url: str
) -> None:
    kiosk = make_kiosk(qtbot, url, camera=True)

    def unplugged() -> Any:
        raise SourceError("camera 0 cannot be opened")

    assert kiosk.services.face_check is not None
    kiosk.services.face_check.open_camera = unplugged  # type: ignore[method-assign]
    kiosk.start("zh_CN")
    kiosk.choose("other")
    kiosk.fill_form()
    kiosk.to_last_part()  # assistance, in parts
    kiosk.tap("next")
    kiosk.wait_for(Step.CONSENT)
    kiosk.tap("consent:accept")
    kiosk.wait_for(Step.LIVENESS)
    page = kiosk.wizard.page
    guidance = page.check_screen.guidance  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: guidance.text() == tr("zh_CN", "liveness.camera_failed"))
    qtbot.waitUntil(lambda: kiosk.button("next").isVisible())  # never stuck here
    kiosk.tap("next")
    kiosk.wait_for(Step.REVIEW)
    kiosk.submit()
    ticket = kiosk.wizard.page
    assert isinstance(ticket, TicketPage)
    assert "manual_id_check" in ticket.submission.ticket.flags
    stored = case_file(kiosk.site.db, ticket.submission.ticket.id)
    assert stored.consent is not None
    assert stored.consent["granted"] is True
    assert stored.case is not None
    assert stored.case["liveness"] == {"passed": False, "reason": "camera_failed"}
    kiosk.site.close()


def test_enter_goes_to_the_next_question_then_to_the_next_page(qtbot: QtBot, url: str) -> None:
    kiosk = make_kiosk(qtbot, url)
    kiosk.start("en")
    kiosk.choose("other")  # page 1: subject, account_id (both typed)
    subject = kiosk.editor("subject")
    kiosk.answer(subject, "My account was frozen")
    QTest.keyClick(subject.input_widget, Qt.Key.Key_Return)
    account = kiosk.editor("account_id").input_widget
    qtbot.waitUntil(account.hasFocus, timeout=3000)
    assert kiosk.wizard.position == (Step.FORM, 0)
    QTest.keyClick(account, Qt.Key.Key_Return)  # the last question: as if Next were tapped
    qtbot.waitUntil(lambda: kiosk.wizard.position == (Step.FORM, 1), timeout=3000)
    assert kiosk.wizard.draft.answers["subject"] == "My account was frozen"
    kiosk.site.close()


def test_the_keyboards_hide_key_gives_its_room_back(qtbot: QtBot, url: str) -> None:
    kiosk = make_kiosk(qtbot, url)
    kiosk.start("en")
    kiosk.choose("other")
    field = kiosk.editor("subject").input_widget
    keyboard = kiosk.open_keyboard(field)
    QGuiApplication.inputMethod().show()
    qtbot.waitUntil(QGuiApplication.inputMethod().isVisible, timeout=3000)
    QGuiApplication.inputMethod().hide()  # what the keyboard's own hide key does
    qtbot.waitUntil(lambda: not kiosk.wizard.input.stack.isVisible(), timeout=3000)
    assert field.hasFocus()
    kiosk.tap_widget(field)  # a tap on the field brings the keyboard back
    qtbot.waitUntil(kiosk.wizard.input.stack.isVisible, timeout=3000)
    assert kiosk.wizard.input.stack.currentWidget() is keyboard
    kiosk.site.close()


def test_a_language_added_in_the_settings_gets_its_header_button(qtbot: QtBot, url: str) -> None:
    kiosk = make_kiosk(qtbot, url)
    old = kiosk.site.site
    document = site_to_document(old)
    document["languages"].append({"code": "fr", "native_name": "Français"})
    copy_texts_for_new_languages(old, document)
    kiosk.site.settings.save(parse_site(document, "test"), actor="admin elsewhere")
    kiosk.site.in_force.refresh()  # as the change feed does
    kiosk.wizard.settings_changed()  # between visitors, on the welcome screen
    assert list(kiosk.wizard.chrome.language_buttons) == ["zh_CN", "en", "fr"]
    kiosk.tap("language:fr")  # the welcome screen's tile
    kiosk.wait_for(Step.ACKNOWLEDGEMENT)
    assert kiosk.wizard.chrome.language_buttons["fr"].isChecked()
    kiosk.tap("header-language:en")
    assert kiosk.language == "en"
    kiosk.tap("header-language:fr")
    assert kiosk.language == "fr"
    kiosk.site.close()


def test_the_review_shows_what_was_typed_never_as_markup(qtbot: QtBot, url: str) -> None:
    kiosk = make_kiosk(qtbot, url)
    kiosk.start("en")
    kiosk.choose("other")
    kiosk.fill_form()
    fields = kiosk.site.site.case_type("other").form.fields
    typed = next(f for f in fields if f.type is FieldType.TEXT and f.pattern is None)
    kiosk.wizard.draft.answers[typed.id] = "<b>Chen</b> Li"
    kiosk.to_review(consent=False)
    review = kiosk.wizard.page
    assert isinstance(review, ReviewPage)
    shown = [label for label in review.findChildren(QLabel) if "<b>Chen</b>" in label.text()]
    assert shown
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in shown)
    kiosk.site.close()

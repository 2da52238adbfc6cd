"""The welcome, review and ticket pages are kept between visits and refilled: the next visitor
sees only their own answers and ticket, and nothing of a wiped visit stays in any widget."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from kiosk.domain.intake import Step
from kiosk.settings.translations import tr
from kiosk.ui.visitor.review_page import ReviewPage, mask_phone
from kiosk.ui.visitor.ticket_page import TicketPage
from tests.ui.visitor_driver import Kiosk, make_kiosk

FIRST = {"payer_phone": "138 0013 8000", "game_name": "Dragon Farm"}
SECOND = {"payer_phone": "139 2222 7777", "game_name": "Star Racer"}


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'site.sqlite3'}"


def texts_anywhere(kiosk: Kiosk) -> list[str]:
    """Every text a widget of the wizard holds, shown or not."""
    wizard = kiosk.wizard
    found = [label.text() for label in wizard.findChildren(QLabel)]
    found += [line.text() for line in wizard.findChildren(QLineEdit)]
    return found + [button.text() for button in wizard.findChildren(QPushButton)]


def visit_to_review(kiosk: Kiosk, answers: dict[str, str], language: str = "en") -> ReviewPage:
    kiosk.start(language)
    kiosk.choose("minor_spending_refund")
    kiosk.fill_form(answers)
    kiosk.to_review()
    review = kiosk.wizard.page
    assert isinstance(review, ReviewPage)
    return review


def shown_answer(review: ReviewPage, key: str) -> str:
    return next(
        a.text() for a in review.findChildren(QLabel) if a.accessibleName() == f"answer:{key}"
    )


def test_the_next_visitor_sees_only_their_own_review_and_ticket(qtbot: QtBot, url: str) -> None:
    kiosk = make_kiosk(qtbot, url)
    wizard = kiosk.wizard
    welcome = wizard.page
    first_review = visit_to_review(kiosk, FIRST)
    assert shown_answer(first_review, "game_name") == "Dragon Farm"
    kiosk.submit()
    first_ticket = wizard.page
    assert isinstance(first_ticket, TicketPage)
    first_code = first_ticket.submission.ticket.code
    assert first_ticket.number.text() == first_code
    # The first visitor asks for a call-back, chooses a time, and is done.
    kiosk.tap("callback:offer")
    window_id = next(iter(first_ticket.window_buttons))
    kiosk.tap(f"window:{window_id}")
    kiosk.tap("callback:request")
    qtbot.waitUntil(
        lambda: first_ticket.callback_message.text() == tr("en", "wizard.callback.done"),
        timeout=5000,
    )
    kiosk.tap("next")
    kiosk.wait_for(Step.WELCOME)
    assert wizard.page is welcome  # kept, not built again

    left = texts_anywhere(kiosk)
    assert not [t for t in left if "Dragon Farm" in t or first_code in t or "8000" in t]

    second_review = visit_to_review(kiosk, SECOND, language="zh_CN")
    assert second_review is first_review  # refilled
    assert shown_answer(second_review, "game_name") == "Star Racer"
    assert shown_answer(second_review, "payer_phone") == mask_phone(SECOND["payer_phone"])
    assert second_review.title.text() == tr("zh_CN", "wizard.review.title")
    assert second_review.part == 0
    kiosk.submit()
    second_ticket = wizard.page
    assert second_ticket is first_ticket  # refilled
    assert isinstance(second_ticket, TicketPage)
    second_code = second_ticket.submission.ticket.code
    assert second_code != first_code
    assert second_ticket.number.text() == second_code
    assert second_ticket.title.text() == tr("zh_CN", "wizard.ticket.take")
    # The call-back offer is folded again, with nothing of the first visitor's choice in it.
    assert second_ticket.callback_offer is not None
    assert second_ticket.callback_offer.isVisible()
    # … and every word on it in the second visitor's language
    offer = second_ticket.callback_offer.text()
    assert offer == tr("zh_CN", "wizard.callback.offer_button")
    assert second_ticket.callback_button.text() == tr("zh_CN", "wizard.callback.request")
    for window, button in second_ticket.window_buttons.items():
        assert button.text() == tr("zh_CN", f"wizard.callback.{window}")
    assert second_ticket.phone.placeholderText() == tr("zh_CN", "form.placeholder.phone")
    assert second_ticket.phone is not None
    assert not second_ticket.phone.isVisible()
    assert second_ticket.phone.isEnabled()
    assert second_ticket.phone.text() == mask_phone(SECOND["payer_phone"])
    assert not any(b.isChecked() for b in second_ticket.window_buttons.values())
    assert second_ticket.callback_message.text() == ""
    assert second_ticket.seconds_left == 30
    kiosk.site.close()


def test_a_language_switch_on_the_review_refills_it_in_place(qtbot: QtBot, url: str) -> None:
    kiosk = make_kiosk(qtbot, url)
    review = visit_to_review(kiosk, FIRST)
    english = shown_answer(review, "relationship")
    kiosk.tap("header-language:zh_CN")
    assert kiosk.wizard.page is review
    assert review.title.text() == tr("zh_CN", "wizard.review.title")
    assert shown_answer(review, "relationship") != english  # the choice's Chinese words
    assert shown_answer(review, "game_name") == "Dragon Farm"
    assert review.edit_buttons["game_name"].text() == tr("zh_CN", "wizard.review.edit")
    kiosk.site.close()


def test_a_wiped_review_leaves_nothing_behind(qtbot: QtBot, url: str) -> None:
    kiosk = make_kiosk(qtbot, url)
    first = visit_to_review(kiosk, FIRST)
    kiosk.tap("start_over")
    kiosk.wait_for(Step.WELCOME)
    assert not [t for t in texts_anywhere(kiosk) if "Dragon Farm" in t or "8000" in t]
    # The next visitor has other questions: their review is built for them.
    kiosk.start("en")
    kiosk.choose("other")
    kiosk.fill_form({"subject": "Lost phone"})
    kiosk.to_review()
    review = kiosk.wizard.page
    assert isinstance(review, ReviewPage)
    assert review is not first
    assert set(review.edit_buttons) >= {"subject", "contact_phone"}
    assert "game_name" not in review.edit_buttons
    assert shown_answer(review, "subject") == "Lost phone"
    kiosk.site.close()


def test_a_kiosk_without_printer_says_screen_only_in_every_language(qtbot: QtBot, url: str) -> None:
    kiosk = make_kiosk(qtbot, url)  # no printer: tickets on the screen only
    visit_to_review(kiosk, FIRST)
    kiosk.submit()
    page = kiosk.wizard.page
    assert isinstance(page, TicketPage)
    assert page.print_status.text() == tr("en", "wizard.ticket.on_screen")
    kiosk.tap("header-language:zh_CN")
    assert page.print_status.text() == tr("zh_CN", "wizard.ticket.on_screen")
    kiosk.site.close()

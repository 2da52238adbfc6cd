""" "I already have a ticket": the QR code read by the kiosk's camera (a photo of a printed
ticket stands in for it), or the ticket's number and the last 4 digits of the phone; the place
in the queue; one reprint at a kiosk; wrong numbers told apart from nothing."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.domain.intake import Step
from kiosk.services.face_check import CameraChoice
from kiosk.services.intake_service import IntakeService
from kiosk.services.site_context import SiteContext, open_site
from kiosk.services.ticket_printing import TicketPrinting
from kiosk.services.visitor_kiosk import compose_visitor_kiosk
from kiosk.settings.translations import tr
from kiosk.ui.visitor.intake_wizard import IntakeWizard
from kiosk.ui.visitor.lookup_panel import LookupPanel
from tests.intake_answers import complete_draft
from tests.pdf_tools import to_png


def a_visit(site: SiteContext) -> tuple[str, int]:
    """A ticket issued from a submitted form whose phone number ends in 8000."""
    draft = complete_draft(site.site, "wallet_reactivation", language="zh_CN")
    submission = IntakeService(site.queue, None, site.clock).submit(draft)
    return submission.ticket.code, submission.ticket.id


def wizard_with_camera(qtbot: QtBot, site: SiteContext, camera: str | None) -> IntakeWizard:
    choice = CameraChoice(camera, demo=True, realtime=False) if camera else None
    kiosk = compose_visitor_kiosk(site, camera=choice)
    kiosk.start_printing()
    wizard = IntakeWizard(kiosk)
    qtbot.addWidget(wizard, before_close_func=lambda w: (w.shutdown(), kiosk.close()))
    wizard.resize(1920, 1080)
    wizard.show()
    qtbot.waitExposed(wizard)
    qtbot.waitUntil(lambda: wizard.position[0] is Step.WELCOME)
    return wizard


def open_lookup(qtbot: QtBot, wizard: IntakeWizard, language: str) -> LookupPanel:
    tile = next(
        b for b in wizard.findChildren(type(wizard.chrome.next_button))
        if b.accessibleName() == f"lookup:{language}"
    )  # fmt: skip
    QTest.mouseClick(tile, Qt.MouseButton.LeftButton)
    panel = wizard.aids.lookup
    assert isinstance(panel, LookupPanel)
    assert wizard.pages.currentWidget() is panel
    return panel


def test_a_photo_of_the_printed_ticket_held_to_the_camera_finds_it_and_reprints_once(
    qtbot: QtBot, tmp_path: Path
) -> None:
    site = open_site(f"sqlite:///{tmp_path / 'site.sqlite3'}", demo=True)
    code, ticket_id = a_visit(site)
    receipt = tmp_path / "ticket.pdf"
    receipt.write_bytes(TicketPrinting(site.queue).render(ticket_id, "zh_CN").pdf)
    photo = to_png(receipt, tmp_path / "ticket_photo")
    wizard = wizard_with_camera(qtbot, site, str(photo))
    panel = open_lookup(qtbot, wizard, "zh_CN")
    assert panel.can_scan
    QTest.mouseClick(panel.scan_button, Qt.MouseButton.LeftButton)
    expected = tr("zh_CN", "lookup.next", code=code)
    qtbot.waitUntil(lambda: panel.answer.text() == expected, timeout=20_000)
    assert panel.reprint_button.isVisible()
    out = Path(os.environ.get("KIOSK_SCREENSHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    assert wizard.grab().save(str(out / "visitor_lookup_zh_CN.png"))
    QTest.mouseClick(panel.reprint_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.reprint_button.isVisible(), timeout=10_000)
    assert panel.answer.text() in (tr("zh_CN", "print.saved"), tr("zh_CN", "print.ok"))
    QTest.mouseClick(panel.scan_button, Qt.MouseButton.LeftButton)  # once more
    qtbot.waitUntil(lambda: panel.reprint_button.isVisible(), timeout=20_000)
    QTest.mouseClick(panel.reprint_button, Qt.MouseButton.LeftButton)
    refused = tr("zh_CN", "lookup.reprint_at_counter")
    qtbot.waitUntil(lambda: panel.answer.text() == refused, timeout=10_000)
    QTest.mouseClick(panel.done_button, Qt.MouseButton.LeftButton)
    assert wizard.aids.lookup is None
    assert wizard.pages.currentWidget() is wizard.page
    site.close()


def test_the_number_and_the_last_four_digits_find_a_ticket_and_wrong_ones_do_not(
    qtbot: QtBot, tmp_path: Path
) -> None:
    site = open_site(f"sqlite:///{tmp_path / 'site.sqlite3'}")
    code, _ = a_visit(site)
    wizard = wizard_with_camera(qtbot, site, None)  # no camera: typing only
    panel = open_lookup(qtbot, wizard, "en")
    assert not panel.can_scan
    assert not panel.scan_button.isVisibleTo(panel)
    QTest.mouseClick(panel.code, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(panel.code, code)
    QTest.mouseClick(panel.last4, Qt.MouseButton.LeftButton)
    keypad = wizard.input.keypad
    qtbot.waitUntil(lambda: keypad.target is panel.last4, timeout=3000)
    for digit in "1234":  # wrong digits: the same words as a wrong number
        QTest.mouseClick(keypad.key_button(digit), Qt.MouseButton.LeftButton)
    QTest.mouseClick(panel.find_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.answer.text() == tr("en", "lookup.no_match"), timeout=5000)
    assert not panel.reprint_button.isVisible()
    QTest.mouseClick(panel.last4, Qt.MouseButton.LeftButton)  # back to the digits
    qtbot.waitUntil(lambda: keypad.target is panel.last4, timeout=3000)
    assert keypad.key_button("clear").text() == tr("en", "keypad.clear")
    QTest.mouseClick(keypad.key_button("clear"), Qt.MouseButton.LeftButton)
    assert panel.last4.text() == ""
    for digit in "8000":
        QTest.mouseClick(keypad.key_button(digit), Qt.MouseButton.LeftButton)
    QTest.mouseClick(panel.find_button, Qt.MouseButton.LeftButton)
    expected = tr("en", "lookup.next", code=code)
    qtbot.waitUntil(lambda: panel.answer.text() == expected, timeout=5000)
    assert panel.reprint_button.isVisible()
    site.close()


def test_guessing_numbers_pauses_the_look_up(qtbot: QtBot, tmp_path: Path) -> None:
    site = open_site(f"sqlite:///{tmp_path / 'site.sqlite3'}")
    code, _ = a_visit(site)
    wizard = wizard_with_camera(qtbot, site, None)
    panel = open_lookup(qtbot, wizard, "en")
    panel.code.setText(code)
    for guess in ("0001", "0002", "0003", "0004", "0005"):
        panel.last4.setText(guess)
        QTest.mouseClick(panel.find_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.find_button.isEnabled(), timeout=5000)
    panel.last4.setText("8000")  # the right digits, but too late for now
    QTest.mouseClick(panel.find_button, Qt.MouseButton.LeftButton)
    assert panel.answer.text() == tr("en", "lookup.paused")
    site.close()

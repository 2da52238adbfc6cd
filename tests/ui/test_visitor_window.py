"""The visitor kiosk's window: new site settings arrive between visitors, never mid-visit."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.domain.forms import FieldType
from kiosk.domain.intake import Step
from kiosk.services.site_context import SiteContext, open_site
from kiosk.services.visitor_kiosk import compose_visitor_kiosk
from kiosk.settings.models import FormField
from kiosk.ui.visitor.form_page import FormPage
from kiosk.ui.visitor.visitor_window import VisitorWindow
from tests.gui_thread_guard import settle


def visitor_window(site: SiteContext) -> VisitorWindow:
    """A kiosk without a camera (no face-check step), as ``kiosk visitor`` composes one."""
    return VisitorWindow(compose_visitor_kiosk(site, camera=None))


def test_a_field_added_on_another_machine_appears_for_the_next_visitor(
    qtbot: QtBot, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    kiosk_site = open_site(url)
    window = visitor_window(kiosk_site)
    qtbot.addWidget(window, before_close_func=lambda w: w.close())
    window.resize(1920, 1080)
    window.show()
    wizard = window.wizard
    qtbot.waitUntil(lambda: wizard.position[0] is Step.WELCOME)
    wizard.go_to(Step.ACKNOWLEDGEMENT)  # a visitor has started

    admin_site = open_site(url)  # "another machine": its own connection to the database
    site = admin_site.site
    case = site.case_type("other")
    new_field = FormField.model_validate(
        {
            "id": "visit_count",
            "type": FieldType.DIGITS,
            "label": {"zh_CN": "第几次来访", "en": "Visit number"},
        }
    )
    form = case.form.model_copy(update={"fields": [new_field, *case.form.fields]})
    cases = [c.model_copy(update={"form": form}) if c.id == "other" else c for c in site.case_types]
    version = admin_site.settings.save(
        site.model_copy(update={"case_types": cases}), actor="admin", comment="visit number"
    )
    qtbot.wait(500)  # the feed has seen it by now …
    assert kiosk_site.settings_version == version  # in force on this machine …
    assert wizard.settings_version != version  # … but the visitor keeps their form
    wizard.wipe(abandoned=True)  # the next visitor
    assert wizard.settings_version == version
    wizard.draft.choose_case_type("other")
    wizard.go_to(Step.FORM, 0)
    page = wizard.page
    assert isinstance(page, FormPage)
    assert page.editors[0].field.id == "visit_count"
    window.close()
    admin_site.close()
    kiosk_site.close()


def test_five_taps_in_the_corner_open_the_admin_sign_in(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from kiosk.ui.admin.admin_window import AdminWindow
    from kiosk.ui.visitor.admin_host import AdminHost

    site = open_site(f"sqlite:///{tmp_path / 'site.sqlite3'}")
    window = visitor_window(site)
    qtbot.addWidget(window, before_close_func=lambda w: w.close())
    window.resize(1920, 1080)
    window.show()
    qtbot.waitExposed(window)
    wizard = window.wizard
    corner = wizard.chrome.progress
    elsewhere = wizard.pages
    for _ in range(5):  # taps elsewhere do nothing
        QTest.mouseClick(elsewhere, Qt.MouseButton.LeftButton, pos=QPoint(600, 400))
    for _ in range(4):
        QTest.mouseClick(corner, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    assert window.admin is None
    with qtbot.waitSignal(wizard.admin_requested, timeout=1000):
        QTest.mouseClick(corner, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    assert isinstance(window.admin, AdminHost)
    admin = window.admin.admin
    assert isinstance(admin, AdminWindow)
    assert window.admin.isVisible()
    assert admin.currentWidget() is admin.sign_in
    window.close()
    site.close()


def test_the_administrator_types_on_the_kiosks_own_keyboard(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QLineEdit

    from kiosk.ui.admin.admin_screen import AdminScreen
    from kiosk.ui.visitor.admin_host import AdminHost

    site = open_site(f"sqlite:///{tmp_path / 'site.sqlite3'}")
    site.staff.add("李娜", "864209", role="admin")
    window = visitor_window(site)
    qtbot.addWidget(window, before_close_func=lambda w: w.close())
    window.resize(1920, 1080)
    window.show()
    qtbot.waitExposed(window)
    wizard = window.wizard
    keys = wizard.input
    qtbot.waitUntil(lambda: keys.keyboard is not None and keys.keyboard.ready, timeout=10_000)
    keyboard = keys.keyboard
    assert keyboard is not None
    for _ in range(5):
        QTest.mouseClick(wizard.chrome.progress, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    host = window.admin
    assert isinstance(host, AdminHost)
    assert host.keyboard is keyboard  # lent by the wizard
    assert keys.on_screen_keyboard() is None
    qtbot.waitExposed(host)
    sign_in = host.admin.sign_in  # type: ignore[attr-defined]

    def type_into(field: QLineEdit) -> None:
        host.activateWindow()
        QTest.mouseClick(field, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(field.hasFocus, timeout=3000)
        qtbot.waitUntil(keyboard.isVisible, timeout=3000)
        qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is not None, timeout=3000)
        qtbot.waitUntil(keyboard.can_type, timeout=5000)

    type_into(sign_in.name)  # the site's language is Chinese: Pinyin, then the candidate
    keyboard.tap_keys("lina")
    qtbot.waitUntil(lambda: "李娜" in keyboard.candidates(), timeout=5000)
    keyboard.pick_candidate(keyboard.candidates().index("李娜"))
    qtbot.waitUntil(lambda: sign_in.name.text() == "李娜", timeout=3000)
    type_into(sign_in.secret)
    keyboard.tap_keys("864209")
    qtbot.waitUntil(lambda: sign_in.secret.text() == "864209", timeout=3000)
    QTest.mouseClick(sign_in.button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert isinstance(host.admin.admin, AdminScreen)  # type: ignore[attr-defined]
    host.close()
    assert keys.on_screen_keyboard() is keyboard  # given back to the visitors
    assert keys.stack.indexOf(keyboard) >= 0
    window.close()
    site.close()

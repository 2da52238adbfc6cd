"""A test administrator: signs in and works the admin screen through its widgets."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from kiosk.services.site_context import SiteContext
from kiosk.ui.admin.admin_screen import AdminScreen
from kiosk.ui.admin.admin_window import AdminWindow
from kiosk.ui.admin.list_editor import ListEditor
from kiosk.ui.admin.section_page import SectionPage
from kiosk.ui.admin.setting_editor import SettingEditor
from kiosk.ui.admin.settings_form import SettingsForm
from tests.gui_thread_guard import settle

WINDOWS: list[AdminWindow] = []  # the tests' windows stay alive until the test ends


def sign_in(qtbot: QtBot, window: AdminWindow, name: str, pin: str) -> None:
    qtbot.keyClicks(window.sign_in.name, name)
    qtbot.keyClicks(window.sign_in.secret, pin)
    qtbot.mouseClick(window.sign_in.button, Qt.MouseButton.LeftButton)
    settle(qtbot)


def admin_window(qtbot: QtBot, site: SiteContext, language: str = "en") -> AdminScreen:
    """An AdminWindow with the administrator "Li Na" (PIN 864209) signed in."""
    window = AdminWindow(site, language)
    WINDOWS.append(window)
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    sign_in(qtbot, window, "Li Na", "864209")
    assert isinstance(window.admin, AdminScreen)
    settle(qtbot)  # the pages' first reads
    return window.admin


def open_page(admin: AdminScreen, section: str) -> SectionPage:
    page = admin.section_pages[section]
    admin.show_page(admin.section_title(section))
    assert admin.pages.currentWidget() is page
    return page


def click(qtbot: QtBot, button: QPushButton) -> None:
    """Tap a button and wait for what it started in the background."""
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(qtbot)


def pick(qtbot: QtBot, items: ListEditor, key: str) -> SettingsForm:
    """Tap the item whose id (or value, or code) is ``key``; its generated form."""
    keys = [d.get("id") or d.get("value") or d.get("code") for d in items.document()]
    row = keys.index(key)
    rect = items.list.visualItemRect(items.list.item(row))
    qtbot.mouseClick(items.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert items.current_row() == row
    form = items.editor_at(row)
    assert isinstance(form, SettingsForm)
    return form


def retype(qtbot: QtBot, line: QLineEdit, text: str) -> None:
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Backspace)
    if text.isascii():
        qtbot.keyClicks(line, text)
    else:  # Chinese arrives through an input method, not as key presses
        line.insert(text)
    assert line.text() == text


def line(editor: SettingEditor) -> QLineEdit:
    assert isinstance(editor.editor, QLineEdit)
    return editor.editor


def text_lines(editor: SettingEditor) -> dict[str, QLineEdit]:
    """The one-line-per-language editors of a visitor-facing text, by language code."""
    lines = editor.editor.findChildren(QLineEdit)
    return dict(zip(editor.context.languages, lines, strict=True))


def choose(editor: SettingEditor, value: Any) -> None:
    if isinstance(editor.editor, QComboBox):
        index = editor.editor.findData(value)
        assert index >= 0, value
        editor.editor.setCurrentIndex(index)
        return
    buttons = editor.editor.findChildren(QPushButton)
    label = editor.context.value_label(value)
    next(b for b in buttons if b.text() == label).click()
    assert editor.value() == value


def save(qtbot: QtBot, page: SectionPage) -> str:
    click(qtbot, page.save_button)
    return page.message.text()


def select_version(versions: Any, version_id: int) -> None:
    """Select a settings version in the versions page's table."""
    table = versions.table
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == str(version_id))
    table.selectRow(row)

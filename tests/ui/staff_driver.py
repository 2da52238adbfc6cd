"""A test clerk: signs in at a counter through the sign-in screen's widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.ui.staff.staff_window import StaffWindow
from tests.gui_thread_guard import settle


def sign_in(qtbot: QtBot, window: StaffWindow, name: str, pin: str, counter: str = "c2") -> None:
    screen = window.sign_in
    screen.name.setText("")
    qtbot.keyClicks(screen.name, name)
    qtbot.keyClicks(screen.secret, pin)
    screen.counter.setCurrentIndex(screen.counter.findData(counter))
    qtbot.mouseClick(screen.button, Qt.MouseButton.LeftButton)
    settle(qtbot)

"""The admin sign-in and screen opened on the kiosk itself, with the kiosk's letter keyboard.

The kiosk's touchscreen has no keys, so the administrator types the name, the PIN and any
setting on the same on-screen keyboard as visitors. Qt's virtual keyboard works in one place at
a time: the wizard lends its keyboard while this window is open and gets it back when it closes.

Signals:
    closed(): the window was closed (give the keyboard back).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from kiosk.ui.visitor.keyboards import OnScreenKeyboard

KEYBOARD_HEIGHT = 440  # the candidate bar and the keys, as on the visitor pages


def takes_text(widget: QWidget | None) -> bool:
    return isinstance(widget, QLineEdit | QPlainTextEdit | QAbstractSpinBox) and bool(
        widget.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    )


class AdminHost(QWidget):
    closed = Signal()

    def __init__(self, admin: QWidget, keyboard: OnScreenKeyboard | None, language: str) -> None:
        super().__init__()
        self.admin = admin
        self.keyboard = keyboard
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(admin, 1)
        # Fingers, not a mouse: every field and button at least a fingertip high.
        self.setStyleSheet(
            "QLineEdit, QPushButton, QComboBox, QAbstractSpinBox, QTimeEdit, QDateEdit"
            " { min-height: 52px; } QListWidget::item { min-height: 44px; }"
        )
        app = QApplication.instance()
        self._app = app if isinstance(app, QApplication) else None
        if keyboard is not None:
            keyboard.set_language(language)
            keyboard.setFixedHeight(KEYBOARD_HEIGHT)
            layout.addWidget(keyboard)
            keyboard.hide()
            if self._app is not None:
                self._app.focusChanged.connect(self._on_app_focus_changed)
            QGuiApplication.inputMethod().visibleChanged.connect(
                self._on_input_method_visible_changed
            )

    def _typing_here(self) -> bool:
        focused = QApplication.focusWidget()
        return focused is not None and self.isAncestorOf(focused) and takes_text(focused)

    def _on_app_focus_changed(self, _old: Any, new: QWidget | None) -> None:
        keyboard = self.keyboard
        if keyboard is None or new is None or not self.isAncestorOf(new):
            return
        if takes_text(new) and not keyboard.isVisible():
            keyboard.show()
            # The keyboard's surface appearing re-creates the window's input focus: hand the
            # field to the keyboard once more, or the first keys would go nowhere.
            QTimer.singleShot(0, lambda w=new: self._refocus(w))
        elif not takes_text(new):
            keyboard.hide()

    def _refocus(self, widget: QWidget) -> None:
        if isValid(widget) and widget.hasFocus():
            widget.clearFocus()
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_input_method_visible_changed(self) -> None:
        """The keyboard's hide key, and a tap on the field to bring it back."""
        if self.keyboard is not None:
            visible = QGuiApplication.inputMethod().isVisible()
            self.keyboard.setVisible(visible and self._typing_here())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.keyboard is not None:
            if self._app is not None:
                self._app.focusChanged.disconnect(self._on_app_focus_changed)
            QGuiApplication.inputMethod().visibleChanged.disconnect(
                self._on_input_method_visible_changed
            )
            self.keyboard.setMinimumHeight(300)  # as the keyboard sets itself; the wizard sizes it
            self.keyboard.setMaximumHeight(16777215)
            self.keyboard.setParent(None)  # not shown, so not a window of its own
            self.keyboard = None
        self.admin.close()
        self.closed.emit()
        super().closeEvent(event)

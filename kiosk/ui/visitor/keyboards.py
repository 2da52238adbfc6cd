"""On-screen input for a kiosk without a keyboard.

``OnScreenKeyboard`` embeds Qt Virtual Keyboard (with Pinyin for Chinese) in the kiosk window;
``NumericKeypad`` is a large keypad for digits, phone numbers and dates, typing into whichever
line edit it is attached to.

Signals (NumericKeypad):
    typed(): a key changed the attached field.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from PySide6.QtCore import (
    Q_ARG,
    Q_RETURN_ARG,
    QMetaObject,
    QObject,
    QPoint,
    QRect,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtQml import QQmlComponent
from PySide6.QtQuickWidgets import QQuickWidget
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QWidget

from kiosk.resources import resource_path

log = logging.getLogger(__name__)

#: the functions of input_panel.qml that answer something
RETURNING = ("candidates", "hasInputMethod", "keyRect", "candidateRect", "barRect")

#: The kiosk's languages as the keyboard knows them.
KEYBOARD_LOCALES = {"zh_CN": "zh_CN", "en": "en_US"}


def prepare_environment() -> None:
    """Before the QApplication exists: route text input through the embedded keyboard."""
    os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
    # The keyboard lives inside our window; no floating keyboard window of its own.
    os.environ.setdefault("QT_VIRTUALKEYBOARD_DESKTOP_DISABLE", "1")
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        os.environ.setdefault("QT_QUICK_BACKEND", "software")


class OnScreenKeyboard(QQuickWidget):
    """Signals: loaded(bool): the keyboard finished loading (False: it could not load)."""

    loaded = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyboard")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setResizeMode(QQuickWidget.ResizeMode.SizeRootObjectToView)
        self.setClearColor(QColor("#d9e1ea"))  # the panel's own background: no black band
        self.setMinimumHeight(300)
        self.ready = False
        self._locale = "en_US"
        self._scale = 1.0
        self._hint = ""
        # Compiled asynchronously: the GUI thread never waits for Qt Quick's loader thread
        # (which would freeze the screen for a moment, or forever if that thread needs Python).
        self._url = QUrl.fromLocalFile(str(resource_path("qml", "input_panel.qml")))
        self._component = QQmlComponent(
            self.engine(), self._url, QQmlComponent.CompilationMode.Asynchronous
        )
        if self._component.isLoading():
            self._component.statusChanged.connect(self._on_component_status_changed)
        else:
            self._on_component_status_changed(self._component.status())

    def _on_component_status_changed(self, status: QQmlComponent.Status) -> None:
        if status is QQmlComponent.Status.Loading:
            return
        if status is not QQmlComponent.Status.Ready:
            problems = "; ".join(e.toString() for e in self._component.errors())
            log.error("the on-screen keyboard could not load: %s", problems)
            self.loaded.emit(False)
            return
        root: QObject | None = self._component.create()
        if root is None:
            log.error("the on-screen keyboard could not be created")
            self.loaded.emit(False)
            return
        self.setContent(self._url, self._component, root)
        self.ready = True
        root.setProperty("locale", self._locale)
        self._apply_look()
        self.loaded.emit(True)

    def set_language(self, language: str, hint: str = "") -> None:
        """The visitor's language; ``hint`` is shown in the empty candidate bar."""
        self._locale = KEYBOARD_LOCALES.get(language, "en_US")
        self._hint = hint
        root = self.rootObject()
        if root is not None:
            root.setProperty("locale", self._locale)
            root.setProperty("emptyHint", hint)

    def set_text_scale(self, scale: float) -> None:
        """Large text: the candidates and the bar grow with it."""
        self._scale = scale
        self._apply_look()

    def _apply_look(self) -> None:
        root: QObject | None = self.rootObject()
        if root is not None:
            root.setProperty("textScale", self._scale)
            root.setProperty("emptyHint", self._hint)

    def _call(self, name: str, *args: Any) -> Any:
        root = self.rootObject()
        params = [Q_ARG("QVariant", a) for a in args]
        if name in RETURNING:
            value = QMetaObject.invokeMethod(root, name, Q_RETURN_ARG("QVariant"), *params)
            return value.toVariant() if hasattr(value, "toVariant") else value
        QMetaObject.invokeMethod(root, name, *params)
        return None

    def _rect(self, name: str, *args: Any) -> QRect | None:
        found = self._call(name, *args) or []
        if len(found) != 4:
            return None
        x, y, width, height = (round(float(v)) for v in found)
        return QRect(x, y, width, height)

    def key_rect(self, letter: str) -> QRect | None:
        """Where the key of ``letter`` is on this widget (None when no such key shows)."""
        return self._rect("keyRect", letter)

    def key_point(self, letter: str) -> QPoint | None:
        rect = self.key_rect(letter)
        return rect.center() if rect is not None else None

    def candidate_rect(self, index: int) -> QRect | None:
        return self._rect("candidateRect", index)

    def candidate_bar(self) -> QRect | None:
        return self._rect("barRect")

    def tap_keys(self, text: str) -> None:
        """Tap letter keys in order (for Pinyin: the syllables)."""
        self._call("tapKeys", text)

    def can_type(self) -> bool:
        """Loaded, with a layout for the current language: key taps will arrive."""
        return self.ready and bool(self._call("hasInputMethod"))

    def candidates(self) -> list[str]:
        return [str(c) for c in (self._call("candidates") or [])]

    def pick_candidate(self, index: int) -> None:
        self._call("pickCandidate", index)


class NumericKeypad(QWidget):
    """Digits in a phone's order, a tall backspace and a tall, labelled Clear key on the right;
    the extra key ("-" for dates, "+" for phone numbers) only where it means something (else
    0 is twice as wide): no key without a label."""

    typed = Signal()

    KEY_WIDTH = 180
    KEY_HEIGHT = 84
    SPACING = 10

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keypad")
        self._target: QLineEdit | None = None
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 8, 0, 8)
        self.grid.setSpacing(self.SPACING)
        self.keys: dict[str, QPushButton] = {}
        for index, key in enumerate("123456789"):
            self.grid.addWidget(self._key(key), index // 3, index % 3)
        self.extra = self._key("-", "extra")
        self.zero = self._key("0")
        self.backspace = self._key("⌫", "backspace")
        self.clear_key = self._key("C", "clear")
        self.grid.addWidget(self.backspace, 0, 3, 2, 1)
        self.grid.addWidget(self.clear_key, 2, 3, 2, 1)
        self._place_bottom_row(with_extra=True)
        self.scale(1.0)

    def _key(self, text: str, name: str | None = None) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName("key")
        button.setAccessibleName(name or text)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps the focus
        if name == "backspace":
            button.clicked.connect(self._backspace)
        elif name == "clear":
            button.clicked.connect(self._clear)
        elif name == "extra":
            button.clicked.connect(lambda: self._insert(self.extra.text()))
        else:
            button.clicked.connect(lambda _checked=False, t=text: self._insert(t))
        self.keys[name or text] = button
        return button

    def _place_bottom_row(self, *, with_extra: bool) -> None:
        self.grid.removeWidget(self.extra)
        self.grid.removeWidget(self.zero)
        if with_extra:
            self.grid.addWidget(self.extra, 3, 0)
            self.grid.addWidget(self.zero, 3, 1)
        else:
            self.grid.addWidget(self.zero, 3, 0, 1, 2)
        self.extra.setVisible(with_extra)

    def scale(self, factor: float) -> None:
        """Key sizes for normal or large text."""
        width, height = round(self.KEY_WIDTH * factor), round(self.KEY_HEIGHT * factor)
        for button in self.keys.values():
            button.setMinimumSize(width, height)
            button.setMaximumHeight(16777215)
        tall = 2 * height + self.SPACING
        self.backspace.setFixedHeight(tall)
        self.clear_key.setFixedHeight(tall)
        self.zero.setMaximumWidth(16777215)

    def attach(self, target: QLineEdit | None, extra_key: str = "-", clear: str = "") -> None:
        """Type into ``target``; ``extra_key`` is "-" for dates, "+" for phone numbers, "" for
        none; ``clear`` labels the Clear key in the visitor's language."""
        self._target = target
        self.extra.setText(extra_key.strip())
        self._place_bottom_row(with_extra=bool(extra_key.strip()))
        if clear:
            self.clear_key.setText(clear)

    @property
    def target(self) -> QLineEdit | None:
        return self._target

    def key_button(self, name: str) -> QPushButton:
        for button in self.findChildren(QPushButton):
            if button.accessibleName() == name or (button.text() == name and name.strip()):
                return button
        raise KeyError(name)

    def _insert(self, text: str) -> None:
        if self._target is not None:
            self._target.insert(text)
            self.typed.emit()

    def _backspace(self) -> None:
        if self._target is not None:
            self._target.backspace()
            self.typed.emit()

    def _clear(self) -> None:
        if self._target is not None:
            self._target.clear()
            self.typed.emit()

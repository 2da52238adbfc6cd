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

from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, QMetaObject, QObject, Qt, QUrl, Signal
from PySide6.QtQml import QQmlComponent
from PySide6.QtQuickWidgets import QQuickWidget
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QWidget

from kiosk.resources import resource_path

log = logging.getLogger(__name__)

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
        self.setClearColor(Qt.GlobalColor.black)
        self.setMinimumHeight(300)
        self.ready = False
        self._locale = "en_US"
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
        self.loaded.emit(True)

    def set_language(self, language: str) -> None:
        self._locale = KEYBOARD_LOCALES.get(language, "en_US")
        root = self.rootObject()
        if root is not None:
            root.setProperty("locale", self._locale)

    def _call(self, name: str, *args: Any) -> Any:
        root = self.rootObject()
        params = [Q_ARG("QVariant", a) for a in args]
        if name in ("candidates", "hasInputMethod"):
            value = QMetaObject.invokeMethod(root, name, Q_RETURN_ARG("QVariant"))
            return value.toVariant() if hasattr(value, "toVariant") else value
        QMetaObject.invokeMethod(root, name, *params)
        return None

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
    typed = Signal()

    KEY_WIDTH = 180
    KEY_HEIGHT = 78

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keypad")
        self._target: QLineEdit | None = None
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 8, 0, 8)
        grid.setSpacing(10)
        for index, key in enumerate("123456789"):
            grid.addWidget(self._key(key), index // 3, index % 3)
        self.extra = self._key("-", "extra")
        grid.addWidget(self.extra, 3, 0)
        grid.addWidget(self._key("0"), 3, 1)
        grid.addWidget(self._key("⌫", "backspace"), 3, 2)
        clear = self._key("C", "clear")
        clear.setFixedHeight(2 * self.KEY_HEIGHT + 10)
        grid.addWidget(clear, 0, 3, 2, 1)

    def _key(self, text: str, name: str | None = None) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName("key")
        button.setAccessibleName(name or text)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps the focus
        button.setFixedSize(self.KEY_WIDTH, self.KEY_HEIGHT)
        if name == "backspace":
            button.clicked.connect(self._backspace)
        elif name == "clear":
            button.clicked.connect(self._clear)
        elif name == "extra":
            button.clicked.connect(lambda: self._insert(self.extra.text()))
        else:
            button.clicked.connect(lambda _checked=False, t=text: self._insert(t))
        return button

    def attach(self, target: QLineEdit | None, extra_key: str = "-") -> None:
        """Type into ``target``; ``extra_key`` is "-" for dates, "+" for phone numbers."""
        self._target = target
        self.extra.setText(extra_key)
        self.extra.setEnabled(bool(extra_key.strip()))

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

"""The room under the visitor's page where the on-screen keyboard or the keypad appears.

A field that takes digits (``keypad`` property) gets the large keypad; any other text field the
letter keyboard (Qt Virtual Keyboard, with Pinyin for Chinese), loaded the first time it is
needed, or early on the welcome screen. A tap elsewhere puts them away. Qt's virtual keyboard
can work in one place at a time: the admin window borrows it and gives it back.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QStackedWidget,
    QWidget,
)
from shiboken6 import isValid

from kiosk.domain.intake import IntakeDraft
from kiosk.settings.translations import tr
from kiosk.ui.visitor.keyboards import NumericKeypad, OnScreenKeyboard
from kiosk.ui.visitor.theme import LARGE_TEXT_SCALE
from kiosk.ui.visitor.wizard_page import WizardPage

#: the letter keyboard's room: its candidate bar (84 px, more with large text) and the keys
KEYBOARD_HEIGHT = {False: 440, True: 430}  # landscape, portrait
CANDIDATE_BAR = 84
#: the Back / Next row a floating keypad must not cover
FOOTER_ROOM = 150


class KeyboardHost(QObject):
    def __init__(
        self,
        owner: QWidget,
        *,
        portrait: bool,
        draft: Callable[[], IntakeDraft],
        page: Callable[[], WizardPage | None],
    ) -> None:
        super().__init__(owner)
        self.owner = owner
        self.portrait = portrait
        self._draft = draft
        self._page = page
        self.keyboard: OnScreenKeyboard | None = None
        self.keypad = NumericKeypad()
        self.keypad.setMaximumWidth(760)
        keypad_row = QWidget()
        row = QHBoxLayout(keypad_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch()
        row.addWidget(self.keypad)
        row.addStretch()
        #: nothing, the letter keyboard or the keypad; the owner puts it in its layout
        self.stack = QStackedWidget()
        self.stack.addWidget(QWidget())
        self.stack.addWidget(keypad_row)
        self.stack.hide()
        self._keypad_row = keypad_row
        self._lent = False
        self._shut_down = False
        self._preload_pending = False
        self.typing_in: QWidget | None = None
        app = QApplication.instance()
        self._app = app if isinstance(app, QApplication) else None
        if self._app is not None:
            self._app.focusChanged.connect(self._on_app_focus_changed)
            self._app.focusWindowChanged.connect(self._on_app_focus_window_changed)
            QGuiApplication.inputMethod().visibleChanged.connect(
                self._on_input_method_visible_changed
            )

    def _language(self) -> str:
        return self._draft().language

    def text_scale(self) -> float:
        return LARGE_TEXT_SCALE if self._draft().large_text else 1.0

    def letter_keyboard_height(self) -> int:
        """The keys keep their size with large text; the candidate bar grows."""
        grown = round(CANDIDATE_BAR * (self.text_scale() - 1))
        return KEYBOARD_HEIGHT[self.portrait] + grown

    # -- the letter keyboard -----------------------------------------------------------------
    def on_screen_keyboard(self) -> OnScreenKeyboard | None:
        """The letter keyboard, loaded the first time it is needed (None until it is ready)."""
        if self._lent:
            return None
        if self.keyboard is None:
            self.keyboard = OnScreenKeyboard()
            self._set_keyboard_language(self.keyboard, self._language())
            self.keyboard.loaded.connect(self._on_keyboard_loaded)
            self.stack.insertWidget(1, self.keyboard)
        return self.keyboard if self.keyboard.ready else None

    def set_language(self, language: str) -> None:
        if self.keyboard is not None:
            self._set_keyboard_language(self.keyboard, language)

    @staticmethod
    def _set_keyboard_language(keyboard: OnScreenKeyboard, language: str) -> None:
        keyboard.set_language(language, tr(language, "keyboard.candidates_hint"))

    def lend(self) -> OnScreenKeyboard | None:
        """The loaded letter keyboard, for another window of this kiosk (the admin sign-in)."""
        keyboard = self.keyboard
        if keyboard is None or not keyboard.ready or self._lent:
            return None
        self.stack.hide()
        self.stack.removeWidget(keyboard)
        self._lent = True
        return keyboard

    def take_back(self) -> None:
        keyboard = self.keyboard
        if not self._lent or keyboard is None:
            return
        self._lent = False
        self._set_keyboard_language(keyboard, self._language())
        self.stack.insertWidget(1, keyboard)

    def _on_keyboard_loaded(self, ok: bool) -> None:
        if not ok:
            return
        focus = QApplication.focusWidget()
        if focus is not None and self.owner.isAncestorOf(focus):
            # The keyboard learns of a field only when it gains focus: focus it once more.
            focus.clearFocus()
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self._preload_pending:
            self.preload()

    def preload(self) -> None:
        """Load the keyboard early and show it once, hidden again at once.

        The first time its Qt Quick surface becomes visible the window is re-created (and loses
        the input focus); better now, on the welcome screen, than under the visitor's fingers.
        """
        if self._shut_down:
            return
        keyboard = self.on_screen_keyboard()
        self._preload_pending = keyboard is None  # again once it has loaded
        if keyboard is None or not self.owner.isVisible() or self.stack.isVisible():
            return
        self.stack.setCurrentWidget(keyboard)
        self.stack.setFixedHeight(1)
        self.stack.show()
        QTimer.singleShot(50, self._after_preload)

    def _after_preload(self) -> None:
        if self._shut_down:
            return
        focus = QApplication.focusWidget()
        if self.keypad.target is None and not isinstance(focus, QLineEdit):
            self.stack.hide()
        self.owner.window().activateWindow()

    # -- following the focus -------------------------------------------------------------------
    def _on_app_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self._shut_down or new is None or not self.owner.isAncestorOf(new):
            return
        # Not inside the focus signal: loading the keyboard there can stall Qt Quick.
        QTimer.singleShot(0, lambda w=new: self._show_input_for(w))

    def _show_input_for(self, new: QWidget) -> None:
        if self._shut_down or not isValid(new) or not new.hasFocus():
            return
        self.typing_in = new if isinstance(new, QLineEdit | QPlainTextEdit) else None
        if isinstance(new, QLineEdit) and new.property("keypad") is not None:
            language = self._language()
            self.keypad.attach(new, str(new.property("keypad")), tr(language, "keypad.clear"))
            self.keypad.scale(self.text_scale())
            if self.portrait:  # tall screen: the keypad opens just under its field
                self.stack.hide()
                self._float_keypad()
                self._place_floating_keypad(new)  # there at once (then again once scrolled)
            else:
                self._dock_keypad()
                self.stack.setCurrentWidget(self._keypad_row)
                self.stack.setFixedHeight(self.keypad.sizeHint().height() + 8)
                self.stack.show()
        elif isinstance(new, QLineEdit | QPlainTextEdit):
            keyboard = self.on_screen_keyboard()
            self._dock_keypad()
            if keyboard is None:
                self.stack.hide()
                return
            self.keypad.attach(None)
            keyboard.set_text_scale(self.text_scale())
            self.stack.setCurrentWidget(keyboard)
            self.stack.setFixedHeight(self.letter_keyboard_height())
            self.stack.show()
        elif not self.stack.isAncestorOf(new) and not self._keypad_row.isAncestorOf(new):
            self.keypad.attach(None)
            self._dock_keypad()
            self.stack.hide()
        # after the keyboard has taken its room, scroll the question into view above it
        QTimer.singleShot(80, lambda w=new: self._keep_visible(w))

    # -- the keypad beside its field (portrait) -------------------------------------------------
    def _float_keypad(self) -> None:
        row = self._keypad_row
        if row.parent() is not self.owner:
            self.stack.removeWidget(row)
            row.setParent(self.owner)
        row.resize(self.owner.width(), row.sizeHint().height())
        row.show()
        row.raise_()

    def _dock_keypad(self) -> None:
        row = self._keypad_row
        if row.parent() is self.owner:
            row.hide()
            self.stack.addWidget(row)

    def _place_floating_keypad(self, field: QWidget) -> None:
        """Right under the question's field, or above it when there is no room below."""
        row = self._keypad_row
        height = row.sizeHint().height()
        below = field.mapTo(self.owner, QPoint(0, field.height())).y() + 16
        above = field.mapTo(self.owner, QPoint(0, 0)).y() - 16 - height
        limit = self.owner.height() - height - FOOTER_ROOM
        y = below if below <= limit else max(0, above)
        row.setGeometry(0, y, self.owner.width(), height)
        row.raise_()

    def _on_input_method_visible_changed(self) -> None:
        """The keyboard's own hide key (and a tap on the field to bring it back): the room
        kept for the letter keyboard follows it, instead of staying as an empty black band."""
        keyboard = self.keyboard
        if self._shut_down or keyboard is None or self.stack.currentWidget() is not keyboard:
            return
        field = self.typing_in
        if not QGuiApplication.inputMethod().isVisible():
            self.stack.hide()
        elif field is not None and isValid(field) and field.hasFocus():
            self.stack.show()

    def _on_app_focus_window_changed(self, window: object) -> None:
        if window is None and self.owner.isVisible() and not self._shut_down:
            # The first time the keyboard's Qt Quick surface appears, the window is re-created
            # and loses the input focus: give it back to the field being typed in.
            QTimer.singleShot(0, self._refocus)

    def _refocus(self) -> None:
        if self._shut_down or QGuiApplication.focusWindow() is not None:
            return
        widget = self.typing_in
        self.owner.window().activateWindow()
        if widget is not None and isValid(widget) and self.owner.isAncestorOf(widget):
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _keep_visible(self, widget: QWidget) -> None:
        """The whole question (its label, the field and its message) in view, not just the
        field, in whatever scrolls around it (a page, the ticket look-up); the title stays
        above the scrolling part."""
        if not (isValid(widget) and self.owner.isAncestorOf(widget)):
            return
        question = widget
        scroller: QScrollArea | None = None
        parent = widget.parentWidget()
        while parent is not None and parent is not self.owner:
            if parent.objectName() == "question" and question is widget:
                question = parent
            if isinstance(parent, QScrollArea):
                scroller = parent
                break
            parent = parent.parentWidget()
        if scroller is not None:
            scroller.ensureWidgetVisible(question, 40, 40)
        row = self._keypad_row
        if row.parent() is self.owner and row.isVisible() and self.keypad.target is widget:
            self._place_floating_keypad(widget)

    # -- lifetime ----------------------------------------------------------------------------
    def reset(self) -> None:
        """Nothing typed any more (the visit was wiped)."""
        self.typing_in = None
        QGuiApplication.inputMethod().reset()
        self.keypad.attach(None)
        self._dock_keypad()
        self.stack.hide()

    def shutdown(self) -> None:
        if self._shut_down:
            return
        self._shut_down = True
        if self._app is not None:
            self._app.focusChanged.disconnect(self._on_app_focus_changed)
            self._app.focusWindowChanged.disconnect(self._on_app_focus_window_changed)
            QGuiApplication.inputMethod().visibleChanged.disconnect(
                self._on_input_method_visible_changed
            )

"""Whether anyone is still using the kiosk: every touch, key or typed character inside the
watched area restarts a timer; when it runs out, ``idle`` is emitted, and ``ask`` puts the
"Are you still there?" countdown over the area.

Presses are also handed to ``on_press`` (the hidden corner gesture counts them).

Signals:
    idle(): nothing happened in the area for the time given to ``arm``.
    expired(): nobody answered the countdown.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QInputEvent, QInputMethodEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.ui.visitor.idle_overlay import IdleOverlay

_INPUT = (QInputEvent, QInputMethodEvent)  # every kind in _ACTIVITY is one of these
_ACTIVITY = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
    QEvent.Type.InputMethod,
}


class IdleWatch(QObject):
    idle = Signal()
    expired = Signal()

    def __init__(
        self,
        area: QWidget,
        on_activity: Callable[[], None],
        on_press: Callable[[QMouseEvent], None],
    ) -> None:
        super().__init__(area)
        self.area = area
        self._on_activity = on_activity
        self._on_press = on_press
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.overlay = IdleOverlay(area)
        self.overlay.still_here.connect(on_activity)
        self.overlay.expired.connect(self.expired)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def arm(self, milliseconds: int) -> None:
        self.timer.start(milliseconds)

    def disarm(self) -> None:
        self.timer.stop()

    def ask(self, language: str, seconds: int) -> None:
        """The countdown over the area: a tap continues, nothing wipes the visit."""
        self.overlay.start(language, seconds)

    @property
    def asking(self) -> bool:
        return self.overlay.running

    def stop(self) -> None:
        self.timer.stop()
        self.overlay.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        # Every event of the application passes here (a page being built makes a thousand):
        # a class test lets most go at once; asking a PySide event its type costs far more.
        if isinstance(event, _INPUT):
            kind = event.type()
            if kind in _ACTIVITY and (
                isinstance(watched, QWidget)
                and (watched is self.area or self.area.isAncestorOf(watched))
            ):
                self._on_activity()
                if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
                    self._on_press(event)
        elif (
            watched is self.area and self.overlay.isVisible() and event.type() == QEvent.Type.Resize
        ):
            self.overlay.place()
        return False

    def shutdown(self) -> None:
        self.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

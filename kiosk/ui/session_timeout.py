"""A session that ends by itself: no touch, click or key inside ``area`` for a while, and
``expired`` is emitted (a counter's console locks, the admin screen on a kiosk goes back to
the visitors). The time allowed is read from the settings each time the clock restarts, so a
change saved on another machine applies from the next touch.

Signals:
    expired(): the area was idle for the time allowed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

#: what counts as use: a finger or a mouse button going down, a key, the wheel
ACTIVITY = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
    }
)


class SessionTimeout(QObject):
    expired = Signal()

    def __init__(self, area: QWidget, allowed_ms: Callable[[], int]) -> None:
        super().__init__(area)
        self.area = area
        self.allowed_ms = allowed_ms
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._on_timer_timeout)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.restart()

    def restart(self) -> None:
        self.timer.start(max(1000, int(self.allowed_ms())))

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if (
            event.type() in ACTIVITY
            and self.timer.isActive()
            and isinstance(watched, QWidget)
            and (watched is self.area or self.area.isAncestorOf(watched))
        ):
            self.restart()
        return False

    def _on_timer_timeout(self) -> None:
        self.stop()
        self.expired.emit()

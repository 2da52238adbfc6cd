"""The hidden way to the administrator's sign-in on a kiosk without keys: five taps in the
top-left corner within three seconds (staff know it; visitors do not find it by chance). It
works only when ``enabled`` says so (the wizard: on the welcome screen, never during a visit)
and not while paused (after failed admin sign-ins, see VisitorWindow).

Signals:
    triggered(): the taps were counted in time.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

#: this many taps, in this corner, within this time
CORNER_TAPS = 5
CORNER_PX = 120
CORNER_WINDOW_S = 3.0


class CornerGesture(QObject):
    triggered = Signal()

    def __init__(self, area: QWidget, enabled: Callable[[], bool] = lambda: True) -> None:
        super().__init__(area)
        self.area = area
        self.enabled = enabled
        self._taps: list[float] = []
        self._last_press: tuple[int, int, int] | None = None
        self._paused_until = 0.0

    def pause(self, seconds: float) -> None:
        self._paused_until = time.monotonic() + seconds
        self._taps.clear()

    @property
    def paused(self) -> bool:
        return time.monotonic() < self._paused_until

    def press(self, event: QMouseEvent) -> None:
        """A press anywhere in the area (the same press may arrive once per widget level)."""
        point = event.globalPosition().toPoint()
        key = (event.timestamp(), point.x(), point.y())
        if key == self._last_press:
            return
        self._last_press = key
        local = self.area.mapFromGlobal(point)
        if not (0 <= local.x() < CORNER_PX and 0 <= local.y() < CORNER_PX):
            return
        if not self.enabled() or self.paused:
            self._taps.clear()
            return
        now = time.monotonic()
        self._taps = [t for t in self._taps if now - t < CORNER_WINDOW_S]
        self._taps.append(now)
        if len(self._taps) >= CORNER_TAPS:
            self._taps.clear()
            log.info("admin sign-in requested on the kiosk")
            self.triggered.emit()

"""Python's cycle collector, run on the GUI thread only.

Left to itself, the collector runs in whichever thread happens to allocate at the wrong
moment: a printing job or the camera loop could then destroy Qt objects (a replaced page, a
signal's lambda) from a worker thread, which crashes Qt. Automatic collection is switched
off and the same generational thresholds are checked from a timer on the GUI thread.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

_INSTALLED: list[GuiThreadCollector] = []
#: every this many timer ticks (250 ms each), the youngest generation is collected anyway
SWEEP_TICKS = 8


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject, interval_ms: int = 250) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self._ticks = 0
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()

    def _on_timer_timeout(self) -> None:
        self._ticks += 1
        young, middle, old = gc.get_count()
        if young > self.thresholds[0]:
            generation = 0
            if middle > self.thresholds[1]:
                generation = 2 if old > self.thresholds[2] else 1
            gc.collect(generation)
        elif young > 0 and self._ticks % SWEEP_TICKS == 0:
            # The young count is allocations minus frees, so other threads freeing objects
            # can keep it under the threshold while cycles wait: sweep them every few seconds.
            gc.collect(0)


def collect_on_gui_thread() -> None:
    """Install the collector once per application (call on the GUI thread)."""
    app = QCoreApplication.instance()
    if app is None or _INSTALLED:
        return
    _INSTALLED.append(GuiThreadCollector(app))

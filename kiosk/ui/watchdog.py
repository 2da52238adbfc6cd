"""The GUI's heartbeat to systemd: READY=1 once the event loop runs, then WATCHDOG=1 from a
timer on the GUI thread. A frozen GUI thread stops the pings, and systemd restarts the app
(``WatchdogSec=`` in the unit); a crash is a restart anyway (``Restart=always``)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from kiosk.services.service_manager import notify, watchdog_interval_ms


class GuiWatchdog(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.timeout.connect(lambda: notify("WATCHDOG=1"))

    def start(self, status: str = "") -> None:
        """Call once the first window is shown: READY=1 goes out when the loop first runs."""

        def ready() -> None:
            notify("READY=1" + (f"\nSTATUS={status}" if status else ""))
            interval = watchdog_interval_ms()
            if interval is not None:
                notify("WATCHDOG=1")
                self.timer.start(interval)

        QTimer.singleShot(0, ready)

    def stop(self) -> None:
        self.timer.stop()
        notify("STOPPING=1")

"""On every console: the kiosks and reception desks that cannot serve visitors right now (out
of paper, a printer that stopped, a camera gone, or offline), read every 30 s off the GUI
thread. One line each; gone by itself when the machine is fine again."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.services.devices import BEAT_EVERY, Device, Devices
from kiosk.services.site_context import SiteContext
from kiosk.settings.translations import tr
from kiosk.ui.jobs import JobRunner


class DeviceWarnings(QWidget):
    def __init__(self, site: SiteContext, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deviceWarnings")
        self.language = language
        self.devices = Devices(site.db, site.clock)
        self.jobs = JobRunner(self, "device-warnings")
        self.text = QLabel()
        self.text.setObjectName("deviceWarningText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        self.setStyleSheet(
            "#deviceWarningText { background: #fde2e1; color: #5c1111; font-size: 22px;"
            " font-weight: bold; padding: 8px; border-radius: 8px; }"
        )
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.timer.start(int(BEAT_EVERY.total_seconds() * 1000))
        self.hide()
        self.refresh()

    def refresh(self) -> None:
        if not self.jobs.pending:
            self.jobs.run(self.devices.in_trouble, self.show_devices, lambda _e: None)

    def show_devices(self, devices: list[Device]) -> None:
        lines = [
            "⚠ "
            + tr(
                self.language,
                "staff.device.line",
                name=device.name,
                problem=" · ".join(self._problem(p) for p in device.trouble),
            )
            for device in devices
        ]
        self.text.setText("\n".join(lines))
        self.setVisible(bool(lines))

    def _problem(self, problem: str) -> str:
        key = f"admin.devices.trouble.{problem}"
        text = tr(self.language, key)
        return problem if text == key else text

    def shutdown(self) -> None:
        self.timer.stop()
        self.jobs.shutdown()

"""The machines of the site on the admin screen: each kiosk, counter, display and reception
desk with its version, when it last reported, its camera and printer, and whether anything is
wrong (offline after 2 minutes without a heartbeat). Read when shown, and every 30 s while
it is. "Check this machine" runs the checks of ``kiosk doctor`` here and lists them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.services.devices import BEAT_EVERY, Device
from kiosk.ui.admin.admin_jobs import AdminJobs
from kiosk.ui.widgets.labels import named_label

COLUMNS = ("name", "role", "version", "last_seen", "camera", "printer", "state")


class DevicesPage(QWidget):
    def __init__(
        self,
        jobs: AdminJobs,
        t: Callable[..., str],
        timezone: Callable[[], str],
        now: Callable[[], datetime],
    ) -> None:
        super().__init__()
        self.jobs = jobs
        self.t = t
        self.timezone = timezone
        self.now = now
        self.devices: list[Device] = []
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("devices")
        self.table.setHorizontalHeaderLabels([t(f"admin.devices.{c}") for c in COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.refresh_button = QPushButton(t("admin.devices.refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        self.message = named_label("message")
        self.check_button = QPushButton(t("admin.devices.check"))
        self.check_button.setObjectName("checkMachine")
        self.check_button.clicked.connect(self.check_machine)
        self.findings = named_label("doctor")
        self.findings.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(named_label("pageTitle", t("admin.page.devices")))
        about = named_label("fieldHelp", t("admin.explain.devices"))
        about.setWordWrap(True)
        layout.addWidget(about)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.check_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.findings)
        self.timer = QTimer(self)
        self.timer.timeout.connect(lambda: self.refresh() if self.isVisible() else None)
        self.timer.start(int(BEAT_EVERY.total_seconds() * 1000))

    def refresh(self) -> None:
        self.jobs.devices(self._show, lambda lines: self.message.setText("\n".join(lines)))

    def check_machine(self) -> None:
        """``kiosk doctor`` for this machine, off the GUI thread; its lines shown below."""
        self.check_button.setEnabled(False)
        self.findings.setText(self.t("admin.devices.checking"))

        def shown(lines: list[str]) -> None:
            self.check_button.setEnabled(True)
            self.findings.setText("\n".join(lines))

        self.jobs.check_machine(shown, shown)

    def _show(self, devices: list[Device]) -> None:
        self.message.setText("" if devices else self.t("admin.devices.none"))
        self.devices = devices
        zone = ZoneInfo(self.timezone())
        now = self.now()
        self.table.setRowCount(len(devices))
        for row, device in enumerate(devices):
            ago = int((now - device.last_seen).total_seconds() // 60)
            seen = f"{device.last_seen.astimezone(zone):%m-%d %H:%M:%S}"
            if ago >= 1:
                seen += "  " + self.t("admin.devices.ago", minutes=ago)
            values = [
                device.name,
                self._word("role", device.role),
                device.version,
                seen,
                self._word("camera", device.camera),
                self._word("printer", device.printer),
                self.state_text(device),
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if device.trouble:
                    item.setBackground(QColor("#fde2e1"))
                self.table.setItem(row, column, item)

    def _word(self, kind: str, value: str | None) -> str:
        if value is None:
            return "—"
        key = f"admin.devices.{kind}.{value}"
        text = self.t(key)
        return value if text == key else text

    def state_text(self, device: Device) -> str:
        if not device.trouble:
            return self.t("admin.devices.ok")
        return " · ".join(self._word("trouble", problem) for problem in device.trouble)

    def shutdown(self) -> None:
        self.timer.stop()

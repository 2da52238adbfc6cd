"""This machine's heartbeat: every 30 s, from a worker thread, its role, version, camera and
printer go to the devices table. A database that is away only delays the next one (logged
once until it is back)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from kiosk.services.devices import BEAT_EVERY, Devices
from kiosk.services.machine import machine_name
from kiosk.services.site_context import SiteContext
from kiosk.ui.jobs import JobRunner

log = logging.getLogger(__name__)

DeviceState = Callable[[], tuple[str | None, str | None]]


class Heartbeat(QObject):
    def __init__(
        self,
        site: SiteContext,
        role: str,
        state: DeviceState | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.devices = Devices(site.db, site.clock)
        self.role = role
        self.state = state or (lambda: (None, None))
        self.runner = JobRunner(self, "heartbeat")
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.beat)
        self.failing = False

    def start(self) -> None:
        self.beat()
        self.timer.start(int(BEAT_EVERY.total_seconds() * 1000))

    def beat(self) -> None:
        if self.runner.pending:
            return  # the last one is still on its way
        devices, role, state, name = self.devices, self.role, self.state, machine_name()

        def send() -> None:
            camera, printer = state()
            devices.beat(name, role, camera=camera, printer=printer)

        self.runner.run(send, self._sent, self._failed)

    def _sent(self, _result: object) -> None:
        if self.failing:
            log.info("heartbeat: reporting again")
        self.failing = False

    def _failed(self, error: BaseException) -> None:
        if not self.failing:
            log.warning("heartbeat not sent: %s", error)
        self.failing = True

    def stop(self) -> None:
        self.timer.stop()
        self.runner.shutdown()

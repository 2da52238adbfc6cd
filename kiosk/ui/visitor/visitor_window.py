"""The visitor kiosk's window: the intake wizard, the site's live changes, the admin corner.

The admin screen opened on the kiosk goes back to the visitors after the settings' idle time
(security.kiosk_admin_idle_seconds). After too many refused admin sign-ins in a row
(kiosk_admin_failures) the corner gesture is off for kiosk_admin_pause_minutes, audited.

The ticket renderer and the face model are loaded in the background after the welcome screen
is up, not before. Settings saved on any machine of the site reach the wizard through the
change feed and take effect at its next welcome screen.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.services.live_updates import RESYNC, ChangeEvent
from kiosk.services.machine import machine_name
from kiosk.services.visitor_kiosk import VisitorKiosk
from kiosk.ui.jobs import JobRunner
from kiosk.ui.live_feed import LiveFeed
from kiosk.ui.session_timeout import SessionTimeout
from kiosk.ui.visitor.intake_wizard import IntakeWizard

log = logging.getLogger(__name__)


class VisitorWindow(QWidget):
    def __init__(
        self,
        kiosk: VisitorKiosk,
        *,
        portrait: bool = False,
        idle_ms: int | None = None,
    ) -> None:
        super().__init__()
        self.kiosk = kiosk
        self.site = kiosk.site
        self.wizard = IntakeWizard(kiosk, portrait=portrait, idle_ms=idle_ms)
        self.wizard.admin_requested.connect(self._on_wizard_admin_requested)
        self.admin: QWidget | None = None
        self.admin_session: SessionTimeout | None = None
        self.admin_failures = 0
        self.jobs = JobRunner(self, "visitor-window")
        self._warm_up: threading.Thread | None = None
        self.feed = LiveFeed(self.site, self)
        self.feed.changed.connect(self._on_feed_changed)
        self.feed.start()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.wizard)
        # After the first frame is on screen: printing and the face model.
        QTimer.singleShot(200, self._after_start)

    def _after_start(self) -> None:
        def warm_up() -> None:
            self.kiosk.start_printing()
            if self.kiosk.face_check is not None:
                self.kiosk.face_check.warm_up()

        self._warm_up = threading.Thread(target=warm_up, name="warm-up", daemon=True)
        self._warm_up.start()

    def _on_feed_changed(self, events: list[ChangeEvent]) -> None:
        self.wizard.aids.on_changes(events)  # a clerk is coming to this kiosk's visitor
        if any(e.entity == "settings" or e.action == RESYNC for e in events):
            self.wizard.settings_changed()  # read in force by the feed; shown between visits

    def _on_wizard_admin_requested(self) -> None:
        """The admin sign-in, over the kiosk; closing it returns to the visitor screen."""
        from kiosk.ui.admin.admin_window import AdminWindow
        from kiosk.ui.visitor.admin_host import AdminHost

        if self.admin is None or not self.admin.isVisible():
            language = self.site.site.default_language
            admin = AdminWindow(self.site, language, where="kiosk " + machine_name())
            admin.refused.connect(self._on_admin_refused)
            admin.opened.connect(self._on_admin_opened)
            self.admin = AdminHost(admin, self.wizard.input.lend(), language)
            self.admin.closed.connect(self._on_admin_closed)
            self.admin.setWindowTitle("Site settings")
            self.admin.resize(self.size())
            self.admin.show()
            self.admin_session = SessionTimeout(
                self.admin, lambda: self.site.site.security.kiosk_admin_idle_seconds * 1000
            )
            self.admin_session.expired.connect(self._on_admin_session_expired)
        self.admin.raise_()
        self.admin.activateWindow()

    def _on_admin_session_expired(self) -> None:
        log.info("the admin screen on this kiosk was left idle: back to the visitors")
        if self.admin is not None:
            self.admin.close()

    def _on_admin_opened(self) -> None:
        self.admin_failures = 0

    def _on_admin_refused(self) -> None:
        self.admin_failures += 1
        rules = self.site.site.security
        if self.admin_failures < rules.kiosk_admin_failures:
            return
        failures, minutes = self.admin_failures, rules.kiosk_admin_pause_minutes
        self.admin_failures = 0
        self.wizard.gesture.pause(minutes * 60)
        log.warning("admin sign-in on this kiosk paused for %s minutes", minutes)
        staff, kiosk = self.site.staff, machine_name()
        self.jobs.run(
            lambda: staff.record_kiosk_admin_paused(kiosk, failures, minutes),
            lambda _done: None,
            lambda error: log.warning("the pause was not audited: %s", type(error).__name__),
        )
        if self.admin is not None:
            self.admin.close()

    def _on_admin_closed(self) -> None:
        if self.admin_session is not None:
            self.admin_session.stop()
            self.admin_session = None
        self.wizard.input.take_back()
        self.wizard.input.set_language(self.wizard.draft.language)

    def closeEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        if self.admin is not None:
            self.admin.close()
        self.feed.stop()
        self.jobs.shutdown()
        self.wizard.shutdown()
        if self._warm_up is not None:
            self._warm_up.join()
        self.kiosk.close()
        super().closeEvent(event)

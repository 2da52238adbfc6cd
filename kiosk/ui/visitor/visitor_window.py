"""The visitor kiosk's window: the intake wizard, the site's live changes, the admin corner.

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
from kiosk.services.visitor_kiosk import VisitorKiosk
from kiosk.ui.live_feed import LiveFeed
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
        if any(e.entity == "settings" or e.action == RESYNC for e in events):
            self.wizard.settings_changed()  # read in force by the feed; shown between visits

    def _on_wizard_admin_requested(self) -> None:
        """The admin sign-in, over the kiosk; closing it returns to the visitor screen."""
        from kiosk.ui.admin.admin_window import AdminWindow
        from kiosk.ui.visitor.admin_host import AdminHost

        if self.admin is None or not self.admin.isVisible():
            language = self.site.site.default_language
            admin = AdminWindow(self.site, language)
            self.admin = AdminHost(admin, self.wizard.input.lend(), language)
            self.admin.closed.connect(self._on_admin_closed)
            self.admin.setWindowTitle("Site settings")
            self.admin.resize(self.size())
            self.admin.show()
        self.admin.raise_()
        self.admin.activateWindow()

    def _on_admin_closed(self) -> None:
        self.wizard.input.take_back()
        self.wizard.input.set_language(self.wizard.draft.language)

    def closeEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        if self.admin is not None:
            self.admin.close()
        self.feed.stop()
        self.wizard.shutdown()
        if self._warm_up is not None:
            self._warm_up.join()
        self.kiosk.close()
        super().closeEvent(event)

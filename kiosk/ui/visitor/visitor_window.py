"""The visitor kiosk's window: the intake wizard wired to the site's services and camera.

The camera is the configured device when it exists; on a machine without one the bundled
sample clip stands in and the liveness step runs in demo mode (it says so on screen). The
face-check code (OpenCV, MediaPipe) is loaded in the background after the welcome screen is
up, not before.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.domain.intake import Step
from kiosk.resources import sample_clip
from kiosk.services.intake_service import IntakeService
from kiosk.services.live_updates import RESYNC, ChangeEvent
from kiosk.services.site_context import SiteContext
from kiosk.ui.live_feed import LiveFeed
from kiosk.ui.visitor.intake_wizard import IntakeWizard, VisitorServices

log = logging.getLogger(__name__)


def camera_spec(site: SiteContext, camera: str | None) -> tuple[str, bool]:
    """What to open as the camera, and whether that is the demo clip."""
    if camera:
        return camera, not camera.startswith("camera:")
    index = site.site.liveness.camera_index
    if Path(f"/dev/video{index}").exists():
        return f"camera:{index}", False
    return str(sample_clip()), True


class LivenessParts:
    """The liveness service and the frame sources, created on first use (in any thread)."""

    def __init__(self, site: SiteContext, spec: str, demo: bool) -> None:
        self.site = site
        self.spec = spec
        self.demo = demo
        self._service: Any = None
        self._landmarks: Any = None
        self._closed = False
        self._lock = threading.Lock()

    def service(self) -> Any:
        with self._lock:
            if self._service is None:
                from kiosk.services.liveness_service import LivenessService

                self._service = LivenessService(self.site.db, self.site.site)
            return self._service

    def landmarks(self) -> Any:
        """One face landmarker for every visit: loading it per visit took a second at the
        step and, freed and loaded again, kept raising the kiosk's memory."""
        with self._lock:
            if self._closed:
                raise RuntimeError("the kiosk is closing")
            if self._landmarks is None:
                from kiosk.vision.landmarks import FaceLandmarks

                self._landmarks = FaceLandmarks()
            return self._landmarks

    def close(self) -> None:
        """Free the face model (after the camera has stopped)."""
        with self._lock:
            self._closed = True
            if self._landmarks is not None:
                self._landmarks.close()
                self._landmarks = None

    def warm_up(self) -> None:
        """Import the vision code and load the face model once, off the GUI thread."""
        try:
            self.service()
            self.landmarks()
        except Exception as exc:  # reported again, in the visitor's language, at the step
            log.warning("face check not ready: %s", exc)

    def open_camera(self) -> Any:
        from kiosk.vision.sources import open_source

        return open_source(self.spec, loop=self.demo, realtime=True)

    def new_check(self, consent_given: bool) -> Any:
        return self.service().new_check(
            consent_given=consent_given, demo=self.demo, landmarks=self.landmarks()
        )

    # the intake service's LivenessStore
    def save(self, outcome: Any, *, actor: str = "kiosk") -> int:
        return int(self.service().save(outcome, actor=actor))

    def discard(self, check_id: int) -> None:
        self.service().discard(check_id)


class VisitorWindow(QWidget):
    def __init__(
        self,
        site: SiteContext,
        *,
        camera: str | None = None,
        portrait: bool = False,
        printing: bool = True,
        idle_ms: int | None = None,
    ) -> None:
        super().__init__()
        self.site = site
        spec, demo = camera_spec(site, camera)
        self.liveness = LivenessParts(site, spec, demo)
        intake = IntakeService(site.queue, self.liveness)
        self.services = VisitorServices(
            intake=intake,
            settings_version=site.settings_version,
            printing=None,
            open_camera=self.liveness.open_camera,
            new_check=self.liveness.new_check,
            demo=demo,
        )
        self.wizard = IntakeWizard(site.site, self.services, portrait=portrait, idle_ms=idle_ms)
        self.wizard.step_changed.connect(self._on_wizard_step_changed)
        self.wizard.admin_requested.connect(self._on_wizard_admin_requested)
        self.admin: QWidget | None = None
        self._settings_changed = False
        # Settings saved on any machine of the site reach this kiosk between two visitors.
        self.feed = LiveFeed(site, self)
        self.feed.changed.connect(self._on_feed_changed)
        self.feed.start()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.wizard)
        self._want_printing = printing
        # After the first frame is on screen: printing and the face model.
        QTimer.singleShot(200, self._after_start)

    def _after_start(self) -> None:
        if self._want_printing and self.services.printing is None:
            try:
                from kiosk.services.ticket_printing import TicketPrinting

                self.services.printing = TicketPrinting(self.site.queue)
            except ValueError as exc:
                log.error("printer settings incomplete, tickets shown on screen only: %s", exc)
        threading.Thread(target=self.liveness.warm_up, name="face-model", daemon=True).start()

    def _on_feed_changed(self, events: list[ChangeEvent]) -> None:
        if any(e.entity == "settings" or e.action == RESYNC for e in events):
            self._settings_changed = True
            self._apply_settings_between_visitors()

    def _on_wizard_step_changed(self, step: str) -> None:
        if step == Step.WELCOME.value:
            self._apply_settings_between_visitors()

    def _apply_settings_between_visitors(self) -> None:
        """Never change the form under a visitor's fingers: only on the welcome screen."""
        if not self._settings_changed or self.wizard.position[0] is not Step.WELCOME:
            return
        self._settings_changed = False
        try:
            changed = self.site.reload_settings()
        except Exception as exc:  # the database is away: keep the settings in force
            log.warning("new settings not loaded: %s", exc)
            self._settings_changed = True
            return
        if changed:
            log.info("settings version %s in force", self.site.settings_version)
            self.services.settings_version = self.site.settings_version
            self.wizard.use_site(self.site.site)

    def _on_wizard_admin_requested(self) -> None:
        """The admin sign-in, over the kiosk; closing it returns to the visitor screen."""
        from kiosk.ui.app import AdminWindow
        from kiosk.ui.visitor.admin_host import AdminHost

        if self.admin is None or not self.admin.isVisible():
            language = self.site.site.default_language
            admin = AdminWindow(self.site, language)
            self.admin = AdminHost(admin, self.wizard.lend_keyboard(), language)
            self.admin.closed.connect(self.wizard.take_back_keyboard)
            self.admin.setWindowTitle("Site settings")
            self.admin.resize(self.size())
            self.admin.show()
        self.admin.raise_()
        self.admin.activateWindow()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        if self.admin is not None:
            self.admin.close()
        self.feed.stop()
        self.wizard.shutdown()
        self.liveness.close()
        super().closeEvent(event)

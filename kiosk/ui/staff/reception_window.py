"""The reception desk's window: the staff sign-in (no counter), then the reception screen.
Like a console, it locks after the settings' idle time: the form is wiped and the member of
staff signs in again."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtWidgets import QStackedWidget

from kiosk.services.face_check import CameraChoice, FaceCheckParts
from kiosk.services.site_context import SiteContext
from kiosk.services.staff_accounts import StaffMember
from kiosk.settings.translations import tr
from kiosk.ui.session_timeout import SessionTimeout
from kiosk.ui.staff.reception_screen import ReceptionScreen
from kiosk.ui.staff.sign_in_screen import SignInScreen

log = logging.getLogger(__name__)


class ReceptionWindow(QStackedWidget):
    def __init__(
        self, site: SiteContext, language: str, camera: CameraChoice | None = None
    ) -> None:
        """``camera``: the desk's camera for the face check (None or no source: no check)."""
        super().__init__()
        self.site = site
        self.language = language
        self.face_check = (
            FaceCheckParts(site.db, site.in_force, camera, demo_site=site.demo_site)
            if camera is not None and camera.source is not None
            else None
        )
        self.sign_in = SignInScreen(site, language, with_counter=False, where="reception")
        self.sign_in.signed_in.connect(self._on_sign_in_signed_in)
        self.addWidget(self.sign_in)
        self.reception: ReceptionScreen | None = None
        self.session: SessionTimeout | None = None

    def _on_sign_in_signed_in(self, member: StaffMember, _counter: str) -> None:
        screen = ReceptionScreen(self.site, member, self.language, self.face_check)
        self.reception = screen
        self.addWidget(screen)
        self.setCurrentWidget(screen)
        self.session = SessionTimeout(
            screen, lambda: self.site.site.security.console_idle_minutes * 60_000
        )
        self.session.expired.connect(self.lock)

    def lock(self) -> None:
        """Back to the sign-in; the half-filled form of a visitor goes with the screen."""
        screen = self.reception
        if screen is None:
            return
        if self.session is not None:
            self.session.stop()
            self.session = None
        screen.shutdown()
        self.removeWidget(screen)
        screen.deleteLater()
        self.reception = None
        minutes = self.site.site.security.console_idle_minutes
        log.info("reception locked after %s idle minutes", minutes)
        self.sign_in.name.setText(screen.member.name)
        self.sign_in.secret.clear()
        self.sign_in.error.setText(tr(self.language, "staff.locked", minutes=minutes))
        self.setCurrentWidget(self.sign_in)

    def shutdown(self) -> None:
        if self.session is not None:
            self.session.stop()
        self.sign_in.shutdown()
        if self.reception is not None:
            self.reception.shutdown()
        if self.face_check is not None:
            self.face_check.close()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        self.shutdown()
        super().closeEvent(event)

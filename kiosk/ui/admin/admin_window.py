"""The administrator's window: sign-in (administrators only), then the admin screen.

Signals:
    refused(): a sign-in was refused (a wrong name or PIN, or not an administrator).
    opened(): an administrator signed in.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget

from kiosk.services.site_context import SiteContext
from kiosk.services.staff_accounts import StaffMember
from kiosk.settings.translations import tr
from kiosk.ui.admin.admin_screen import AdminScreen
from kiosk.ui.live_feed import LiveFeed
from kiosk.ui.staff.sign_in_screen import SignInScreen

log = logging.getLogger(__name__)


class AdminWindow(QStackedWidget):
    refused = Signal()
    opened = Signal()

    def __init__(self, site: SiteContext, language: str, *, where: str = "") -> None:
        super().__init__()
        self.site = site
        self.language = language
        self.sign_in = SignInScreen(site, language, with_counter=False, where=where)
        self.sign_in.signed_in.connect(self._on_sign_in_signed_in)
        self.sign_in.refused.connect(self.refused)
        self.addWidget(self.sign_in)
        self.admin: AdminScreen | None = None
        self.feed: LiveFeed | None = None

    def _on_sign_in_signed_in(self, member: StaffMember, _counter_id: str) -> None:
        if not member.is_admin:
            self.sign_in.error.setText(tr(self.language, "admin.not_admin"))
            log.warning("a non-administrator tried to open the admin screen")
            self.refused.emit()
            return
        self.admin = admin = AdminScreen(self.site, member, self.language)
        self.addWidget(admin)
        self.setCurrentWidget(admin)
        # Versions saved on other machines: the screen offers to reload its pages.
        self.feed = LiveFeed(self.site, self)
        self.feed.changed.connect(admin.on_feed_changed)
        self.feed.start()
        self.opened.emit()

    def shutdown(self) -> None:
        if self.feed is not None:
            self.feed.stop()
        self.sign_in.shutdown()
        if self.admin is not None:
            self.admin.shutdown()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        self.shutdown()
        super().closeEvent(event)

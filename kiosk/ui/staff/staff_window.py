"""A counter's window: the staff sign-in, then that counter's console."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtWidgets import QStackedWidget

from kiosk.services.live_updates import RESYNC, ChangeEvent
from kiosk.services.site_context import SiteContext
from kiosk.services.staff_accounts import StaffMember
from kiosk.ui.failures import failure_text
from kiosk.ui.live_feed import LiveFeed
from kiosk.ui.staff.console_screen import ConsoleScreen
from kiosk.ui.staff.sign_in_screen import SignInScreen

log = logging.getLogger(__name__)


class StaffWindow(QStackedWidget):
    def __init__(self, site: SiteContext, language: str) -> None:
        super().__init__()
        self.site = site
        self.language = language
        self.sign_in = SignInScreen(site, language)
        self.sign_in.signed_in.connect(self._on_sign_in_signed_in)
        self.addWidget(self.sign_in)
        self.console: ConsoleScreen | None = None
        self.feed = LiveFeed(site, self)
        self.feed.changed.connect(self._on_feed_changed)
        self.feed.start()

    def _on_feed_changed(self, events: list[ChangeEvent]) -> None:
        if any(e.entity == "settings" or e.action == RESYNC for e in events):
            self.sign_in.show_counters()

    def _on_sign_in_signed_in(self, member: StaffMember, counter_id: str) -> None:
        printing: Any
        try:
            from kiosk.services.ticket_printing import TicketPrinting

            printing = TicketPrinting(self.site.queue)
        except ValueError:  # printer settings incomplete: the console works without reprint
            printing = None
        console = ConsoleScreen(self.site, member, counter_id, self.language, printing)
        self.feed.changed.connect(console.on_changes)
        self.feed.connection_changed.connect(console.on_connection)
        self.console = console
        self.addWidget(console)
        self.setCurrentWidget(console)
        queue = self.site.queue
        console.jobs.run(
            lambda: queue.open_counter(counter_id, actor=member.name),
            lambda _result: console.refresh(),
            lambda error: console.error.setText(
                failure_text(error, self.language, "opening the counter")
            ),
        )

    def shutdown(self) -> None:
        self.feed.stop()
        self.sign_in.shutdown()
        if self.console is not None:
            self.console.jobs.shutdown()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        self.shutdown()
        super().closeEvent(event)

"""A counter's window: the staff sign-in, then that counter's console. The console locks
after the settings' idle time (security.console_idle_minutes): the visitor's case goes off
the screen and the clerk signs in again; the counter stays open and its ticket stays called."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtWidgets import QStackedWidget

from kiosk.services.live_updates import RESYNC, ChangeEvent
from kiosk.services.site_context import SiteContext
from kiosk.services.staff_accounts import StaffMember
from kiosk.settings.translations import tr
from kiosk.ui.failures import failure_text
from kiosk.ui.live_feed import LiveFeed
from kiosk.ui.session_timeout import SessionTimeout
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
        self.session: SessionTimeout | None = None
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
        console.table.setFocus()  # the keys act at once (the PIN field that had it is gone)
        self.session = SessionTimeout(
            console, lambda: self.site.site.security.console_idle_minutes * 60_000
        )
        self.session.expired.connect(self.lock)
        queue = self.site.queue
        console.jobs.run(
            lambda: queue.open_counter(counter_id, actor=member.name),
            lambda _result: console.refresh(),
            lambda error: console.error.setText(
                failure_text(error, self.language, "opening the counter")
            ),
        )

    def lock(self) -> None:
        """Back to the sign-in: nothing of the console (or a visitor's case) stays on screen."""
        console = self.console
        if console is None:
            return
        if self.session is not None:
            self.session.stop()
            self.session = None
        self.feed.changed.disconnect(console.on_changes)
        self.feed.connection_changed.disconnect(console.on_connection)
        console.shutdown()
        self.removeWidget(console)
        console.deleteLater()
        self.console = None
        minutes = self.site.site.security.console_idle_minutes
        log.info(
            "the console of counter %s locked after %s idle minutes", console.counter_id, minutes
        )
        self.sign_in.name.setText(console.member.name)
        self.sign_in.secret.clear()
        self.sign_in.choose_counter(console.counter_id)
        self.sign_in.error.setText(tr(self.language, "staff.locked", minutes=minutes))
        self.setCurrentWidget(self.sign_in)
        self.sign_in.secret.setFocus()

    def shutdown(self) -> None:
        if self.session is not None:
            self.session.stop()
        self.feed.stop()
        self.sign_in.shutdown()
        if self.console is not None:
            self.console.shutdown()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        self.shutdown()
        super().closeEvent(event)

"""The change feed as Qt signals, delivered on the GUI thread.

Starting it never waits for the database: the feed connects in its own thread, and once it
listens it sends a RESYNC, so a screen that read before that misses nothing.

Signals:
    changed(list): ChangeEvents committed by any machine (a RESYNC event after a reconnect).
    connection_changed(bool): the feed lost or regained the database.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk.services.live_updates import ChangeEvent
from kiosk.services.site_context import SiteContext


class LiveFeed(QObject):
    changed = Signal(list)
    connection_changed = Signal(bool)

    def __init__(self, site: SiteContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # The feed calls back from its own thread; emitting a signal queues it to ours.
        self._feed = site.change_feed(
            self._forward, self.connection_changed.emit, resync_on_first_connect=True
        )

    def _forward(self, events: list[ChangeEvent]) -> None:
        self.changed.emit(events)

    def start(self) -> None:
        self._feed.start(wait=0)

    def stop(self) -> None:
        self._feed.stop()

"""The waiting-room display's window: the board, its voice and the live feed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.services.site_context import SiteContext
from kiosk.ui.display.announcer import Announcer
from kiosk.ui.display.display_screen import DisplayScreen
from kiosk.ui.display.qt_audio import QtChime, make_speaker
from kiosk.ui.live_feed import LiveFeed


class DisplayWindow(QWidget):
    def __init__(
        self,
        site: SiteContext,
        state_file: Path | None,
        speech: bool = True,
        call_log: Path | None = None,
    ) -> None:
        super().__init__()
        languages = [lang.code for lang in site.site.languages if lang.speech_locale]
        self.announcer = Announcer(make_speaker() if speech else None, QtChime(), languages)
        self.board = DisplayScreen(site, self.announcer, state_file, self, call_log=call_log)
        self.feed = LiveFeed(site, self)
        self.feed.changed.connect(self.board.on_changes)
        self.feed.connection_changed.connect(self.board.on_connection)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.board)
        self.board.refresh()
        self.feed.start()

    def shutdown(self) -> None:
        self.feed.stop()
        self.board.shutdown()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        self.shutdown()
        super().closeEvent(event)

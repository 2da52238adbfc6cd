"""The waiting-room "now serving" board, read from 5 m away: no text under 48 px.

Reacts to the change feed: a call (or recall, or a held visitor called back) appears at once,
very large and highlighted, and is announced; waiting counts and waits follow, read on the
board's worker thread. It reloads everything after a reconnect, and new settings (queues,
names, languages) at once. With ``state_file`` it also writes what it shows as JSON, for
monitoring (and the tests); with ``call_log`` it appends every call it showed, one JSON line
each (what was called where, and when it reached the screen).
"""

from __future__ import annotations

import json
import logging
import os
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.domain.ticket import AT_COUNTER, Ticket, TicketState
from kiosk.services.live_updates import RESYNC, ChangeEvent
from kiosk.services.queue_service import QueueStatus
from kiosk.services.site_context import SiteContext
from kiosk.settings.translations import tr
from kiosk.ui.display.announcer import Announcement, Announcer
from kiosk.ui.failures import failure_text
from kiosk.ui.jobs import JobRunner
from kiosk.ui.widgets.labels import named_label

log = logging.getLogger(__name__)

CALL_ACTIONS = {"called", "recalled", "resumed"}
HIGHLIGHT_MS = 6000
RECENT = 5
#: queue tiles side by side (each line of a tile stays whole: no word split across lines)
TILE_COLUMNS = 2
#: the smallest text on the board: readable from a couch 5 m away on a 1080p screen
MIN_TEXT_PX = 48
REFRESH_DELAY_MS = 120


class DisplayScreen(QWidget):
    def __init__(
        self,
        site: SiteContext,
        announcer: Announcer | None = None,
        state_file: Path | None = None,
        parent: QWidget | None = None,
        call_log: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.site = site
        self.announcer = announcer
        self.state_file = state_file
        self.call_log = call_log
        self.connected = True
        self.latest: tuple[str, int] | None = None
        self.recent: list[tuple[str, int]] = []
        self.languages = [lang.code for lang in site.site.languages]
        self.jobs = JobRunner(self, "display")
        self._reading = False
        self._read_again = False
        if announcer is not None and call_log is not None:
            announcer.part_started.connect(
                lambda a, part: self._log_line({"sound": part, "code": a.code})
            )
            announcer.finished.connect(lambda a: self._log_line({"sound": "end", "code": a.code}))

        self.site_name = named_label("siteName")
        self.clock = named_label("clock")
        self.status = named_label("status")
        self.heading = named_label("nowServing")
        self.code = named_label("code", "—")
        self.counter = named_label("counter")
        self.recent_title = named_label("recentTitle")
        self.recent_rows = [named_label("recentRow") for _ in range(RECENT)]
        self.queue_tiles: dict[str, QLabel] = {}

        top = QHBoxLayout()
        top.addWidget(self.site_name)
        top.addStretch()
        top.addWidget(self.status)
        top.addSpacing(24)
        top.addWidget(self.clock)

        self.hero = QFrame()
        self.hero.setObjectName("hero")
        hero_layout = QVBoxLayout(self.hero)
        for widget in (self.heading, self.code, self.counter):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            hero_layout.addWidget(widget)

        side = QVBoxLayout()
        side.addWidget(self.recent_title)
        for row in self.recent_rows:  # the rows share the column's height: it is filled
            side.addWidget(row, 1)

        middle = QHBoxLayout()
        middle.setSpacing(32)
        middle.addWidget(self.hero, 1)
        middle.addLayout(side, 1)

        self.tiles = QGridLayout()
        self.tiles.setSpacing(16)
        self._make_tiles()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addLayout(top)
        layout.addLayout(middle, 1)
        layout.addLayout(self.tiles)
        self._highlight(False)
        self.setStyleSheet(
            "DisplayScreen { background: #0f1b2d; }"
            "QLabel { color: #f4f6fa; }"
            "#siteName { font-size: 52px; font-weight: bold; }"
            "#clock { font-size: 56px; font-weight: bold; }"
            "#status { font-size: 48px; color: #ffd479; }"
            "#nowServing { font-size: 60px; }"
            "#code { font-size: 220px; font-weight: bold; }"
            "#counter { font-size: 72px; font-weight: bold; }"
            "#recentTitle { font-size: 48px; color: #b8c4d6; }"
            "#recentRow { font-size: 54px; font-weight: bold; padding: 0 12px;"
            " border-bottom: 2px solid #2a4166; }"
            "#queueTile { font-size: 48px; background: #1c2e48; border-radius: 12px;"
            " padding: 8px 16px; }"
        )
        self._tick = QTimer(self)
        self._tick.timeout.connect(self._show_clock)
        self._tick.start(1000)
        self._refresh_due = QTimer(self)
        self._refresh_due.setSingleShot(True)
        self._refresh_due.timeout.connect(self.refresh)
        self._unhighlight = QTimer(self)
        self._unhighlight.setSingleShot(True)
        self._unhighlight.timeout.connect(lambda: self._highlight(False))
        self._show_texts()
        self._show_clock()

    def _make_tiles(self) -> None:
        for tile in self.queue_tiles.values():
            self.tiles.removeWidget(tile)
            tile.deleteLater()
        self.queue_tiles = {}
        for queue in self.site.site.queues:
            tile = named_label("queueTile")
            tile.setAlignment(Qt.AlignmentFlag.AlignCenter)
            tile.hide()  # shown once people wait in it
            self.queue_tiles[queue.id] = tile

    def _place_tiles(self, waiting: list[str]) -> None:
        """Tiles only for queues with people waiting: fewer, larger, in the settings' order."""
        for tile in self.queue_tiles.values():
            self.tiles.removeWidget(tile)
            tile.hide()
        for index, queue_id in enumerate(waiting):
            tile = self.queue_tiles[queue_id]
            self.tiles.addWidget(tile, index // TILE_COLUMNS, index % TILE_COLUMNS)
            tile.show()

    def _use_settings(self) -> None:
        """A new settings version is in force (the feed read it): names, queues, languages."""
        self.languages = [lang.code for lang in self.site.site.languages]
        self._make_tiles()
        self._show_texts()

    # -- text in every language ------------------------------------------------------------
    def _both(self, key: str, **params: object) -> str:
        return "  ".join(tr(lang, key, **params) for lang in self.languages)

    def _show_texts(self) -> None:
        self.site_name.setText(
            " · ".join(self.site.site.site_name.get(lang) for lang in self.languages)
        )
        self.heading.setText(self._both("display.now_serving"))
        self.recent_title.setText(self._both("display.recent"))
        self.status.setText("" if self.connected else self._both("display.reconnecting"))

    def _show_clock(self) -> None:
        now = datetime.now(ZoneInfo(self.site.site.timezone))
        self.clock.setText(f"{now:%H:%M}")

    def _highlight(self, on: bool) -> None:
        # A fresh call: amber with dark text (strong contrast), then back to calm blue.
        background, text = ("#f2b01e", "#10233f") if on else ("#17355e", "#f4f6fa")
        self.hero.setStyleSheet(
            f"#hero {{ background: {background}; border-radius: 24px; }}"
            f"#hero QLabel {{ color: {text}; }}"
        )

    # -- what is shown -----------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload (in the background): after start, a reconnect, or any queue change."""
        if self._reading:
            self._read_again = True
            return
        self._reading = True
        queue = self.site.queue
        self.jobs.run(lambda: (queue.board(), queue.status()), self._on_read, self._on_failed)

    def _read_done(self) -> None:
        self._reading = False
        if self._read_again:
            self._read_again = False
            self.refresh()

    def _on_failed(self, error: BaseException) -> None:
        failure_text(error, self.languages[0], "reading the queue for the display")
        self._read_done()

    def _on_read(self, result: tuple[list[Ticket], list[QueueStatus]]) -> None:
        self._read_done()
        tickets, statuses = result
        site = self.site.site
        called = sorted(
            (t for t in tickets if t.called_at is not None and t.counter_id),
            key=lambda t: t.called_at,  # type: ignore[arg-type,return-value]
            reverse=True,
        )
        numbers = {c.id: c.number for c in site.counters}
        shown = [
            (t.code, numbers.get(t.counter_id or "", 0))
            for t in called
            if t.state in AT_COUNTER or t.state is TicketState.DONE
        ][: RECENT + 1]
        if shown and self.latest is None:
            self.latest = shown[0]
        self.recent = [s for s in shown if s != self.latest][:RECENT]
        waiting = []
        for status in statuses:
            if status.queue_id not in self.queue_tiles:
                continue  # a queue of another settings version
            queue = site.queue(status.queue_id)
            names = dict.fromkeys(queue.name.get(lang) for lang in self.languages)
            counts = [
                tr(
                    lang,
                    "display.waiting",
                    waiting=status.waiting,
                    minutes=status.newcomer_wait.minutes,
                )
                for lang in self.languages
            ]
            self.queue_tiles[status.queue_id].setText("\n".join([" · ".join(names), *counts]))
            if status.waiting:
                waiting.append(status.queue_id)
        order = [q.id for q in site.queues]
        self._place_tiles(sorted(waiting, key=order.index))
        self._render()

    def _render(self) -> None:
        if self.latest is not None:
            code, counter = self.latest
            self.code.setText(code)
            self.counter.setText(self._counter_words(counter, "  ·  "))
        for row, entry in zip(self.recent_rows, self.recent + [None] * RECENT, strict=False):
            row.setText(f"{entry[0]}  →  {self._counter_words(entry[1], ' / ')}" if entry else "")
        self._write_state()

    def _counter_words(self, counter: int, between: str) -> str:
        """Where to go ("3 号窗口 / Counter 3"), in every language of the board."""
        words = [tr(lang, "display.counter", counter=counter) for lang in self.languages]
        return between.join(dict.fromkeys(words))

    def _log_call(self, event: ChangeEvent, code: str, counter: int) -> None:
        line = {"audit_id": event.audit_id, "action": event.action, "code": code}
        self._log_line(line | {"counter": counter})

    def _log_line(self, line: dict[str, object]) -> None:
        """One JSON line in the call log: a call shown, or a part of its announcement heard
        (``sound``: "chime", a language, "end"), with the time."""
        if self.call_log is None:
            return
        with self.call_log.open("a", encoding="utf-8") as log_file:
            log_file.write(json.dumps(line | {"shown_at": time.time()}) + "\n")

    def _write_state(self) -> None:
        if self.state_file is None:
            return
        state = {
            "latest": {"code": self.latest[0], "counter": self.latest[1]} if self.latest else None,
            "recent": [{"code": c, "counter": n} for c, n in self.recent],
            "connected": self.connected,
            "queues": {q: t.text() for q, t in self.queue_tiles.items()},
            "shown_at": time.time(),
        }
        part = self.state_file.with_suffix(".part")
        part.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
        os.replace(part, self.state_file)

    # -- slots -------------------------------------------------------------------------------
    def on_changes(self, events: list[ChangeEvent]) -> None:
        refresh = False
        for event in events:
            if event.action == RESYNC:
                self.latest = None
                self._use_settings()
                refresh = True
            elif event.entity == "ticket" and event.action in CALL_ACTIONS:
                code = str(event.details.get("code"))
                counter = int(event.details.get("counter_number") or 0)
                if self.latest is not None and self.latest != (code, counter):
                    self.recent = [self.latest, *[r for r in self.recent if r != (code, counter)]][
                        :RECENT
                    ]
                self.latest = (code, counter)
                self._log_call(event, code, counter)
                self._highlight(True)
                self._unhighlight.start(HIGHLIGHT_MS)
                self._render()  # on screen now; counts follow below
                if self.announcer is not None:
                    self.announcer.announce(
                        Announcement(code, counter, recall=event.action == "recalled")
                    )
                refresh = True
            elif event.entity == "settings":
                self._use_settings()
                refresh = True
            elif event.entity in ("ticket", "counter"):
                refresh = True
        if refresh and not self._refresh_due.isActive():
            # Counts can wait a moment; several changes in a row cost one reload, and a call
            # arriving meanwhile is never stuck behind one.
            self._refresh_due.start(REFRESH_DELAY_MS)

    def on_connection(self, connected: bool) -> None:
        self.connected = connected
        self._show_texts()
        self._write_state()

    def shutdown(self) -> None:
        self._tick.stop()
        self._refresh_due.stop()
        self._unhighlight.stop()
        self.jobs.shutdown()

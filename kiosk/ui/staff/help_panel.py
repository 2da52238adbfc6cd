"""Visitors asking for help at a kiosk, on every console: where, at which step, in which
language. One clerk taps "I'm going"; every other console then shows who went, and the request
is closed with "Done" (or by the visitor cancelling it). Reading and claiming run on the
panel's worker thread; the change feed says when to read again.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.services.help_requests import HelpRequests, HelpRow
from kiosk.services.live_updates import RESYNC, ChangeEvent
from kiosk.services.site_context import SiteContext
from kiosk.settings.translations import tr
from kiosk.ui.failures import failure_text
from kiosk.ui.jobs import JobRunner
from kiosk.ui.widgets.labels import discard, named_label

log = logging.getLogger(__name__)


class HelpPanel(QWidget):
    def __init__(
        self, site: SiteContext, member_name: str, language: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("helpPanel")
        self.site = site
        self.member_name = member_name
        self.language = language
        self.help = HelpRequests(site.db, site.clock)
        self.jobs = JobRunner(self, "help-panel")
        self.requests: list[HelpRow] = []
        self.rows = QVBoxLayout(self)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(6)
        self.error = named_label("error")
        self.error.setWordWrap(True)
        self.rows.addWidget(self.error)
        self._row_widgets: list[QWidget] = []
        self.setStyleSheet(
            "#helpRow { background: #e3eefb; border: 2px solid #0b5cad; border-radius: 8px; }"
            "#helpRowText { color: #10233f; font-size: 22px; font-weight: bold; }"
        )
        self.hide()

    # -- reading ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.jobs.run(self.help.waiting, self._show, self._failed)

    def on_changes(self, events: list[ChangeEvent]) -> None:
        if any(e.entity == "help" or e.action == RESYNC for e in events):
            self.refresh()

    def _failed(self, error: BaseException) -> None:
        self.error.setText(failure_text(error, self.language, "help requests"))
        self.show()

    def describe(self, request: HelpRow) -> str:
        step = tr(self.language, f"help.step.{request.step}")
        if step == f"help.step.{request.step}":
            step = request.step
        language = next(
            (
                lang.native_name
                for lang in self.site.site.languages
                if lang.code == request.language
            ),
            request.language,
        )
        if request.dialect:
            language += " · " + tr(self.language, "help.dialect", dialect=request.dialect)
        when = request.created_at.astimezone().strftime("%H:%M")
        return tr(
            self.language, "help.row", kiosk=request.kiosk, step=step, spoken=language, time=when
        )

    def _show(self, requests: list[HelpRow]) -> None:
        self.error.clear()
        self.requests = requests
        for widget in self._row_widgets:
            self.rows.removeWidget(widget)
            discard(widget)  # nothing of an old row can still be tapped
        self._row_widgets = []
        for request in requests:
            row = QWidget()
            row.setObjectName("helpRow")
            row.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
            line = QHBoxLayout(row)
            text = QLabel(self.describe(request))
            text.setObjectName("helpRowText")
            text.setWordWrap(True)
            text.setTextFormat(Qt.TextFormat.PlainText)
            line.addWidget(text, 1)
            if request.claimed_by is None:
                going = QPushButton(tr(self.language, "help.going"))
                going.setAccessibleName(f"help:claim:{request.id}")
                going.clicked.connect(lambda _c=False, r=request.id: self.claim(r))
                line.addWidget(going)
            else:
                line.addWidget(QLabel(tr(self.language, "help.goes", name=request.claimed_by)))
                if request.claimed_by == self.member_name:
                    done = QPushButton(tr(self.language, "help.done"))
                    done.setAccessibleName(f"help:done:{request.id}")
                    done.clicked.connect(lambda _c=False, r=request.id: self.finish(r))
                    line.addWidget(done)
            self.rows.addWidget(row)
            self._row_widgets.append(row)
        self.setVisible(bool(requests))

    # -- acting ----------------------------------------------------------------------------------
    def claim(self, request_id: int) -> None:
        help_requests, name = self.help, self.member_name
        self.jobs.run(
            lambda: help_requests.claim(request_id, name), lambda _r: self.refresh(), self._failed
        )

    def finish(self, request_id: int) -> None:
        help_requests, name = self.help, self.member_name
        self.jobs.run(
            lambda: help_requests.done(request_id, name), lambda _r: self.refresh(), self._failed
        )

    def shutdown(self) -> None:
        self.jobs.shutdown()

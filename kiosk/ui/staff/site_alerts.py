"""Alerts for every counter that no single ticket shows: e.g. a burst of failed face checks at
one kiosk ("possible spoofing attempts at kiosk 2"). Each alert stays until a clerk marks it
seen; the newest is on top, and a few at most are kept.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.services.live_updates import ChangeEvent
from kiosk.settings.translations import tr

SHOWN_AT_MOST = 4
#: alert actions this screen knows how to say
KNOWN = ("face_checks_failing",)


class SiteAlerts(QWidget):
    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.setObjectName("siteAlerts")
        self.rows = QVBoxLayout(self)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(6)
        self.hide()

    def texts(self) -> list[str]:
        found = []
        for index in range(self.rows.count()):
            item = self.rows.itemAt(index)
            row = item.widget() if item is not None else None
            label = row.findChild(QLabel, "alertText") if row is not None else None
            if label is not None:
                found.append(label.text())
        return found

    def on_changes(self, events: list[ChangeEvent]) -> None:
        for event in events:
            if event.entity == "alert" and event.action in KNOWN:
                self.add(self.describe(event))

    def describe(self, event: ChangeEvent) -> str:
        details = event.details
        return tr(
            self.language,
            f"staff.alert.{event.action}",
            kiosk=details.get("kiosk") or event.entity_id or "?",
            count=details.get("count", "?"),
            minutes=details.get("minutes", "?"),
        )

    def add(self, text: str) -> None:
        row = QWidget()
        row.setObjectName("alertRow")
        row.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        line = QHBoxLayout(row)
        label = QLabel("⚠ " + text)
        label.setObjectName("alertText")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        seen = QPushButton(tr(self.language, "staff.alert.seen"))
        seen.setObjectName("alertSeen")
        seen.setMinimumHeight(52)
        seen.clicked.connect(lambda: self._remove(row))
        line.addWidget(label, 1)
        line.addWidget(seen)
        self.rows.insertWidget(0, row)
        while self.rows.count() > SHOWN_AT_MOST:
            item = self.rows.takeAt(self.rows.count() - 1)
            oldest = item.widget() if item is not None else None
            if oldest is not None:
                oldest.deleteLater()
        self.setStyleSheet(
            "#alertRow { background: #fff1c2; border: 2px solid #a05a00; border-radius: 8px; }"
            "#alertText { color: #4a2a00; font-size: 24px; font-weight: bold; }"
        )
        self.show()

    def _remove(self, row: QWidget) -> None:
        self.rows.removeWidget(row)
        row.deleteLater()
        if self.rows.count() == 0:
            self.hide()

"""A short list beside a counter's waiting queue (held tickets, failed prints, call-backs
due): its title, its lines and its button, on screen only while it holds something and no
taller than its lines, so the waiting queue keeps the room a clerk with a long queue needs."""

from __future__ import annotations

from PySide6.QtWidgets import QListWidget, QPushButton, QVBoxLayout, QWidget

from kiosk.ui.widgets.labels import named_label

#: lines shown before the list scrolls
MOST_LINES = 4


class SideList(QWidget):
    def __init__(self, title: str, button: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = named_label("section", title)
        self.items = QListWidget()
        self.button = QPushButton(button or "")
        layout.addWidget(self.title)
        layout.addWidget(self.items)
        layout.addWidget(self.button)
        if button is None:
            self.button.hide()
        self.hide()

    def fill(self, lines: list[str]) -> None:
        self.items.clear()
        self.items.addItems(lines)
        self.setVisible(bool(lines))
        if lines:
            rows = min(len(lines), MOST_LINES)
            frame = 2 * self.items.frameWidth()
            self.items.setFixedHeight(rows * self.items.sizeHintForRow(0) + frame)
        self.button.setEnabled(bool(lines))

""" "Are you still there?": a countdown over the wizard before an unattended visit is wiped.

Signals:
    still_here(): the visitor tapped to continue.
    expired(): the countdown reached zero.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QPushButton, QVBoxLayout, QWidget

from kiosk.settings.translations import tr
from kiosk.ui.widgets.labels import named_label


class IdleOverlay(QFrame):
    still_here = Signal()
    expired = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("overlay")
        self.question = named_label("screenTitle")
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.question.setWordWrap(True)
        self.count = named_label("countdown")
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explain = named_label("subtitle")
        self.explain.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explain.setWordWrap(True)
        self.button = QPushButton()
        self.button.setObjectName("primary")
        self.button.setAccessibleName("still_here")
        self.button.clicked.connect(self._on_button_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 40, 48, 40)
        layout.setSpacing(24)
        for widget in (self.question, self.count, self.explain, self.button):
            layout.addWidget(widget)
        self._left = 0
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick_timeout)
        self.hide()

    def start(self, language: str, seconds: int) -> None:
        self.question.setText(tr(language, "idle.question"))
        self.explain.setText(tr(language, "idle.explain"))
        self.button.setText(tr(language, "idle.continue"))
        self._left = seconds
        self.count.setText(str(seconds))
        self.place()
        self.show()
        self.raise_()
        self._tick.start()

    def stop(self) -> None:
        self._tick.stop()
        self.hide()

    @property
    def running(self) -> bool:
        return self._tick.isActive()

    def place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        width = min(900, parent.width() - 80)
        height = min(620, parent.height() - 80)
        self.setGeometry(
            (parent.width() - width) // 2, (parent.height() - height) // 2, width, height
        )

    def _on_tick_timeout(self) -> None:
        self._left -= 1
        self.count.setText(str(max(self._left, 0)))
        if self._left <= 0:
            self.stop()
            self.expired.emit()

    def _on_button_clicked(self) -> None:
        self.stop()
        self.still_here.emit()

"""What a clerk does at the counter: one large action that fits the moment, the rest beside it.

Idle, the large action is "Call next". While a visitor is at the counter it is "Complete and
call next", one button per outcome: one tap finishes this visit and calls the next one. The
other actions (recall, visitor arrived, hold, resume, complete with a note, transfer, no-show,
the case) are smaller. Every action has a key as well as a button.

Signals:
    call_next(): the large action while idle (F2).
    finish(str): complete with this outcome and call the next visitor (Ctrl+1 …).
    triggered(str): one of the other actions, by name.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.domain.ticket import Outcome
from kiosk.settings.translations import tr
from kiosk.ui.widgets.labels import named_label

#: the smaller actions, with their keys
OTHER_ACTIONS = (
    ("recall", "F3"),
    ("start", "F4"),
    ("hold", "F5"),
    ("resume", "F6"),
    ("complete", "F7"),
    ("transfer", "F8"),
    ("no_show", "F9"),
    ("open_case", "F10"),
)
#: outcomes offered for "complete and call next", in the order of their keys
FINISH_OUTCOMES = tuple(Outcome)


class CounterActions(QWidget):
    call_next = Signal()
    finish = Signal(str)
    triggered = Signal(str)

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.serving = False
        self.buttons: dict[str, QPushButton] = {}

        self.primary = QPushButton(tr(language, "staff.call_next"))
        self.primary.setObjectName("primaryAction")
        self.primary.setAccessibleName("call_next")
        self.primary.clicked.connect(self.call_next)
        self.buttons["call_next"] = self.primary
        QShortcut(QKeySequence("F2"), self, self._on_f2)

        self.finish_box = QWidget()
        finish_layout = QVBoxLayout(self.finish_box)
        finish_layout.setContentsMargins(0, 0, 0, 0)
        finish_layout.addWidget(named_label("section", tr(language, "staff.complete_and_next")))
        row = QHBoxLayout()
        self.finish_buttons: dict[str, QPushButton] = {}
        for number, outcome in enumerate(FINISH_OUTCOMES, start=1):
            label = tr(language, f"outcome.{outcome.value}")
            button = QPushButton(f"{label}\nCtrl+{number}")
            button.setObjectName("finishNext")
            button.setAccessibleName(f"finish:{outcome.value}")
            button.clicked.connect(lambda _c=False, o=outcome.value: self.finish.emit(o))
            QShortcut(QKeySequence(f"Ctrl+{number}"), self, lambda o=outcome.value: self._key(o))
            row.addWidget(button)
            self.finish_buttons[outcome.value] = button
        finish_layout.addLayout(row)
        self.finish_box.hide()

        grid = QGridLayout()
        for index, (name, key) in enumerate(OTHER_ACTIONS):
            button = QPushButton(tr(language, f"staff.{name}"))
            button.setObjectName(name)
            button.setMinimumHeight(56)
            button.clicked.connect(lambda _c=False, n=name: self.triggered.emit(n))
            QShortcut(QKeySequence(key), self, lambda n=name: self._press(n))
            self.buttons[name] = button
            grid.addWidget(button, index // 4, index % 4)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.primary)
        layout.addWidget(self.finish_box)
        layout.addLayout(grid)

    def show_state(self, *, serving: bool, held: bool) -> None:
        """Idle: "Call next" large. Serving: "Complete and call next" large, by outcome."""
        self.serving = serving
        self.primary.setVisible(not serving)
        self.primary.setEnabled(not serving)
        self.finish_box.setVisible(serving)
        for button in self.finish_buttons.values():
            button.setEnabled(serving)
        for name, _key in OTHER_ACTIONS:
            self.buttons[name].setEnabled(serving)
        self.buttons["resume"].setEnabled(held)

    def set_busy(self) -> None:
        """One action at a time: nothing can be pressed until the queue is read again."""
        for button in [*self.buttons.values(), *self.finish_buttons.values()]:
            button.setEnabled(False)

    # -- keys act only where the button could be pressed --------------------------------------
    def _on_f2(self) -> None:
        if self.primary.isEnabled():
            self.call_next.emit()

    def _key(self, outcome: str) -> None:
        if self.finish_buttons[outcome].isEnabled():
            self.finish.emit(outcome)

    def _press(self, name: str) -> None:
        if self.buttons[name].isEnabled():
            self.triggered.emit(name)

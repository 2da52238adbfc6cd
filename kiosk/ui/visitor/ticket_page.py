"""The ticket: the number very large, place and wait, where to sit, printing, callback offer.

Signals:
    callback_requested(str, str): the phone number and the chosen time window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.intake import CallbackWindow, Step
from kiosk.services.intake_service import Submission
from kiosk.services.print_results import PrintResult, print_message
from kiosk.ui.visitor.wizard_page import PageContext, WizardPage
from kiosk.ui.widgets.labels import named_label, restyle


class TicketPage(WizardPage):
    step = Step.TICKET
    callback_requested = Signal(str, str)

    def __init__(
        self,
        context: PageContext,
        submission: Submission,
        windows: list[CallbackWindow],
        side_by_side: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.submission = submission
        ticket = submission.ticket
        site = self.site
        queue = site.queue(ticket.queue_id)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        info = QVBoxLayout()
        info.setSpacing(18)
        self.number = named_label("bigNumber", ticket.code)
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number.setAccessibleName("ticket_number")
        info.addWidget(self.number)
        if ticket.case_type:
            case = named_label("subtitle", site.case_type(ticket.case_type).name.get(self.language))
            case.setAlignment(Qt.AlignmentFlag.AlignCenter)
            info.addWidget(case)
        wait = submission.wait
        if wait is None or wait.people_ahead == 0:
            wait_text = self.t("receipt.next")
        else:
            wait_text = self.t(
                "receipt.ahead_and_wait", ahead=wait.people_ahead, minutes=wait.minutes
            )
        self.wait = named_label("statusText", wait_text)
        self.wait.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.wait.setWordWrap(True)
        info.addWidget(self.wait)
        if queue.waiting_area is not None:
            area = named_label(
                "rule", self.t("wizard.ticket.wait_in", area=queue.waiting_area.get(self.language))
            )
            area.setAlignment(Qt.AlignmentFlag.AlignCenter)
            area.setWordWrap(True)
            info.addWidget(area)
        if "manual_id_check" in ticket.flags:
            note = named_label("rule", self.t("wizard.ticket.bring_id"))
            note.setAlignment(Qt.AlignmentFlag.AlignCenter)
            note.setWordWrap(True)
            info.addWidget(note)
        self.print_status = named_label("fieldHelp", self.t("wizard.ticket.printing"))
        self.print_status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.print_status.setWordWrap(True)
        info.addWidget(self.print_status)
        self.phone: QLineEdit | None = None
        self.window_buttons: dict[str, QPushButton] = {}
        self.callback_message = named_label("errorText")
        self.callback_message.setWordWrap(True)
        info.addStretch()
        if submission.offer_callback and windows:
            box = self._callback_box(windows)
            if side_by_side:
                row = QHBoxLayout()
                row.setSpacing(32)
                row.addLayout(info, 1)
                row.addWidget(box, 1)
                self.content.addLayout(row)
            else:
                self.content.addLayout(info)
                self.content.addWidget(box)
        else:
            self.content.addLayout(info)
        self.content.addStretch()

    def _callback_box(self, windows: list[CallbackWindow]) -> QWidget:
        box = QFrame()
        box.setObjectName("tileBox")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(24, 16, 24, 16)
        offer = named_label("fieldLabel", self.t("wizard.callback.offer"))
        offer.setWordWrap(True)
        layout.addWidget(offer)
        layout.addWidget(named_label("fieldHelp", self.t("wizard.callback.phone")))
        self.phone = QLineEdit()
        self.phone.setAccessibleName("callback:phone")
        self.phone.setProperty("keypad", "+")
        self.phone.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.phone.setPlaceholderText(self.t("form.placeholder.phone"))
        self.phone.textChanged.connect(lambda _t: self.callback_message.clear())
        layout.addWidget(self.phone)
        layout.addWidget(named_label("fieldHelp", self.t("wizard.callback.when")))
        grid = QGridLayout()
        group = QButtonGroup(box)
        for index, window in enumerate(windows):
            button = QPushButton(self.t(f"wizard.callback.{window.id}"))
            button.setCheckable(True)
            button.setAccessibleName(f"window:{window.id}")
            group.addButton(button)
            grid.addWidget(button, index // 2, index % 2)
            self.window_buttons[window.id] = button
        layout.addLayout(grid)
        self.callback_button = QPushButton(self.t("wizard.callback.request"))
        self.callback_button.setObjectName("primary")
        self.callback_button.setAccessibleName("callback:request")
        self.callback_button.clicked.connect(self._on_callback_clicked)
        layout.addWidget(self.callback_button)
        layout.addWidget(self.callback_message)
        return box

    def _on_callback_clicked(self) -> None:
        assert self.phone is not None
        chosen = next((w for w, b in self.window_buttons.items() if b.isChecked()), None)
        if chosen is None:
            self.callback_message.setText(self.t("wizard.callback.pick_window"))
            return
        self.callback_button.setEnabled(False)
        self.callback_requested.emit(self.phone.text(), chosen)

    def callback_done(self, ok: bool, text: str) -> None:
        self.callback_message.setText(text)
        if ok:
            self.wait.setText(self.t("wizard.callback.cancelled_ticket"))
            if self.phone is not None:
                self.phone.setEnabled(False)
        else:
            self.callback_button.setEnabled(True)

    def show_print_result(self, result: PrintResult) -> None:
        """How printing this page's ticket went, in the visitor's (current) language."""
        if result.ticket.id == self.submission.ticket.id:
            self.set_print_status(print_message(result, self.language), result.printed)

    def set_print_status(self, text: str, ok: bool = True) -> None:
        """Printing's outcome; a failure is shown as prominently as an error."""
        restyle(self.print_status, "fieldHelp" if ok else "errorText")
        self.print_status.setText(text)

    def title_text(self) -> str:
        return self.t("receipt.your_number")

    def next_text(self) -> str | None:
        return self.t("wizard.ticket.finish")

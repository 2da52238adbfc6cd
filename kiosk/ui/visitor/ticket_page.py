"""The ticket: "take your ticket below", the number very large, place and wait, where to sit,
and a countdown back to the welcome screen (the visit is then wiped from the screen).

A call-back instead of waiting is offered only where it helps (a long wait, or a case type
that offers it), folded behind a button of the same weight as Done, and prefilled with the
phone number the visitor already gave (shown masked).

Signals:
    callback_requested(str, str): the phone number and the chosen time window.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.forms import FieldType
from kiosk.domain.intake import CallbackWindow, Step
from kiosk.services.intake_service import Submission
from kiosk.services.print_results import PrintResult, print_message
from kiosk.ui.visitor.review_page import mask_phone
from kiosk.ui.visitor.wizard_page import PageContext, WizardPage
from kiosk.ui.widgets.labels import named_label, restyle

W = TypeVar("W", QLabel, QPushButton)

#: seconds on the ticket page before the next visitor's welcome screen
TICKET_SECONDS = 30


class TicketPage(WizardPage):
    step = Step.TICKET
    kept = True
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
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        info = QVBoxLayout()
        info.setSpacing(14)
        self.number = named_label("bigNumber")
        self.number.setAccessibleName("ticket_number")
        self.case = named_label("subtitle")
        self.wait = named_label("statusText")
        self.area = named_label("rule")
        self.id_note = named_label("rule")
        self.print_status = named_label("fieldHelp")
        for label in (
            self.number,
            self.case,
            self.wait,
            self.area,
            self.id_note,
            self.print_status,
        ):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(label is not self.number)
            info.addWidget(label)
        self.phone: QLineEdit | None = None
        #: the page's fixed words and their keys
        self._words: list[tuple[QLabel | QPushButton, str]] = [
            (self.id_note, "wizard.ticket.bring_id")
        ]
        self._known_phone = known_phone(self)
        self.window_buttons: dict[str, QPushButton] = {}
        self.callback_message = named_label("errorText")
        self.callback_message.setWordWrap(True)
        self.countdown = named_label("fieldHelp")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown.setWordWrap(True)
        self.content.addLayout(info)
        self.callback_offer: QPushButton | None = None
        self.callback_box: QWidget | None = None
        self._windows = [w.id for w in windows] if submission.offer_callback else []
        if self._windows:
            self.callback_offer = self._worded(QPushButton(), "wizard.callback.offer_button")
            self.callback_offer.setAccessibleName("callback:offer")
            self.callback_offer.clicked.connect(self._on_callback_offer_clicked)
            self.content.addWidget(self.callback_offer)
            self.callback_box = self._callback_box(windows)
            self.callback_box.hide()
            self.content.addWidget(self.callback_box)
        self.content.addWidget(self.countdown)
        self.content.addStretch()
        self.seconds_left = TICKET_SECONDS
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick_timeout)
        self._fill()

    def _fill(self) -> None:
        """The ticket's words, and the countdown from the start."""
        ticket = self.submission.ticket
        queue = self.site.queue(ticket.queue_id)
        self.number.setText(ticket.code)
        self.case.setVisible(bool(ticket.case_type))
        if ticket.case_type:
            self.case.setText(self.site.case_type(ticket.case_type).name.get(self.language))
        wait = self.submission.wait
        if wait is None or wait.people_ahead == 0:
            self.wait.setText(self.t("receipt.next"))
        else:
            self.wait.setText(
                self.t("wizard.ticket.wait", ahead=wait.people_ahead, minutes=wait.minutes)
            )
        self.area.setVisible(queue.waiting_area is not None)
        if queue.waiting_area is not None:
            area = queue.waiting_area.get(self.language)
            self.area.setText(self.t("wizard.ticket.wait_in", area=area))
        self.id_note.setVisible("manual_id_check" in ticket.flags)
        for widget, key in self._words:  # in the language of the visit, also when refilled
            widget.setText(self.t(key))
        if self.callback_box is not None:
            self._reset_callback()
        self.set_print_status(self.t("wizard.ticket.printing"))
        self.seconds_left = TICKET_SECONDS
        self._show_countdown()

    def _worded(self, widget: W, key: str) -> W:
        self._words.append((widget, key))
        return widget

    def show_ticket(
        self, context: PageContext, submission: Submission, windows: list[CallbackWindow]
    ) -> bool:
        """Refill this kept page with ``submission``; False when its call-back offer differs
        (the page is then built anew)."""
        offered = [w.id for w in windows] if submission.offer_callback else []
        if context.site is not self.site or offered != self._windows:
            return False
        self._refilled(context)
        self.submission = submission
        self._known_phone = known_phone(self)
        self._fill()
        return True

    def blank(self) -> None:
        super().blank()
        self._tick.stop()
        for label in (self.number, self.case, self.wait, self.area, self.callback_message):
            label.clear()

    # -- the way back to the welcome screen --------------------------------------------------
    def shown(self) -> None:
        self._tick.start()

    def leaving(self) -> None:
        self._tick.stop()

    def _show_countdown(self) -> None:
        self.countdown.setText(self.t("wizard.ticket.countdown", seconds=self.seconds_left))

    def _on_tick_timeout(self) -> None:
        if self.callback_box is not None and self.callback_box.isVisible():
            return  # the visitor is asking for a call-back: no hurry
        self.seconds_left -= 1
        self._show_countdown()
        if self.seconds_left <= 0:
            self._tick.stop()
            self.next_requested.emit()  # as if Done were tapped: the visit is wiped

    # -- a call-back instead of waiting -------------------------------------------------------
    def _on_callback_offer_clicked(self) -> None:
        if self.callback_box is not None and self.callback_offer is not None:
            self.callback_box.show()
            self.callback_offer.hide()
            self.ensure_visible(self.callback_box)

    def _callback_box(self, windows: list[CallbackWindow]) -> QWidget:
        box = QFrame()
        box.setObjectName("tileBox")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(24, 16, 24, 16)
        offer = self._worded(named_label("fieldLabel"), "wizard.callback.offer")
        offer.setWordWrap(True)
        layout.addWidget(offer)
        layout.addWidget(self._worded(named_label("fieldHelp"), "wizard.callback.phone"))
        self.phone = QLineEdit()
        self.phone.setAccessibleName("callback:phone")
        self.phone.setProperty("keypad", "+")
        self.phone.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.phone.textChanged.connect(lambda _t: self.callback_message.clear())
        layout.addWidget(self.phone)
        layout.addWidget(self._worded(named_label("fieldHelp"), "wizard.callback.when"))
        grid = QGridLayout()
        group = self._window_group = QButtonGroup(box)
        for index, window in enumerate(windows):
            button = self._worded(QPushButton(), f"wizard.callback.{window.id}")
            button.setCheckable(True)
            button.setAccessibleName(f"window:{window.id}")
            group.addButton(button)
            grid.addWidget(button, index // 2, index % 2)
            self.window_buttons[window.id] = button
        layout.addLayout(grid)
        self.callback_button = self._worded(QPushButton(), "wizard.callback.request")
        self.callback_button.setObjectName("primary")
        self.callback_button.setAccessibleName("callback:request")
        self.callback_button.clicked.connect(self._on_callback_clicked)
        layout.addWidget(self.callback_button)
        layout.addWidget(self.callback_message)
        return box

    def _reset_callback(self) -> None:
        """The offer folded, nothing chosen, the visitor's phone (masked) ready to use."""
        assert self.callback_box is not None
        assert self.callback_offer is not None
        assert self.phone is not None
        self.callback_box.hide()
        self.callback_offer.show()
        self.phone.setEnabled(True)
        self.phone.setPlaceholderText(self.t("form.placeholder.phone"))
        self.phone.setText(mask_phone(self._known_phone) if self._known_phone else "")
        self._window_group.setExclusive(False)  # (an exclusive group keeps one checked)
        for button in self.window_buttons.values():
            button.setChecked(False)
        self._window_group.setExclusive(True)
        self.callback_button.setEnabled(True)
        self.callback_message.clear()

    def _on_callback_clicked(self) -> None:
        assert self.phone is not None
        chosen = next((w for w, b in self.window_buttons.items() if b.isChecked()), None)
        if chosen is None:
            self.callback_message.setText(self.t("wizard.callback.pick_window"))
            return
        self.callback_button.setEnabled(False)
        typed = self.phone.text()
        known = self._known_phone
        number = known if known and typed == mask_phone(known) else typed
        self.callback_requested.emit(number, chosen)

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
        return self.t("wizard.ticket.take")

    def next_text(self) -> str | None:
        return self.t("wizard.ticket.finish")


def known_phone(page: WizardPage) -> str | None:
    """The first phone number the visitor gave in the form (for the call-back)."""
    draft = page.context.draft
    if draft.case_type is None:
        return None
    for field in page.site.case_type(draft.case_type).form.fields:
        value = draft.answers.get(field.id)
        if field.type is FieldType.PHONE and isinstance(value, str) and value.strip():
            return value.strip()
    return None

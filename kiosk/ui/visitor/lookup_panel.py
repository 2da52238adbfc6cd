""" "I already have a ticket": where a visitor with a ticket stands, and one reprint.

The visitor holds the ticket's QR code up to the kiosk's camera, or types the ticket's number
and the last four digits of the phone number given with it. The answer is the place in the
queue and the wait, or the counter the ticket was called to; a ticket still open can be
printed again once at a kiosk (more copies at a counter). Wrong numbers get one answer that
says nothing about which part was wrong, and after a few of them in a row the look-up by
number pauses on this kiosk for a while (a ticket is not something to guess).

Signals:
    closed(): the visitor is done; back to the welcome screen.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.services.print_results import LookupResult, PrintResult
from kiosk.settings.translations import tr
from kiosk.ui.failures import failure_text
from kiosk.ui.jobs import JobRunner
from kiosk.ui.widgets.labels import named_label

log = logging.getLogger(__name__)

SCAN_SECONDS = 20.0
#: wrong number-and-digits answers in a row before the look-up by number pauses
WRONG_BEFORE_PAUSE = 5
PAUSE_SECONDS = 300.0


class LookupPanel(QFrame):
    closed = Signal()

    def __init__(self, wizard: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.wizard = wizard
        self.kiosk = wizard.kiosk
        self.language = str(wizard.draft.language)
        self.jobs = JobRunner(self, "lookup")
        self._stop_scan = threading.Event()
        self.result: LookupResult | None = None
        t = self.t

        self.title = named_label("screenTitle", t("lookup.title"))
        self.title.setWordWrap(True)
        face_check = self.kiosk.face_check
        self.can_scan = face_check is not None and face_check.available
        self.scan_button = QPushButton(t("lookup.scan"))
        self.scan_button.setObjectName("primary")
        self.scan_button.setAccessibleName("lookup:scan")
        self.scan_button.clicked.connect(self.scan)
        scan_help = named_label("rule", t("lookup.scan_help"))
        scan_help.setWordWrap(True)

        self.code = QLineEdit()
        self.code.setAccessibleName("lookup:code")
        self.code.setMaxLength(8)
        self.code.setPlaceholderText("A012")
        self.code.setInputMethodHints(
            Qt.InputMethodHint.ImhLatinOnly
            | Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhPreferUppercase
            | Qt.InputMethodHint.ImhNoPredictiveText
        )
        self.last4 = QLineEdit()
        self.last4.setAccessibleName("lookup:last4")
        self.last4.setMaxLength(4)
        self.last4.setProperty("keypad", "")
        self.last4.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.find_button = QPushButton(t("lookup.find"))
        self.find_button.setObjectName("primary")
        self.find_button.setAccessibleName("lookup:find")
        self.find_button.clicked.connect(self.look_up_number)
        self.last4.returnPressed.connect(self.look_up_number)
        form = QGridLayout()
        form.setHorizontalSpacing(16)
        code_label = named_label("fieldLabel", t("lookup.code"))
        last4_label = named_label("fieldLabel", t("lookup.last4"))
        form.addWidget(code_label, 0, 0)
        form.addWidget(self.code, 1, 0)
        form.addWidget(last4_label, 0, 1)
        form.addWidget(self.last4, 1, 1)
        form.addWidget(self.find_button, 1, 2)

        self.answer = named_label("statusText")  # read aloud, too
        self.answer.setWordWrap(True)
        self.answer.setTextFormat(Qt.TextFormat.PlainText)
        self.reprint_button = QPushButton(t("lookup.reprint"))
        self.reprint_button.setAccessibleName("lookup:reprint")
        self.reprint_button.clicked.connect(self.reprint)
        self.reprint_button.hide()
        self.done_button = QPushButton(t("lookup.close"))
        self.done_button.setAccessibleName("lookup:done")
        self.done_button.clicked.connect(self.close_panel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reprint_button)
        buttons.addStretch()
        buttons.addWidget(self.done_button)

        outer = QVBoxLayout(self)  # the title stays, the rest scrolls above the keyboard
        outer.setContentsMargins(48, 16, 48, 0)
        outer.addWidget(self.title)
        body = QWidget()
        body.setObjectName("pageBody")
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 8, 0, 16)
        column.setSpacing(18)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        if self.can_scan:
            column.addWidget(scan_help)
            column.addWidget(self.scan_button)
            column.addWidget(named_label("subtitle", t("lookup.or_type")))
        else:
            column.addWidget(named_label("subtitle", t("lookup.type")))
        column.addLayout(form)
        column.addWidget(self.answer)
        column.addLayout(buttons)
        column.addStretch()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt override)
        return False  # it scrolls (see WizardPage)

    def t(self, key: str, **params: object) -> str:
        return tr(self.language, key, **params)

    # -- by QR code ------------------------------------------------------------------------
    def scan(self) -> None:
        face_check, printing = self.kiosk.face_check, self._printing()
        if face_check is None or printing is None:
            return
        self._stop_scan.clear()
        stop, language = self._stop_scan, self.language
        self.scan_button.setEnabled(False)
        self.answer.setText(self.t("lookup.scanning"))

        def read_code() -> LookupResult:
            from kiosk.vision.qr import decode_qr

            source = face_check.open_camera()
            payload = None
            try:
                deadline = time.monotonic() + SCAN_SECONDS
                while payload is None and not stop.is_set() and time.monotonic() < deadline:
                    frame = source.read()
                    if frame is None:
                        break
                    payload = decode_qr(frame.image)
            finally:
                source.close()
            result: LookupResult = printing.lookup(payload, language)
            return result

        self.jobs.run(read_code, self._show, self._failed)

    # -- by number and digits ----------------------------------------------------------------
    def look_up_number(self) -> None:
        printing = self._printing()
        if printing is None or not self.find_button.isEnabled():
            return
        guard = self.wizard.aids
        if guard.lookup_paused():
            self.answer.setText(self.t("lookup.paused"))
            return
        code, last4, language = self.code.text(), self.last4.text(), self.language
        self.find_button.setEnabled(False)

        def found(result: LookupResult) -> None:
            guard.lookup_answered(result.ticket is not None)
            self._show(result)

        self.jobs.run(lambda: printing.lookup_code(code, last4, language), found, self._failed)

    # -- the answer ------------------------------------------------------------------------------
    def _show(self, result: LookupResult) -> None:
        self.result = result
        self.scan_button.setEnabled(True)
        self.find_button.setEnabled(True)
        self.answer.setText(result.message)
        self.reprint_button.setEnabled(True)
        self.reprint_button.setVisible(
            result.ticket is not None and result.can_reprint and self._printing() is not None
        )

    def reprint(self) -> None:
        printing, result = self._printing(), self.result
        if printing is None or result is None or result.ticket is None:
            return
        ticket_id, language = result.ticket.id, self.language
        self.reprint_button.setEnabled(False)

        def printed(outcome: PrintResult) -> None:
            self.answer.setText(outcome.message)
            self.reprint_button.hide()

        def refused(error: BaseException) -> None:
            self.reprint_button.hide()
            self._failed(error)

        self.jobs.run(lambda: printing.reprint_at_kiosk(ticket_id, language), printed, refused)

    def _failed(self, error: BaseException) -> None:
        self.scan_button.setEnabled(True)
        self.find_button.setEnabled(True)
        self.reprint_button.setEnabled(True)
        self.answer.setText(failure_text(error, self.language, "looking a ticket up"))

    def _printing(self) -> Any:
        self.kiosk.start_printing()
        return self.kiosk.printing

    def close_panel(self) -> None:
        self._stop_scan.set()
        self.jobs.shutdown()
        self.closed.emit()

    def shutdown(self) -> None:
        self._stop_scan.set()
        self.jobs.shutdown()

"""Staff sign-in: name, PIN or password, counter. The check runs off the GUI thread.

Signals:
    signed_in(object, str): the StaffMember and the chosen counter id.
    refused(): the name or PIN was refused (not a database outage).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.errors import DomainError
from kiosk.services.site_context import SiteContext
from kiosk.settings.translations import tr
from kiosk.ui.failures import failure_text
from kiosk.ui.jobs import JobRunner


class SignInScreen(QWidget):
    signed_in = Signal(object, str)
    refused = Signal()

    def __init__(
        self,
        site: SiteContext,
        language: str,
        parent: QWidget | None = None,
        *,
        with_counter: bool = True,
        where: str = "",
    ) -> None:
        super().__init__(parent)
        self.site = site
        self.language = language
        self.where = where  # for the audit log: which machine, when not a counter
        self.jobs = JobRunner(self, "sign-in")
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.secret = QLineEdit()
        self.secret.setObjectName("secret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.counter = QComboBox()
        self.with_counter = with_counter
        self.show_counters()
        self.button = QPushButton(tr(language, "staff.sign_in"))
        self.button.setObjectName("signIn")
        self.button.setMinimumHeight(56)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        title = QLabel(site.site.site_name.get(language))
        title.setObjectName("title")
        form = QFormLayout()
        form.addRow(tr(language, "staff.name"), self.name)
        form.addRow(tr(language, "staff.pin"), self.secret)
        if with_counter:
            form.addRow(tr(language, "staff.counter"), self.counter)
        panel = QWidget()
        panel.setObjectName("panel")
        panel.setMaximumWidth(640)
        column = QVBoxLayout(panel)
        column.addWidget(title)
        column.addLayout(form)
        column.addWidget(self.button)
        column.addWidget(self.error)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(panel, 1)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addLayout(row)
        layout.addStretch()
        self.setStyleSheet(
            "QWidget { font-size: 26px; } #error { color: #b00020; }"
            "#title { font-size: 34px; font-weight: bold; margin-bottom: 16px; }"
            "#panel { background: #ffffff; border-radius: 16px; }"
        )
        self.button.clicked.connect(self._on_button_clicked)
        self.secret.returnPressed.connect(self._on_button_clicked)

    def show_counters(self) -> None:
        """The site's counters (again when the settings change)."""
        chosen = self.counter.currentData()
        self.counter.clear()
        for counter in self.site.site.counters:
            self.counter.addItem(counter.name.get(self.language), counter.id)
        index = self.counter.findData(chosen)
        if index >= 0:
            self.counter.setCurrentIndex(index)

    def choose_counter(self, counter_id: str) -> None:
        index = self.counter.findData(counter_id)
        if index >= 0:
            self.counter.setCurrentIndex(index)

    def _on_button_clicked(self) -> None:
        if not self.button.isEnabled():
            return
        counter_id = str(self.counter.currentData()) if self.with_counter else None
        name, secret = self.name.text(), self.secret.text()
        self.secret.clear()
        self.button.setEnabled(False)
        staff = self.site.staff

        def done(member: object) -> None:
            self.button.setEnabled(True)
            self.error.clear()
            self.signed_in.emit(member, counter_id or "")

        def failed(error: BaseException) -> None:
            self.button.setEnabled(True)
            self.error.setText(failure_text(error, self.language, "signing in"))
            if isinstance(error, DomainError):
                self.refused.emit()

        where = self.where
        self.jobs.run(
            lambda: staff.sign_in(name, secret, counter_id=counter_id, where=where), done, failed
        )

    def shutdown(self) -> None:
        self.jobs.shutdown()

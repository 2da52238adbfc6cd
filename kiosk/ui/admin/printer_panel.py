"""Companion of the printer settings: print a sample ticket with the settings as edited."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import ValidationError
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from kiosk.settings.loader import describe_validation_error
from kiosk.settings.models import PrinterSettings
from kiosk.ui.admin.admin_jobs import AdminJobs
from kiosk.ui.admin.settings_form import SettingsForm
from kiosk.ui.widgets.labels import named_label


class TestPrintPanel(QWidget):
    """Companion of the printer settings: print a sample ticket with the settings as edited."""

    def __init__(self, jobs: AdminJobs, t: Callable[..., str], form: SettingsForm) -> None:
        super().__init__()
        self.jobs = jobs
        self.form = form
        self.button = QPushButton(t("admin.test_print"))
        self.button.clicked.connect(self._on_clicked)
        self.message = named_label("message")
        self.message.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        layout.addWidget(self.message, 1)

    def _on_clicked(self) -> None:
        try:
            settings = PrinterSettings.model_validate(self.form.document())
        except ValidationError as exc:
            self.message.setText("\n".join(describe_validation_error(exc)))
            return
        self.button.setEnabled(False)

        def done(result: tuple[bool, str]) -> None:
            self.button.setEnabled(True)
            self.message.setText(result[1])

        self.jobs.test_print(settings, done)

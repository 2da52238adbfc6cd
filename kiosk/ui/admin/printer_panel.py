"""Companion of the printer settings: print a sample ticket with the settings as edited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import ValidationError
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from kiosk.services.ticket_printing import print_test_ticket
from kiosk.settings.loader import describe_validation_error
from kiosk.settings.models import PrinterSettings
from kiosk.ui.admin.settings_form import SettingsForm
from kiosk.ui.widgets.labels import named_label

if TYPE_CHECKING:
    from kiosk.ui.admin.admin_screen import AdminScreen


class TestPrintPanel(QWidget):
    """Companion of the printer settings: print a sample ticket with the settings as edited."""

    def __init__(self, admin: AdminScreen, form: SettingsForm) -> None:
        super().__init__()
        self.admin = admin
        self.form = form
        self.button = QPushButton(admin.t("admin.test_print"))
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
        _ok, text = print_test_ticket(self.admin.site.site, settings, self.admin.language)
        self.message.setText(text)

"""One generated settings page: a section of the site configuration, its Save and messages.

Saving checks the whole site and stores a new version (who and when go to the audit log),
which every machine of the site picks up through the change feed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from kiosk.settings import SiteConfig
from kiosk.settings.models import Text
from kiosk.ui.admin.admin_jobs import AdminJobs
from kiosk.ui.admin.form_context import FormContext
from kiosk.ui.admin.list_editor import ListEditor
from kiosk.ui.admin.schema_fields import list_item_type
from kiosk.ui.admin.settings_form import SettingsForm, make_settings_form
from kiosk.ui.widgets.labels import named_label, restyle

log = logging.getLogger(__name__)


#: Top-level settings that are not sections of their own: they share the "General" page.
GENERAL = "general"


def settings_sections(site: Any) -> list[str]:
    """The pages generated from the site configuration: "general" for the top-level values,
    then one per section (a settings group or a list of objects), in the schema's order."""
    sections = [GENERAL]
    for name, info in type(site).model_fields.items():
        value = getattr(site, name)
        item = list_item_type(info.annotation)
        group = isinstance(value, BaseModel) and not isinstance(value, Text)
        listing = isinstance(item, type) and issubclass(item, BaseModel) and item is not Text
        if group or listing:
            sections.append(name)
    return sections


def general_fields(site: Any) -> list[str]:
    sections = set(settings_sections(site))
    return [n for n in type(site).model_fields if n not in sections and n != "schema_version"]


class SectionPage(QWidget):
    """One generated settings page with its Save button and messages."""

    def __init__(
        self,
        section: str,
        site: SiteConfig,
        context: FormContext,
        jobs: AdminJobs,
        t: Callable[..., str],
        *,
        title: str,
        explanation: str | None,
        on_saved: Callable[[SectionPage], None],
    ) -> None:
        super().__init__()
        self.section = section
        self.jobs = jobs
        self.t = t
        self.on_saved = on_saved
        self.form: SettingsForm | ListEditor
        if section == GENERAL:
            self.form = SettingsForm(site, context, only=general_fields(site))
        else:
            value = getattr(site, section)
            if isinstance(value, BaseModel):
                self.form = SettingsForm(value, context)
            else:
                item = list_item_type(type(site).model_fields[section].annotation)
                assert isinstance(item, type)
                self.form = ListEditor(
                    item, value, context, page=True, make_form=make_settings_form
                )
        self.save_button = QPushButton(t("admin.save"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self._on_save_clicked)
        self.message = named_label("message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        body: QWidget = self.form
        if isinstance(self.form, SettingsForm):
            body = QScrollArea()
            body.setWidgetResizable(True)
            body.setWidget(self.form)
        layout = QVBoxLayout(self)
        layout.addWidget(named_label("pageTitle", title))
        if explanation:
            note = named_label("fieldHelp", explanation)
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(body, 1)
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.save_button)
        layout.addLayout(row)

    def changes(self) -> dict[str, Any]:
        document = self.form.document()
        if self.section == GENERAL:
            assert isinstance(document, dict)
            return document
        return {self.section: document}

    def _on_save_clicked(self) -> None:
        self.save_button.setEnabled(False)

        def saved(version: int) -> None:
            self.save_button.setEnabled(True)
            restyle(self.message, "message")
            self.message.setText(self.t("admin.saved", version=version))
            self.on_saved(self)

        def refused(problems: list[str]) -> None:
            self.save_button.setEnabled(True)
            restyle(self.message, "error")
            self.message.setText(self.t("admin.refused") + "\n" + "\n".join(problems))
            log.info("settings change refused: %d problem(s)", len(problems))

        self.jobs.save_changes(self.changes(), saved, refused)

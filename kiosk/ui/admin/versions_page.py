"""Settings versions on the admin screen: who saved what when, restore, import, export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.settings import SettingsError
from kiosk.ui.widgets.labels import named_label, restyle

if TYPE_CHECKING:
    from kiosk.ui.admin.admin_screen import AdminScreen


class VersionsPage(QWidget):
    def __init__(self, admin: AdminScreen) -> None:
        super().__init__()
        self.admin = admin
        t = admin.t
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [t("admin.version"), t("admin.when"), t("admin.who"), t("admin.comment")]
        )
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.restore_button = QPushButton(t("admin.restore"))
        self.restore_button.clicked.connect(self._on_restore_clicked)
        self.path = QLineEdit()
        self.path.setPlaceholderText(t("admin.file"))
        self.import_button = QPushButton(t("admin.import"))
        self.import_button.clicked.connect(self._on_import_clicked)
        self.export_button = QPushButton(t("admin.export"))
        self.export_button.clicked.connect(self._on_export_clicked)
        self.message = named_label("message")
        self.message.setWordWrap(True)
        files = QHBoxLayout()
        files.addWidget(self.path, 1)
        files.addWidget(self.import_button)
        files.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(named_label("pageTitle", t("admin.page.versions")))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.restore_button)
        layout.addLayout(files)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        history = self.admin.site.settings.history()
        zone = ZoneInfo(self.admin.site.site.timezone)
        self.table.setRowCount(len(history))
        for row, stored in enumerate(history):
            values = [
                str(stored.id),
                f"{stored.created_at.astimezone(zone):%Y-%m-%d %H:%M}",  # site time
                stored.created_by,
                stored.comment,
            ]
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))

    def _done(self, text: str, ok: bool = True) -> None:
        restyle(self.message, "message" if ok else "error")
        self.message.setText(text)
        if ok:
            self.admin.settings_changed()
            self.refresh()

    def _on_restore_clicked(self) -> None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        if item is None:
            self._done(self.admin.t("admin.pick_version"), ok=False)
            return
        version = int(item.text())
        try:
            new = self.admin.site.settings.restore(version, actor=self.admin.member.name)
        except SettingsError as exc:
            self._done("\n".join(exc.problems), ok=False)
            return
        self._done(self.admin.t("admin.restored", old=version, version=new))

    def _on_import_clicked(self) -> None:
        try:
            new = self.admin.site.settings.import_file(
                Path(self.path.text()), actor=self.admin.member.name
            )
        except (SettingsError, OSError) as exc:
            problems = exc.problems if isinstance(exc, SettingsError) else [str(exc)]
            self._done(self.admin.t("admin.refused") + "\n" + "\n".join(problems), ok=False)
            return
        self._done(self.admin.t("admin.saved", version=new))

    def _on_export_clicked(self) -> None:
        try:
            version = self.admin.site.settings.export_file(Path(self.path.text()))
        except OSError as exc:
            self._done(str(exc), ok=False)
            return
        self._done(self.admin.t("admin.exported", version=version, file=self.path.text()))

"""Settings versions on the admin screen: who saved what when, restore, import, export.

Import and export choose their file in a file dialog (a USB stick when one is plugged in)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.admin.admin_jobs import AdminJobs
from kiosk.ui.admin.file_choice import choose_file
from kiosk.ui.widgets.labels import named_label, restyle


class VersionsPage(QWidget):
    def __init__(
        self,
        jobs: AdminJobs,
        t: Callable[..., str],
        timezone: Callable[[], str],
        on_changed: Callable[[], None],
    ) -> None:
        super().__init__()
        self.jobs = jobs
        self.t = t
        self.timezone = timezone
        self.on_changed = on_changed
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
        self.import_button = QPushButton(t("admin.import"))
        self.import_button.clicked.connect(self._on_import_clicked)
        self.export_button = QPushButton(t("admin.export"))
        self.export_button.clicked.connect(self._on_export_clicked)
        self.message = named_label("message")
        self.message.setWordWrap(True)
        files = QHBoxLayout()
        files.addStretch(1)
        files.addWidget(self.import_button)
        files.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(named_label("pageTitle", t("admin.page.versions")))
        about = named_label("fieldHelp", t("admin.explain.versions"))
        about.setWordWrap(True)
        layout.addWidget(about)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.restore_button)
        layout.addLayout(files)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        self.jobs.history(self._show_history, lambda lines: self._done("\n".join(lines), False))

    def _show_history(self, history: list[Any]) -> None:
        zone = ZoneInfo(self.timezone())
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

    def _changed(self, text: str) -> None:
        self._done(text)
        self.on_changed()
        self.refresh()

    def _refused(self, lines: list[str]) -> None:
        self._done(self.t("admin.refused") + "\n" + "\n".join(lines), ok=False)

    def _on_restore_clicked(self) -> None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        if item is None:
            self._done(self.t("admin.pick_version"), ok=False)
            return
        version = int(item.text())
        self.jobs.restore(
            version,
            lambda new: self._changed(self.t("admin.restored", old=version, version=new)),
            lambda lines: self._done("\n".join(lines), ok=False),
        )

    def _on_import_clicked(self) -> None:
        choose_file(self, self.t("admin.import"), self.t("admin.filter.settings"), self.import_from)

    def import_from(self, path: Path) -> None:
        self.jobs.import_file(
            path, lambda new: self._changed(self.t("admin.saved", version=new)), self._refused
        )

    def _on_export_clicked(self) -> None:
        choose_file(
            self,
            self.t("admin.export"),
            self.t("admin.filter.settings"),
            self.export_to,
            save_as="site-settings.json",
        )

    def export_to(self, path: Path) -> None:
        self.jobs.export_file(
            path,
            lambda version: self._done(self.t("admin.exported", version=version, file=str(path))),
            lambda lines: self._done("\n".join(lines), ok=False),
        )

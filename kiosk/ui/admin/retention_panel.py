"""Companion of the retention settings: when the purge last ran, what it deleted, what is due."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.ui.admin.admin_jobs import AdminJobs
from kiosk.ui.widgets.labels import named_label


class RetentionPanel(QWidget):
    def __init__(self, jobs: AdminJobs, t: Callable[..., str], timezone: str) -> None:
        super().__init__()
        self.jobs = jobs
        self.t = t
        self.zone = ZoneInfo(timezone)
        self.last = named_label("retentionLast")
        self.last.setWordWrap(True)
        self.due = named_label("fieldHelp")
        self.due.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.addWidget(named_label("groupTitle", t("admin.retention.title")))
        layout.addWidget(self.last)
        layout.addWidget(self.due)
        self.refresh()

    def refresh(self) -> None:
        self.jobs.retention_status(self._show, lambda lines: self.last.setText("\n".join(lines)))

    def _counts(self, counts: dict[str, int]) -> str:
        return "; ".join(f"{self.t(f'admin.retention.{name}')} {n}" for name, n in counts.items())

    def _show(self, status: Any) -> None:
        last = status.last_run
        if last is None or last.finished_at is None:
            self.last.setText(self.t("admin.retention.never"))
        else:
            self.last.setText(
                self.t(
                    "admin.retention.last",
                    time=f"{last.finished_at.astimezone(self.zone):%Y-%m-%d %H:%M}",
                    machine=last.machine,
                    counts=self._counts(last.counts),
                )
            )
        self.due.setText(
            self.t(
                "admin.retention.next",
                time=f"{status.next_run.astimezone(self.zone):%Y-%m-%d %H:%M}",
                counts=self._counts(status.due),
            )
        )

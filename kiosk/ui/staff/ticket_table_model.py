"""Waiting tickets of a counter, in calling order, as a Qt table model."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from kiosk.domain.intake import HELP_LANGUAGE_PREFIX, LANGUAGE_HELP
from kiosk.domain.ticket import Ticket
from kiosk.settings.translations import tr

Index = QModelIndex | QPersistentModelIndex


def describe_flags(flags: frozenset[str], language: str, help_names: dict[str, str]) -> list[str]:
    """A ticket's flags as a clerk reads them; a needed language is named, not coded."""
    helps = sorted(f.removeprefix(HELP_LANGUAGE_PREFIX) for f in flags if f.startswith("help:"))
    words = [
        tr(language, f"staff.flag.{flag}")
        for flag in sorted(flags)
        if not flag.startswith(HELP_LANGUAGE_PREFIX) and not (helps and flag == LANGUAGE_HELP)
    ]
    words += [tr(language, "staff.flag.help", name=help_names.get(h, h)) for h in helps]
    return words


class TicketTableModel(QAbstractTableModel):
    COLUMNS = ("ticket", "queue", "waited", "flags")

    def __init__(
        self,
        language: str,
        queue_names: dict[str, str],
        help_names: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.language = language
        self.queue_names = queue_names
        self.help_names = help_names or {}
        self.tickets: list[Ticket] = []
        self.now: datetime | None = None

    def set_tickets(self, tickets: list[Ticket], now: datetime) -> None:
        self.beginResetModel()
        self.tickets = tickets
        self.now = now
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.tickets)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(self.language, f"staff.col.{self.COLUMNS[section]}")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        ticket = self.tickets[index.row()]
        column = self.COLUMNS[index.column()]
        if column == "ticket":
            return ticket.code
        if column == "queue":
            return self.queue_names.get(ticket.queue_id, ticket.queue_id)
        if column == "waited":
            minutes = int(
                ((self.now or ticket.arrived_at) - ticket.arrived_at).total_seconds() // 60
            )
            return f"{minutes} min"
        flags = []
        if ticket.priority_class != "normal":
            flags.append(tr(self.language, "staff.flag.priority"))
        flags += describe_flags(ticket.flags, self.language, self.help_names)
        return "   ".join(f"⚑ {flag}" for flag in flags)  # a mark to catch the eye, and words

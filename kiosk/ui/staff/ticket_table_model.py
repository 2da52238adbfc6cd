"""Waiting tickets of a counter, in calling order, as a Qt table model."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtGui import QStandardItem, QStandardItemModel

from kiosk.domain.intake import HELP_LANGUAGE_PREFIX, LANGUAGE_HELP
from kiosk.domain.ticket import Ticket
from kiosk.settings.translations import tr


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


class TicketTableModel(QStandardItemModel):
    """The cells are texts made once per read of the queue: drawing and sizing a long list
    then runs no Python (a view asks a model for a dozen roles of every cell it draws)."""

    COLUMNS = ("ticket", "queue", "waited", "flags")

    def __init__(
        self,
        language: str,
        queue_names: dict[str, str],
        help_names: dict[str, str] | None = None,
    ) -> None:
        super().__init__(0, len(self.COLUMNS))
        self.language = language
        self.queue_names = queue_names
        self.help_names = help_names or {}
        self.tickets: list[Ticket] = []
        self.now: datetime | None = None
        self.setHorizontalHeaderLabels([tr(language, f"staff.col.{c}") for c in self.COLUMNS])

    def set_tickets(self, tickets: list[Ticket], now: datetime) -> None:
        self.tickets = tickets
        self.now = now
        known = self.rowCount()
        self.setRowCount(len(tickets))
        for row, ticket in enumerate(tickets):
            for column, text in enumerate(self.row_texts(ticket)):
                if row >= known:
                    item = QStandardItem(text)
                    item.setEditable(False)
                    self.setItem(row, column, item)
                elif (item := self.item(row, column)).text() != text:
                    item.setText(text)  # (only a changed cell is drawn again)

    def row_texts(self, ticket: Ticket) -> list[str]:
        """The ticket's cells: code, queue, minutes waited, flags."""
        minutes = int(((self.now or ticket.arrived_at) - ticket.arrived_at).total_seconds() // 60)
        flags = []
        if ticket.priority_class != "normal":
            flags.append(tr(self.language, "staff.flag.priority"))
        flags += describe_flags(ticket.flags, self.language, self.help_names)
        return [
            ticket.code,
            self.queue_names.get(ticket.queue_id, ticket.queue_id),
            f"{minutes} min",
            "   ".join(f"⚑ {flag}" for flag in flags),  # a mark to catch the eye, and words
        ]

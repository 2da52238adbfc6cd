"""What came of printing or looking up a ticket, and how the visitor is told (no reportlab
here: the kiosk's first screens use these before the ticket renderer is loaded)."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.domain.ticket import Ticket
from kiosk.services.printers import PrinterState
from kiosk.settings.translations import tr


@dataclass(frozen=True, slots=True)
class PrintResult:
    """What the kiosk shows after printing; ``message`` is in the visitor's language."""

    ticket: Ticket
    printed: bool
    state: PrinterState
    message: str
    detail: str
    job_id: int
    backend: str = ""


@dataclass(frozen=True, slots=True)
class LookupResult:
    ticket: Ticket | None
    message: str
    can_reprint: bool


def print_message(result: PrintResult, language: str) -> str:
    """What the visitor reads about ``result``, in ``language`` (which may have changed)."""
    if not result.printed:
        return tr(language, "print.failed", code=result.ticket.code)
    return tr(language, "print.saved" if result.backend == "pdf_folder" else "print.ok")

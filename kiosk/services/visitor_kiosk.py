"""The visitor kiosk put together: intake, printing and the face check over one site.

This is the one place that wires a visitor kiosk: ``kiosk visitor``, ``kiosk demo`` (and its
autopilot) and the UI tests all build theirs here, so they run the same parts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.services.face_check import CameraChoice, FaceCheckParts
from kiosk.services.intake_service import IntakeService
from kiosk.services.site_context import SiteContext

if TYPE_CHECKING:  # reportlab is loaded after the first screen is up
    from kiosk.services.printers import Printer
    from kiosk.services.ticket_printing import TicketPrinting

log = logging.getLogger(__name__)


@dataclass
class VisitorKiosk:
    """What the visitor wizard needs from the rest of the kiosk.

    ``face_check`` is None when the kiosk has no camera step at all; ``printing`` stays None
    until :meth:`start_printing` (tickets are then shown on screen only).
    """

    site: SiteContext
    intake: IntakeService
    face_check: FaceCheckParts | None = None
    printing: TicketPrinting | None = None
    printer: Printer | None = field(default=None, repr=False)

    def start_printing(self) -> None:
        """Load the ticket renderer and printer (reportlab, the printer backend)."""
        if self.printing is not None:
            return
        from kiosk.services.ticket_printing import TicketPrinting

        try:
            self.printing = TicketPrinting(self.site.queue, self.printer)
        except ValueError as exc:
            log.error("printer settings incomplete, tickets shown on screen only: %s", exc)

    def device_state(self) -> tuple[str | None, str | None]:
        """(camera, printer) for the heartbeat: "ok", "demo" or "none" for the camera; the
        printer's own state ("ready", "media_empty" …), or None before printing started."""
        if self.face_check is None or not self.face_check.available:
            camera = "none"
        else:
            camera = "demo" if self.face_check.demo else "ok"
        printer = None
        if self.printing is not None:
            try:
                printer = self.printing.printer.status().state.value
            except Exception as exc:  # a device that cannot even say: reported as such
                log.info("printer status unknown: %s", exc)
                printer = "unknown"
        return camera, printer

    def close(self) -> None:
        if self.face_check is not None:
            self.face_check.close()


def compose_visitor_kiosk(
    site: SiteContext,
    *,
    camera: CameraChoice | None,
    printer: Printer | None = None,
) -> VisitorKiosk:
    """A visitor kiosk on ``site``; ``camera`` None means no face check step at all."""
    face_check = (
        FaceCheckParts(site.db, site.in_force, camera, demo_site=site.demo_site)
        if camera is not None
        else None
    )
    intake = IntakeService(site.queue, face_check, site.clock)
    return VisitorKiosk(site, intake, face_check, None, printer)

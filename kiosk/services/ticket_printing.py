"""Printing queue tickets, and looking them up from their QR code.

A ticket exists once it is issued; printing is a separate step that may fail without losing
anything. Every attempt is a print-job row and an audit event, so the staff console sees a
failed print at once and can reprint; the visitor is told, in their language, to note the
number.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.domain.clock import Clock, system_clock
from kiosk.domain.errors import DomainError, NotFound
from kiosk.domain.ticket import CALLABLE, Ticket, TicketState
from kiosk.domain.ticket_reference import (
    InvalidReference,
    TicketReference,
    sign_reference,
    verify_reference,
)
from kiosk.services.print_results import LookupResult, PrintResult, print_message
from kiosk.services.printers import Printer, PrinterState, PrintFailed, make_printer
from kiosk.services.queue_service import QueueService, TicketRef
from kiosk.services.receipt import ReceiptContent, RenderedReceipt, render_receipt_pdf
from kiosk.settings import SiteConfig
from kiosk.settings.models import PrinterSettings
from kiosk.settings.translations import tr
from kiosk.storage import cases as case_rows
from kiosk.storage import print_jobs
from kiosk.storage.audit import record
from kiosk.storage.database import data_dir
from kiosk.storage.secrets import site_secret

log = logging.getLogger(__name__)


class ReprintRefused(DomainError):
    """A visitor asked a kiosk for more reprints of a ticket than it gives; staff can."""


ZH = "zh_CN"


class TicketPrinting:
    """Rendering and printing tickets with the printer settings in force at each print.

    ``printer`` fixes one device instead (tests, a reception desk's own printer).
    Raises ValueError when the settings in force name no usable printer.
    """

    def __init__(
        self,
        queue: QueueService,
        printer: Printer | None = None,
        clock: Clock = system_clock,
    ) -> None:
        self.queue = queue
        self.db = queue.db
        self.clock = clock
        self._fixed = printer
        self._made: tuple[PrinterSettings, Printer] | None = None
        self.printer  # noqa: B018 (settings that name no printer are refused here, at once)

    @property
    def printer(self) -> Printer:
        """The printer the settings in force name (the same object while they do not change)."""
        if self._fixed is not None:
            return self._fixed
        wanted = self.queue.site.printer
        made = self._made
        if made is None or made[0] != wanted:
            made = (wanted, make_printer(wanted, data_dir()))
            self._made = made
        return made[1]

    def _secret(self) -> bytes:
        with self.db.write() as conn:
            return site_secret(conn, "ticket_reference", self.clock())

    def reference(self, ticket: Ticket) -> str:
        return sign_reference(
            self._secret(), TicketReference(ticket.id, ticket.service_day, ticket.code)
        )

    # -- content and rendering ---------------------------------------------------------------
    def content(self, ref: TicketRef, language: str) -> ReceiptContent:
        site = self.queue.site
        ticket = self.queue.public_ticket(ref)
        queue = site.queue(ticket.queue_id)
        if ticket.case_type:
            case = site.case_type(ticket.case_type)
            case_name = case.name.get(language)
            case_name_zh = case.name.get(ZH) if language != ZH else None
        else:
            case_name = queue.name.get(language)
            case_name_zh = queue.name.get(ZH) if language != ZH else None
        wait_line = None
        wait = self.queue.estimate_if_waiting(ticket.id) if ticket.state in CALLABLE else None
        if wait is not None:  # (a ticket called meanwhile prints without a wait)
            wait_line = (
                tr(
                    language,
                    "receipt.ahead_and_wait",
                    ahead=wait.people_ahead,
                    minutes=wait.minutes,
                )
                if wait.people_ahead
                else tr(language, "receipt.next")
            )
        issued = ticket.arrived_at.astimezone(ZoneInfo(site.timezone))
        return ReceiptContent(
            site_name=site.site_name.get(language),
            your_number=tr(language, "receipt.your_number"),
            code=ticket.code,
            case_name=case_name,
            case_name_zh=case_name_zh if case_name_zh != case_name else None,
            wait_line=wait_line,
            waiting_area=queue.waiting_area.get(language) if queue.waiting_area else None,
            issued_line=tr(language, "receipt.issued", time=f"{issued:%Y-%m-%d %H:%M}"),
            reminders=tuple(r.get(language) for r in site.printer.house_rules_reminder),
            qr_payload=self.reference(ticket),
            qr_caption=tr(language, "receipt.scan"),
            keep_line=tr(language, "receipt.keep"),
        )

    def render(
        self, ref: TicketRef, language: str, paper_width_mm: int | None = None
    ) -> RenderedReceipt:
        width = paper_width_mm or self.queue.site.printer.paper_width_mm
        return render_receipt_pdf(self.content(ref, language), width)

    # -- printing ----------------------------------------------------------------------------
    def print_ticket(
        self,
        ref: TicketRef,
        language: str,
        *,
        actor: str = "kiosk",
        reprint: bool = False,
        allowed_reprints: int | None = None,
    ) -> PrintResult:
        """Render and print; never raises for printer trouble (the result says what happened).

        ``allowed_reprints``: a visitor reprinting at a kiosk may do so this many times per
        ticket (settings: security.kiosk_reprints); past that, ReprintRefused (audited)."""
        ticket = self.queue.public_ticket(ref)
        receipt = self.render(ticket.id, language)
        printer = self.printer
        with self.db.write() as conn:
            made = 0 if allowed_reprints is None else print_jobs.reprints_by(conn, ticket.id, actor)
            refused = allowed_reprints is not None and made >= allowed_reprints
            if refused:
                record(
                    conn,
                    at=self.clock(),
                    actor=actor,
                    action="reprint_refused",
                    entity="ticket",
                    entity_id=ticket.id,
                    details={"code": ticket.code, "count": made},
                )
            job_id = (
                None
                if refused
                else print_jobs.start_job(
                    conn,
                    ticket_id=ticket.id,
                    now=self.clock(),
                    backend=printer.backend,
                    printer=printer.name,
                    reprint=reprint,
                    actor=actor,
                )
            )
        if job_id is None:
            log.info("ticket %s: a further reprint at a kiosk was refused", ticket.code)
            raise ReprintRefused(tr(language, "lookup.reprint_at_counter"))
        try:
            printer.print_pdf(
                receipt.pdf,
                title=ticket.code,
                paper_width_mm=receipt.width_mm,
                height_mm=receipt.height_mm,
            )
        except PrintFailed as failure:
            log.warning("ticket %s did not print: %s", ticket.code, failure)
            self._finish(job_id, ticket, actor, "failed", failure.state, failure.detail)
            result = PrintResult(
                ticket, False, failure.state, "", failure.detail, job_id, printer.backend
            )
            return replace(result, message=self.describe(result, language))
        self._finish(job_id, ticket, actor, "printed", PrinterState.READY, "")
        result = PrintResult(ticket, True, PrinterState.READY, "", "", job_id, printer.backend)
        return replace(result, message=self.describe(result, language))

    def reprint_at_kiosk(self, ref: TicketRef, language: str) -> PrintResult:
        """A visitor's reprint from their ticket's QR code, within the settings' allowance."""
        allowed = self.queue.site.security.kiosk_reprints
        return self.print_ticket(
            ref, language, actor="kiosk", reprint=True, allowed_reprints=allowed
        )

    @staticmethod
    def describe(result: PrintResult, language: str) -> str:
        return print_message(result, language)

    def _finish(
        self,
        job_id: int,
        ticket: Ticket,
        actor: str,
        status: str,
        state: PrinterState,
        detail: str,
    ) -> None:
        now = self.clock()
        with self.db.write() as conn:
            print_jobs.finish_job(conn, job_id, now=now, status=status, state=state, detail=detail)
            record(
                conn,
                at=now,
                actor=actor,
                action="print_failed" if status == "failed" else "printed",
                entity="ticket",
                entity_id=ticket.id,
                details={"code": ticket.code, "job": job_id, "printer_state": state.value},
            )

    def failed_jobs(self, limit: int = 50) -> list[print_jobs.PrintJob]:
        """Failed prints whose ticket has not been printed since: what staff should reprint."""
        with self.db.read() as conn:
            failed = print_jobs.jobs(conn, status="failed", limit=limit)
            printed = {j.ticket_id for j in print_jobs.jobs(conn, status="printed", limit=500)}
        latest: dict[int, print_jobs.PrintJob] = {}
        for job in failed:
            if job.ticket_id not in printed:
                latest.setdefault(job.ticket_id, job)
        return list(latest.values())

    # -- look-up by QR code -------------------------------------------------------------------
    def lookup(self, payload: str | None, language: str) -> LookupResult:
        if not payload:
            return LookupResult(None, tr(language, "lookup.unreadable"), False)
        try:
            reference = verify_reference(self._secret(), payload)
        except InvalidReference as exc:
            log.warning("rejected a ticket code: %s", exc)
            return LookupResult(None, tr(language, "lookup.forged"), False)
        ticket = self.queue.public_ticket(reference.ticket_id)
        if ticket.code != reference.code or ticket.service_day != reference.service_day:
            return LookupResult(None, tr(language, "lookup.forged"), False)
        return self.describe_ticket(ticket, language)

    def lookup_code(self, code: str, last4: str, language: str) -> LookupResult:
        """Today's ticket ``code`` if its visitor's phone number ends in ``last4`` (for a
        visitor without the printed ticket). One answer for a wrong code and wrong digits."""
        no_match = LookupResult(None, tr(language, "lookup.no_match"), False)
        digits = "".join(c for c in last4 if c.isdigit())
        if len(digits) != 4:
            return no_match
        try:
            ticket = self.queue.public_ticket(code.strip().upper())
        except NotFound:
            return no_match
        with self.db.read() as conn:
            matches = case_rows.ticket_matches(conn, ticket.id, digits)
        return self.describe_ticket(ticket, language) if matches else no_match

    def describe_ticket(self, ticket: Ticket, language: str) -> LookupResult:
        """Where the ticket stands: its place and wait, or the counter it was called to."""
        if ticket.service_day != self.queue.today():
            return LookupResult(
                ticket,
                tr(language, "lookup.other_day", day=f"{ticket.service_day:%Y-%m-%d}"),
                False,
            )
        wait = self.queue.estimate_if_waiting(ticket.id) if ticket.state in CALLABLE else None
        if wait is None and ticket.state in CALLABLE:
            ticket = self.queue.public_ticket(ticket.id)  # called in between: say where to go
        counter = self.queue.site.counter(ticket.counter_id).number if ticket.counter_id else None
        if wait is not None:
            key = "lookup.waiting" if wait.people_ahead else "lookup.next"
            message = tr(
                language, key, code=ticket.code, ahead=wait.people_ahead, minutes=wait.minutes
            )
        else:
            message = tr(
                language, f"lookup.{ticket.state.value}", code=ticket.code, counter=counter
            )
        open_states = CALLABLE | {TicketState.CALLED, TicketState.SERVING, TicketState.ON_HOLD}
        return LookupResult(ticket, message, ticket.state in open_states)

    def lookup_image(self, path: Path, language: str) -> LookupResult:
        from kiosk.vision.qr import decode_qr_file

        return self.lookup(decode_qr_file(path), language)


def print_test_ticket(
    site: SiteConfig,
    settings: PrinterSettings,
    language: str,
    *,
    printer: Printer | None = None,
    clock: Clock = system_clock,
) -> tuple[bool, str]:
    """Print a sample ticket with ``settings`` (saved or not); (printed, message to show).

    No ticket is issued: the sample shows the number "TEST" and a QR code that looks up nothing.
    """
    issued = clock().astimezone(ZoneInfo(site.timezone))
    content = ReceiptContent(
        site_name=site.site_name.get(language),
        your_number=tr(language, "receipt.your_number"),
        code="TEST",
        case_name=tr(language, "admin.test_print.case"),
        case_name_zh=None,
        wait_line=None,
        waiting_area=None,
        issued_line=tr(language, "receipt.issued", time=f"{issued:%Y-%m-%d %H:%M}"),
        reminders=tuple(r.get(language) for r in settings.house_rules_reminder),
        qr_payload="kiosk-test-print",
        qr_caption=tr(language, "admin.test_print.case"),
        keep_line=tr(language, "receipt.keep"),
    )
    receipt = render_receipt_pdf(content, settings.paper_width_mm)
    try:
        device = printer or make_printer(settings, data_dir())
        where = device.print_pdf(
            receipt.pdf,
            title="test print",
            paper_width_mm=receipt.width_mm,
            height_mm=receipt.height_mm,
        )
    except ValueError as exc:  # the settings name no printer
        return False, tr(language, "admin.test_print.failed", detail=str(exc))
    except PrintFailed as failure:
        log.warning("test print failed: %s", failure)
        return False, tr(language, "admin.test_print.failed", detail=failure.detail)
    log.info("test print sent to the %s printer", settings.backend.value)
    return True, tr(language, "admin.test_print.ok", where=where)

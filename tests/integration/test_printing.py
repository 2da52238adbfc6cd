"""Printing tickets through a real CUPS server, ESC/POS and a folder, and every way it fails."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from escpos.printer import Dummy
from sqlalchemy import select

from kiosk.domain.ticket_reference import verify_reference
from kiosk.services.printers import (
    CupsPrinter,
    EscposPrinter,
    PdfFolderPrinter,
    PrinterState,
)
from kiosk.services.queue_service import QueueService
from kiosk.services.ticket_printing import TicketPrinting
from kiosk.settings import SiteConfig
from kiosk.storage import Database
from kiosk.storage.schema import audit_log, tickets
from kiosk.vision.qr import decode_qr_file
from tests.cups_queues import add_queue, lp, wait_for_output
from tests.pdf_tools import fonts_of, page_size_mm, text_of, to_png

PAPER_OUT_BACKEND = """#!/bin/sh
# A printer whose paper has run out: what a thermal printer's backend reports.
if [ $# -eq 0 ]; then echo 'direct kiosk-paperout "Unknown" "Kiosk paper-out test"'; exit 0; fi
cat > /dev/null
echo "STATE: +media-empty-error" >&2
echo "ERROR: the printer is out of paper" >&2
exit 4
"""


@pytest.fixture
def paper_out_queue(cups: None) -> Iterator[str]:
    backend = Path("/usr/lib/cups/backend/kiosk-paperout")
    backend.write_text(PAPER_OUT_BACKEND)
    backend.chmod(0o755)
    name = f"kiosk-paperout-{uuid.uuid4().hex[:8]}"
    add_queue(name, "kiosk-paperout:/")
    yield name
    lp("lpadmin", "-x", name)
    backend.unlink(missing_ok=True)


@pytest.fixture
def queue(db: Database, site: SiteConfig) -> QueueService:
    return QueueService(db, site)


def print_failures_audited(db: Database) -> list[str]:
    with db.read() as conn:
        rows = conn.execute(
            select(audit_log.c.details).where(audit_log.c.action == "print_failed")
        ).scalars()
        return [r["code"] for r in rows]


def test_real_cups_prints_an_80mm_ticket_with_cjk_font_and_valid_code(
    queue: QueueService, pdf_queue: str, tmp_path: Path
) -> None:
    ticket = queue.issue(case_type="minor_spending_refund", language="zh_CN")
    printer = CupsPrinter(pdf_queue)
    printing = TicketPrinting(queue, printer)
    result = printing.print_ticket(ticket.id, "zh_CN")
    assert result.printed, result.detail
    assert result.message == "号票已打印，请取走。"
    jobs = lp("lpstat", "-W", "completed", "-o", pdf_queue).stdout
    job = jobs.split()[0]
    output = wait_for_output(job)
    width, height = page_size_mm(output)
    assert width == pytest.approx(80, abs=0.5)
    assert height < 200
    assert "S001" in text_of(output)
    fonts = fonts_of(output)
    assert any("WenQuanYi" in f["name"] and f["emb"] == "yes" for f in fonts), fonts
    payload = decode_qr_file(to_png(output, tmp_path / "printed"))
    assert payload is not None
    secret = printing._secret()
    assert verify_reference(secret, payload).ticket_id == ticket.id
    output.unlink()


def test_disabled_cups_printer_keeps_the_ticket_and_tells_everyone(
    queue: QueueService, db: Database, pdf_queue: str
) -> None:
    lp("cupsdisable", pdf_queue)
    ticket = queue.issue(case_type="other", language="en")
    printing = TicketPrinting(queue, CupsPrinter(pdf_queue))
    result = printing.print_ticket(ticket.id, "en")
    assert not result.printed
    assert result.state is PrinterState.PAUSED
    assert result.message.startswith(
        "The printer cannot print right now. Please note your number, C001."
    )
    assert queue.get(ticket.id).code == "C001"  # the ticket exists and still waits
    assert [j.ticket_code for j in printing.failed_jobs()] == ["C001"]
    assert print_failures_audited(db) == ["C001"]
    lp("cupsenable", pdf_queue)
    again = printing.print_ticket(ticket.id, "en", actor="staff", reprint=True)
    assert again.printed
    assert printing.failed_jobs() == []


def test_missing_cups_queue_is_reported(queue: QueueService, cups: None) -> None:
    ticket = queue.issue(queue_id="general")
    result = TicketPrinting(queue, CupsPrinter("no-such-printer")).print_ticket(ticket.id, "zh_CN")
    assert not result.printed
    assert result.state is PrinterState.UNREACHABLE
    assert "A001" in result.message
    assert "no printer queue named no-such-printer" in result.detail


def test_out_of_paper_is_detected_and_the_job_is_not_left_behind(
    queue: QueueService, db: Database, paper_out_queue: str
) -> None:
    ticket = queue.issue(queue_id="wallet")
    printer = CupsPrinter(paper_out_queue)
    printing = TicketPrinting(queue, printer)
    result = printing.print_ticket(ticket.id, "zh_CN")
    assert not result.printed
    assert result.state is PrinterState.MEDIA_EMPTY, result.detail
    assert "W001" in result.message
    assert lp("lpstat", "-o", paper_out_queue).stdout.strip() == ""  # cancelled, not queued
    # Before the next ticket, the printer already says why it cannot print.
    assert printer.status().state is PrinterState.MEDIA_EMPTY
    assert print_failures_audited(db) == ["W001"]


def test_escpos_prints_a_raster_image_of_the_right_width_and_cuts(queue: QueueService) -> None:
    ticket = queue.issue(queue_id="general")
    device = Dummy()
    printing = TicketPrinting(queue, EscposPrinter("dummy", device=device))
    result = printing.print_ticket(ticket.id, "en")
    assert result.printed
    data = device.output
    raster = data.find(b"\x1dv0")  # GS v 0: print raster bit image
    assert raster >= 0
    width_bytes = data[raster + 4] + 256 * data[raster + 5]
    assert width_bytes == 576 // 8  # 72 mm at 203 dpi
    height_dots = data[raster + 6] + 256 * data[raster + 7]
    assert 700 < height_dots < 1600
    assert data.endswith(b"\x1dV\x00")  # GS V 0: full cut, after the image
    assert data.rfind(b"\x1dV\x00") > raster


def test_unreachable_escpos_printer_keeps_the_ticket(queue: QueueService, db: Database) -> None:
    ticket = queue.issue(queue_id="general")
    printing = TicketPrinting(queue, EscposPrinter("tcp://127.0.0.1:9"))
    result = printing.print_ticket(ticket.id, "zh_CN")
    assert not result.printed
    assert result.state is PrinterState.UNREACHABLE
    assert result.message == "打印机暂时无法打印。请记下您的号票 A001，工作人员可以为您补打。"
    with db.read() as conn:
        assert conn.execute(select(tickets.c.state)).scalar_one() == "waiting"
    assert [j.printer_state for j in printing.failed_jobs()] == ["unreachable"]


def test_pdf_folder_and_qr_lookup_with_reprint(queue: QueueService, tmp_path: Path) -> None:
    queue.issue(queue_id="general")
    ticket = queue.issue(case_type="messaging_recovery")
    printing = TicketPrinting(queue, PdfFolderPrinter(tmp_path / "tickets"))
    result = printing.print_ticket(ticket.id, "en")
    assert result.printed
    [saved] = (tmp_path / "tickets").glob("A002-*.pdf")
    image = to_png(saved, tmp_path / "scan")
    found = printing.lookup_image(image, "en")
    assert found.ticket is not None
    assert found.ticket.id == ticket.id
    assert found.message == "A002: 1 ahead of you · about 12 min."
    assert found.can_reprint
    queue.call_next("c1")
    queue.call_next("c2")
    assert printing.lookup_image(image, "zh_CN").message == "A002：请立即前往 2 号窗口。"


def test_forged_and_unreadable_codes_are_refused(queue: QueueService, tmp_path: Path) -> None:
    ticket = queue.issue(queue_id="general")
    printing = TicketPrinting(queue, PdfFolderPrinter(tmp_path))
    genuine = printing.reference(ticket)
    forged = genuine.replace(".A001.", ".A002.")
    result = printing.lookup(forged, "en")
    assert (result.ticket, result.can_reprint) == (None, False)
    assert result.message == "This code is not a ticket from this centre."
    assert printing.lookup("KT1.1.20260101.A001.AAAAAAAAAAAAAAAA", "zh_CN").message == (
        "这个二维码不是本中心发出的号票。"
    )
    assert printing.lookup(None, "en").message.startswith("No ticket code could be read")


def test_a_visitor_reprints_once_at_a_kiosk_and_more_needs_staff(
    queue: QueueService, db: Database, tmp_path: Path
) -> None:
    from kiosk.services.ticket_printing import ReprintRefused
    from kiosk.settings.translations import tr

    ticket = queue.issue(case_type="minor_spending_refund", language="en")
    printing = TicketPrinting(queue, PdfFolderPrinter(tmp_path))
    assert printing.print_ticket(ticket.id, "en").printed  # the first print is no reprint
    again = printing.reprint_at_kiosk(ticket.id, "en")
    assert again.printed
    with pytest.raises(ReprintRefused) as refused:
        printing.reprint_at_kiosk(ticket.id, "zh_CN")
    assert str(refused.value) == tr("zh_CN", "lookup.reprint_at_counter")
    by_staff = printing.print_ticket(ticket.id, "en", actor="Wang Fang", reprint=True)
    assert by_staff.printed  # a clerk may always reprint
    with db.read() as conn:
        actions = conn.execute(
            select(audit_log.c.action, audit_log.c.actor)
            .where(audit_log.c.entity_id == str(ticket.id))
            .order_by(audit_log.c.id)
        ).all()
    assert [tuple(a) for a in actions if a[0] in ("printed", "reprint_refused")] == [
        ("printed", "kiosk"),
        ("printed", "kiosk"),
        ("reprint_refused", "kiosk"),
        ("printed", "Wang Fang"),
    ]

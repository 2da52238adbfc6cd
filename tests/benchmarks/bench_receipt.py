"""Time from an issued ticket to its receipt PDF, and the bare rendering.

Target (DESIGN.md): submit → ticket PDF ready, median ≤ 50 ms. The baseline, measured in the
same run, is reportlab writing a one-line page, so the ratio shows the receipt's own cost.
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from reportlab.pdfgen import canvas

from kiosk.services.printers import PdfFolderPrinter
from kiosk.services.queue_service import QueueService
from kiosk.services.receipt import render_receipt_pdf
from kiosk.services.ticket_printing import TicketPrinting
from kiosk.settings import default_site
from kiosk.storage import Database

RUNS = 60
TARGET_MS = 50.0


def median_ms(action: Callable[[], object], runs: int = RUNS) -> float:
    action()  # warm: fonts registered, statements compiled
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def bare_page() -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(226, 340))
    page.drawString(10, 300, "A001")
    page.save()
    return buffer.getvalue()


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        db.upgrade()
        queue = QueueService(db, default_site())
        for _ in range(10):
            queue.issue(case_type="messaging_recovery")
        printing = TicketPrinting(queue, PdfFolderPrinter(Path(tmp) / "out"))
        ticket = queue.issue(case_type="minor_spending_refund", language="en")
        content = printing.content(ticket.id, "en")

        baseline = median_ms(bare_page)
        render_only = median_ms(lambda: render_receipt_pdf(content, 80))
        issue_to_pdf = median_ms(
            lambda: printing.render(queue.issue(case_type="other", language="zh_CN").id, "zh_CN")
        )
        db.dispose()
    verdict = "meets" if issue_to_pdf <= TARGET_MS else "MISSES"
    print("receipt rendering (median of 60 runs)")
    print(f"  bare reportlab page      {baseline:6.2f} ms   (baseline)")
    print(f"  receipt render only      {render_only:6.2f} ms   ratio {render_only / baseline:5.1f}")
    print(
        f"  issue + receipt PDF      {issue_to_pdf:6.2f} ms   target ≤ {TARGET_MS:.0f} ms:", verdict
    )
    return 0 if issue_to_pdf <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())

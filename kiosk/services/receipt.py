"""Queue tickets as PDF receipts: 80 mm (or 58 mm) wide, as tall as their content.

One layout serves every output: the PDF goes to CUPS or a folder as it is, and thermal
printers get the same PDF rasterised, so a ticket looks the same wherever it is printed.
Text is drawn with ``drawString`` (no markup is interpreted), and the receipt carries no text
the visitor typed: a lost ticket gives nothing away.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Literal

import qrcode
import qrcode.constants
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from kiosk.services.fonts import ticket_fonts

MM = 72 / 25.4
#: paper width -> (side margin, size of the ticket number in points)
PAPER = {80: (4.0, 54.0), 58: (3.0, 40.0)}
#: blank space above and below the QR code (four modules of a version-2 code at 30 mm)
QUIET_ZONE_MM = 5.0


@dataclass(frozen=True, slots=True)
class ReceiptContent:
    """Everything printed on one ticket, already in the visitor's language."""

    site_name: str
    your_number: str
    code: str
    case_name: str
    case_name_zh: str | None
    wait_line: str | None
    waiting_area: str | None
    issued_line: str
    reminders: tuple[str, ...]
    qr_payload: str
    qr_caption: str
    keep_line: str


_TOKEN = re.compile(r"[A-Za-z0-9'’\-.,:;!?()/&%+@#]+|\s+|.", re.DOTALL)


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` points.

    Latin words stay whole; Chinese may break between any two characters, since it has no
    spaces to break at.
    """
    lines: list[str] = []
    current = ""
    for token in _TOKEN.findall(text):
        candidate = current + token
        if pdfmetrics.stringWidth(candidate, font, size) <= width or not current.strip():
            current = candidate
            continue
        lines.append(current.rstrip())
        current = "" if token.isspace() else token
    if current.strip():
        lines.append(current.rstrip())
    return lines or [""]


Align = Literal["center", "left"]


@dataclass(frozen=True, slots=True)
class _Text:
    lines: list[str]
    font: str
    size: float
    align: Align = "center"
    gap_after: float = 2.0  # mm
    hanging: float = 0.0  # points: indent of continuation lines (left-aligned text)

    @property
    def height(self) -> float:
        return len(self.lines) * self.size * 1.25 + self.gap_after * MM


@dataclass(frozen=True, slots=True)
class _Rule:
    height: float = 3.0 * MM


@dataclass(frozen=True, slots=True)
class _QR:
    matrix: list[list[bool]]
    side: float  # points

    @property
    def height(self) -> float:
        # White space around the code: QR readers need a quiet zone of four modules.
        return self.side + 2 * QUIET_ZONE_MM * MM


def qr_matrix(payload: str) -> list[list[bool]]:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(payload)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def _blocks(content: ReceiptContent, paper_mm: int) -> tuple[list[_Text | _Rule | _QR], float]:
    margin, number_size = PAPER[paper_mm]
    width = (paper_mm - 2 * margin) * MM
    fonts = ticket_fonts()

    def text(value: str, size: float, *, font: str = fonts.text, gap: float = 2.0) -> _Text:
        return _Text(wrap(value, font, size, width), font, size, gap_after=gap)

    number_font_size = number_size
    while pdfmetrics.stringWidth(content.code, fonts.bold, number_font_size) > width:
        number_font_size -= 2
    blocks: list[_Text | _Rule | _QR] = [
        text(content.site_name, 11, gap=1.5),
        _Rule(),
        text(content.your_number, 10, gap=0.5),
        _Text([content.code], fonts.bold, number_font_size, gap_after=1.0),
        text(content.case_name, 12, gap=0.5 if content.case_name_zh else 2.0),
    ]
    if content.case_name_zh:
        blocks.append(text(content.case_name_zh, 10))
    if content.wait_line:
        blocks.append(text(content.wait_line, 11, gap=1.0))
    if content.waiting_area:
        # The bold face is Latin-only; the waiting area may be Chinese, so it gets size instead.
        blocks.append(text(content.waiting_area, 13))
    blocks.append(text(content.issued_line, 9))
    blocks.append(_Rule())
    bullet = "• "
    indent = pdfmetrics.stringWidth(bullet, fonts.text, 8.5)
    for reminder in content.reminders:
        lines = wrap(reminder, fonts.text, 8.5, width - indent)
        lines[0] = bullet + lines[0]
        blocks.append(_Text(lines, fonts.text, 8.5, "left", 0.8, hanging=indent))
    blocks.append(text(content.keep_line, 8.5))
    qr_side = (30.0 if paper_mm == 80 else 26.0) * MM
    blocks.append(_QR(qr_matrix(content.qr_payload), qr_side))
    blocks.append(text(content.qr_caption, 8, gap=0.0))
    return blocks, width


@dataclass(frozen=True, slots=True)
class RenderedReceipt:
    pdf: bytes
    width_mm: int
    height_mm: float


def render_receipt_pdf(content: ReceiptContent, paper_width_mm: int = 80) -> RenderedReceipt:
    if paper_width_mm not in PAPER:
        raise ValueError(f"paper width must be one of {sorted(PAPER)} mm")
    margin = PAPER[paper_width_mm][0] * MM
    top_bottom = 5 * MM
    blocks, width = _blocks(content, paper_width_mm)
    page_width = paper_width_mm * MM
    page_height = sum(b.height for b in blocks) + 2 * top_bottom
    buffer = io.BytesIO()
    pdf = canvas.Canvas(
        buffer,
        pagesize=(page_width, page_height),
        pageCompression=1,
        initialFontName=ticket_fonts().text,  # otherwise an unembedded Helvetica is listed
    )
    pdf.setTitle(f"Ticket {content.code}")
    pdf.setAuthor(content.site_name)
    y = page_height - top_bottom
    for block in blocks:
        if isinstance(block, _Text):
            pdf.setFont(block.font, block.size)
            for index, line in enumerate(block.lines):
                y -= block.size * 1.25
                baseline = y + block.size * 0.25
                if block.align == "center":
                    pdf.drawCentredString(page_width / 2, baseline, line)
                else:
                    pdf.drawString(margin + (block.hanging if index else 0), baseline, line)
            y -= block.gap_after * MM
        elif isinstance(block, _Rule):
            y -= block.height / 2
            pdf.setLineWidth(0.6)
            pdf.setDash(2, 2)
            pdf.line(margin, y, margin + width, y)
            pdf.setDash()
            y -= block.height / 2
        else:
            y -= block.height
            _draw_qr(pdf, block, (page_width - block.side) / 2, y + QUIET_ZONE_MM * MM)
    pdf.showPage()
    pdf.save()
    return RenderedReceipt(buffer.getvalue(), paper_width_mm, page_height / MM)


def _draw_qr(pdf: canvas.Canvas, qr: _QR, left: float, bottom: float) -> None:
    """Modules as filled rectangles, one per horizontal run: crisp at any printer resolution."""
    count = len(qr.matrix)
    module = qr.side / count
    pdf.setFillColorRGB(0, 0, 0)
    for row_index, row in enumerate(qr.matrix):
        y = bottom + qr.side - (row_index + 1) * module
        column = 0
        while column < count:
            if not row[column]:
                column += 1
                continue
            start = column
            while column < count and row[column]:
                column += 1
            pdf.rect(left + start * module, y, (column - start) * module, module, stroke=0, fill=1)

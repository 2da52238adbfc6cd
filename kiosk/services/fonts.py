"""Fonts for printed tickets: a CJK TrueType font (embedded as a subset) and a bold Latin one.

PDF embedding needs TrueType outlines; the Noto CJK fonts are CFF-based, so tickets use
WenQuanYi Micro Hei (Debian ``fonts-wqy-microhei``), or another TrueType CJK font found below.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kiosk.resources import resource_path

CJK_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)
BOLD_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
)


class FontMissing(RuntimeError):
    pass


@dataclass(frozen=True, slots=True)
class TicketFonts:
    text: str
    bold: str
    text_path: Path
    bold_path: Path


def _first_existing(candidates: tuple[str, ...], bundled: str) -> Path | None:
    shipped = (
        sorted(resource_path("fonts").glob(bundled)) if resource_path("fonts").exists() else []
    )
    for path in [*shipped, *map(Path, candidates)]:
        if path.exists():
            return path
    return None


@cache
def ticket_fonts() -> TicketFonts:
    """Register the fonts with reportlab once; FontMissing names the package to install."""
    cjk = _first_existing(CJK_CANDIDATES, "*cjk*.tt[fc]")
    if cjk is None:
        raise FontMissing(
            "no TrueType Chinese font found for tickets; install the Debian package "
            "fonts-wqy-microhei (./scripts/setup.sh does)"
        )
    bold = _first_existing(BOLD_CANDIDATES, "*bold*.ttf") or cjk
    pdfmetrics.registerFont(TTFont("KioskText", str(cjk), subfontIndex=0))
    pdfmetrics.registerFont(TTFont("KioskBold", str(bold), subfontIndex=0))
    return TicketFonts("KioskText", "KioskBold", cjk, bold)

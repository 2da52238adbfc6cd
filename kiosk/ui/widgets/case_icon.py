"""Drawn pictograms for the case-type tiles (no emoji or icon font needed)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

#: The pictograms an administrator can give a case type.
ICONS = ("chat", "appeal", "wallet", "child", "shop", "help")


class CaseIcon(QWidget):
    def __init__(
        self, name: str, colour: str = "#0b57d0", size: int = 96, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.name = name
        self.colour = colour
        self.setFixedSize(size, size)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = float(self.width())
        p.setPen(
            QPen(QColor(self.colour), s * 0.06, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        )
        u = s / 10
        name = self.name
        if name == "chat":
            p.drawRoundedRect(QRectF(u, 1.5 * u, 8 * u, 5.5 * u), u, u)
            p.drawLine(QPointF(3 * u, 7 * u), QPointF(2.5 * u, 9 * u))
            p.drawLine(QPointF(2.5 * u, 9 * u), QPointF(5 * u, 7 * u))
        elif name == "appeal":
            p.drawLine(QPointF(5 * u, u), QPointF(5 * u, 9 * u))
            p.drawLine(QPointF(2 * u, 3 * u), QPointF(8 * u, 3 * u))
            p.drawArc(QRectF(u, 3 * u, 2.5 * u, 3 * u), 180 * 16, 180 * 16)
            p.drawArc(QRectF(6.5 * u, 3 * u, 2.5 * u, 3 * u), 180 * 16, 180 * 16)
            p.drawLine(QPointF(3 * u, 9 * u), QPointF(7 * u, 9 * u))
        elif name == "wallet":
            p.drawRoundedRect(QRectF(u, 2.5 * u, 8 * u, 6 * u), u, u)
            p.drawRoundedRect(QRectF(5.5 * u, 4.5 * u, 3.5 * u, 2 * u), 0.5 * u, 0.5 * u)
        elif name == "child":
            p.drawEllipse(QPointF(5 * u, 2.5 * u), 1.5 * u, 1.5 * u)
            p.drawLine(QPointF(5 * u, 4 * u), QPointF(5 * u, 7 * u))
            p.drawLine(QPointF(3 * u, 5 * u), QPointF(7 * u, 5 * u))
            p.drawLine(QPointF(5 * u, 7 * u), QPointF(3.5 * u, 9 * u))
            p.drawLine(QPointF(5 * u, 7 * u), QPointF(6.5 * u, 9 * u))
        elif name == "shop":
            p.drawRect(QRectF(1.5 * u, 4.5 * u, 7 * u, 4.5 * u))
            p.drawLine(QPointF(u, 4.5 * u), QPointF(2 * u, 1.5 * u))
            p.drawLine(QPointF(2 * u, 1.5 * u), QPointF(8 * u, 1.5 * u))
            p.drawLine(QPointF(8 * u, 1.5 * u), QPointF(9 * u, 4.5 * u))
            p.drawRect(QRectF(4 * u, 6 * u, 2 * u, 3 * u))
        else:  # help: a question mark in a circle
            p.drawEllipse(QPointF(5 * u, 5 * u), 4 * u, 4 * u)
            p.drawArc(QRectF(3.5 * u, 2.5 * u, 3 * u, 3 * u), 180 * 16, -270 * 16)
            p.drawLine(QPointF(5 * u, 5.5 * u), QPointF(5 * u, 6.3 * u))
            p.drawPoint(QPointF(5 * u, 7.6 * u))
        p.end()

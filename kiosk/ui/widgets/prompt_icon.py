"""Simple drawn pictograms for the liveness prompts (no emoji font needed)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from kiosk.domain.liveness import Challenge


class PromptIcon(QWidget):
    def __init__(self, parent: QWidget | None = None, size: int = 120) -> None:
        super().__init__(parent)
        self._challenge: Challenge | None = None
        self.setFixedSize(size, size)

    def set_challenge(self, challenge: Challenge | None) -> None:
        self._challenge = challenge
        # hidden without a prompt, so that the text beside it stays centred
        self.setVisible(challenge is not None)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        if self._challenge is None:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = float(self.width())
        pen = QPen(QColor("#0b3d91"), s * 0.06, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        face = QRectF(s * 0.2, s * 0.1, s * 0.6, s * 0.8)
        c = self._challenge
        if c in (Challenge.TURN_LEFT, Challenge.TURN_RIGHT):
            direction = -1 if c is Challenge.TURN_LEFT else 1
            y = s * 0.5
            p.drawLine(
                QPointF(s * 0.5 - direction * s * 0.35, y),
                QPointF(s * 0.5 + direction * s * 0.35, y),
            )
            tip = QPointF(s * 0.5 + direction * s * 0.35, y)
            p.drawLine(tip, QPointF(tip.x() - direction * s * 0.18, y - s * 0.18))
            p.drawLine(tip, QPointF(tip.x() - direction * s * 0.18, y + s * 0.18))
        elif c is Challenge.NOD:
            x = s * 0.5
            p.drawLine(QPointF(x, s * 0.12), QPointF(x, s * 0.88))
            for tip, sign in ((QPointF(x, s * 0.12), 1), (QPointF(x, s * 0.88), -1)):
                p.drawLine(tip, QPointF(x - s * 0.15, tip.y() + sign * s * 0.15))
                p.drawLine(tip, QPointF(x + s * 0.15, tip.y() + sign * s * 0.15))
        else:
            p.drawEllipse(face)
            eye_y = s * 0.4
            for x in (s * 0.38, s * 0.62):
                if c is Challenge.BLINK:
                    p.drawLine(QPointF(x - s * 0.07, eye_y), QPointF(x + s * 0.07, eye_y))
                else:
                    p.drawPoint(QPointF(x, eye_y))
            if c is Challenge.OPEN_MOUTH:
                p.drawEllipse(QRectF(s * 0.42, s * 0.58, s * 0.16, s * 0.2))
            elif c is Challenge.SMILE:
                path = QPainterPath(QPointF(s * 0.36, s * 0.62))
                path.quadTo(QPointF(s * 0.5, s * 0.8), QPointF(s * 0.64, s * 0.62))
                p.drawPath(path)
            else:
                p.drawLine(QPointF(s * 0.4, s * 0.68), QPointF(s * 0.6, s * 0.68))
        p.end()

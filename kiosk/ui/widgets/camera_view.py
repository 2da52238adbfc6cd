"""The live camera picture, mirrored like a looking-glass, with the face-guide oval."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QImage,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

READY = QColor("#2e9d4f")
NOT_READY = QColor("#e0a100")


class CameraView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._ready = False
        self._size = (0, 0)
        self.setMinimumSize(320, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_frame(self, image: QImage, ready: bool) -> None:
        self._image = image
        self._ready = ready
        self.update()

    def target_size(self) -> tuple[int, int]:
        """Read from the camera thread: two ints, updated on resize (a stale value is harmless)."""
        return self._size

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        self._size = (self.width(), self.height())
        super().resizeEvent(event)

    def clear(self) -> None:
        self._image = None
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#1b1f24"))
        area = QRectF(self.rect())
        if self._image is not None and not self._image.isNull():
            picture = self._image  # already mirrored and scaled by the camera thread
            scaled = picture.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF(
                (self.width() - scaled.width()) / 2,
                (self.height() - scaled.height()) / 2,
                scaled.width(),
                scaled.height(),
            )
            painter.drawImage(target, picture)
            area = target
        oval_h = area.height() * 0.78
        oval_w = oval_h * 0.72
        oval = QRectF(
            area.center().x() - oval_w / 2, area.center().y() - oval_h / 2, oval_w, oval_h
        )
        shade = QPainterPath()
        shade.setFillRule(Qt.FillRule.OddEvenFill)
        shade.addRect(area)
        shade.addEllipse(oval)  # odd-even: everything but the oval is dimmed
        painter.fillPath(shade, QColor(0, 0, 0, 130))
        painter.setPen(QPen(READY if self._ready else NOT_READY, 6))
        painter.drawEllipse(oval)
        painter.end()

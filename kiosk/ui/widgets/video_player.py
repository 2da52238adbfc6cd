"""A recorded face-check video played from memory: its JPEG frames, at their own times.

Nothing is written to disk: the frames arrive decrypted from the vault and Qt decodes each one
as it is shown. The player keeps the picture's proportions in whatever room it has.

Signals:
    finished(): the last frame is on screen.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget


class VideoPlayer(QWidget):
    finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("videoPlayer")
        self.setMinimumSize(320, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._frames: list[tuple[int, bytes]] = []
        self._index = 0
        self._image: QImage | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._next)

    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    @property
    def position(self) -> int:
        """The index of the frame on screen."""
        return self._index

    def load(self, frames: list[tuple[int, bytes]]) -> None:
        self.stop()
        self._frames = frames
        self._index = 0
        self._show(0)

    def play(self) -> None:
        if not self._frames:
            return
        self._timer.stop()
        self._index = 0
        self._show(0)
        self._schedule()

    def stop(self) -> None:
        self._timer.stop()

    def clear(self) -> None:
        """Forget the frames (the case was closed)."""
        self.stop()
        self._frames = []
        self._image = None
        self.update()

    def _schedule(self) -> None:
        if self._index + 1 >= len(self._frames):
            self.finished.emit()
            return
        gap = self._frames[self._index + 1][0] - self._frames[self._index][0]
        self._timer.start(max(10, min(gap, 1000)))

    def _next(self) -> None:
        self._index += 1
        self._show(self._index)
        self._schedule()

    def _show(self, index: int) -> None:
        if 0 <= index < len(self._frames):
            image = QImage.fromData(self._frames[index][1])
            self._image = None if image.isNull() else image
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.black)
        if self._image is not None:
            picture = self._image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
            x = (self.width() - picture.width()) / 2
            y = (self.height() - picture.height()) / 2
            painter.drawImage(QRectF(x, y, picture.width(), picture.height()), self._image)
        painter.end()

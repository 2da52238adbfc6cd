"""The camera loop: read a frame, run the liveness check on it, hand the result to the screen.

Signals:
    frame_ready(QImage, object): a copy of the newest frame and its Feedback.
    check_finished(object): the LivenessOutcome, once the check has ended (or could not go on).
    camera_failed(str): why the camera or the model could not be used (for the log).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtGui import QImage

from kiosk.vision.liveness_check import LivenessCheck
from kiosk.vision.sources import FrameSource, Image, SourceError

log = logging.getLogger(__name__)


def to_qimage(bgr: Image) -> QImage:
    """A QImage that owns its pixels (the frame buffer may be reused by the next read)."""
    rgb = np.ascontiguousarray(np.asarray(bgr)[:, :, ::-1])
    height, width = rgb.shape[:2]
    return QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


class CameraThread(QThread):
    frame_ready = Signal(QImage, object)
    check_finished = Signal(object)
    camera_failed = Signal(str)

    def __init__(
        self,
        open_source: Callable[[], FrameSource],
        new_check: Callable[[], LivenessCheck],
        parent: object = None,
        view_size: Callable[[], tuple[int, int]] | None = None,
    ) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.setObjectName("camera")  # the thread's name in the system, e.g. in /proc
        self._open_source = open_source
        self._new_check = new_check
        self._view_size = view_size
        # Hand the interpreter over to the GUI thread more often than every 5 ms.
        sys.setswitchinterval(0.001)

    def _prepare(self, image: Image) -> QImage:
        """Mirrored and scaled here, so the GUI thread only copies pixels to the screen."""
        picture = to_qimage(image).flipped(Qt.Orientation.Horizontal)
        if self._view_size is not None:
            width, height = self._view_size()
            if width > 0 and height > 0:
                picture = picture.scaled(
                    width,
                    height,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.FastTransformation,
                )
        return picture

    def run(self) -> None:
        try:
            source = self._open_source()
        except Exception as exc:  # no camera, bad file: the visitor is routed to a manual check
            log.warning("camera could not start: %s", exc)
            self.camera_failed.emit(str(exc))
            return
        try:
            check = self._new_check()
        except Exception as exc:  # model or vault key problem
            log.error("liveness check could not start: %s", exc)
            source.close()
            self.camera_failed.emit(str(exc))
            return
        interrupted: str | None = None
        try:
            while not self.isInterruptionRequested():
                try:
                    frame = source.read()
                except SourceError as exc:
                    interrupted = str(exc)
                    log.warning("camera lost: %s", exc)
                    self.camera_failed.emit(interrupted)
                    break
                if frame is None:
                    interrupted = "the camera stopped sending pictures"
                    self.camera_failed.emit(interrupted)
                    break
                feedback = check.step(frame)
                self.frame_ready.emit(self._prepare(frame.image), feedback)
                if feedback.finished:
                    break
            if not self.isInterruptionRequested():
                self.check_finished.emit(check.finish(interrupted=interrupted))
        finally:
            source.close()
            check.close()

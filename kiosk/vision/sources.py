"""Where frames come from: a camera, a video file, or one still image repeated.

One interface for the kiosk, the tests and the evaluation. ``read()`` returns the next
:class:`Frame` or None at the end; a camera that stops answering raises :class:`SourceLost`.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

# A damaged video is reported in plain words (see VideoFileSource.unreadable), not by the
# decoder's own lines on stderr; set before OpenCV loads its FFmpeg backend.
os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")

import cv2
from cv2.typing import MatLike

Image = MatLike  # a BGR picture as OpenCV returns it


class SourceError(RuntimeError):
    """A source that cannot be opened or read, with the reason in plain words."""


class SourceLost(SourceError):
    """The camera stopped delivering frames (unplugged, taken by another program)."""


@dataclass(frozen=True, slots=True)
class Frame:
    image: Image  # BGR
    timestamp_ms: int
    index: int


class FrameSource(Protocol):
    fps: float
    description: str

    def read(self) -> Frame | None: ...

    def close(self) -> None: ...


def _fit(image: Image, max_width: int | None) -> Image:
    if max_width is None or image.shape[1] <= max_width:
        return image
    scale = max_width / image.shape[1]
    size = (max_width, round(image.shape[0] * scale))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


class VideoFileSource:
    """A video file at its own frame rate; ``loop`` restarts it, ``realtime`` paces it.
    ``unreadable()`` says how many of the frames the file announced could not be decoded."""

    def __init__(
        self,
        path: Path,
        *,
        loop: bool = False,
        realtime: bool = False,
        max_width: int | None = 640,
    ) -> None:
        if not path.exists():
            raise SourceError(f"the video {path} does not exist")
        self._path = path
        self._capture = cv2.VideoCapture(str(path))
        if not self._capture.isOpened():
            raise SourceError(f"the video {path} cannot be opened (not a video OpenCV can read)")
        fps = self._capture.get(cv2.CAP_PROP_FPS)
        self.fps = fps if 1 <= fps <= 120 else 30.0
        #: frames the file's header announces (0 when it does not say)
        self.announced_frames = max(0, int(self._capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0))
        self.description = f"video {path.name}"
        self._loop = loop
        self._realtime = realtime
        self._max_width = max_width
        self._index = 0
        self._offset_ms = 0
        self._started = time.monotonic()
        first = self._capture.read()
        if not first[0]:
            self._capture.release()
            raise SourceError(f"the video {path} has no readable frame (empty or truncated)")
        self._pending: Image | None = first[1]

    def unreadable(self) -> int:
        """Announced frames not decoded (so far): a damaged or cut-off file."""
        return max(0, self.announced_frames - self._index)

    def read(self) -> Frame | None:
        if self._pending is not None:
            image, self._pending = self._pending, None
        else:
            ok, image = self._capture.read()
            if not ok:
                if not self._loop or self._index == 0:
                    return None
                self._capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
                ok, image = self._capture.read()
                if not ok:
                    return None
        timestamp = round(self._index * 1000 / self.fps)
        if self._realtime:
            delay = self._started + timestamp / 1000 - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        frame = Frame(_fit(image, self._max_width), timestamp, self._index)
        self._index += 1
        return frame

    def close(self) -> None:
        self._capture.release()


class StillImageSource:
    """One picture repeated at ``fps``: what a camera sees when a photo is held up to it."""

    def __init__(self, path: Path, *, fps: float = 30.0, frames: int = 300) -> None:
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if image is None:
            raise SourceError(f"the image {path} cannot be read")
        self._image: Image = _fit(image, 640)
        self.fps = fps
        self.description = f"still image {path.name}"
        self._frames = frames
        self._index = 0

    def read(self) -> Frame | None:
        if self._index >= self._frames:
            return None
        frame = Frame(self._image.copy(), round(self._index * 1000 / self.fps), self._index)
        self._index += 1
        return frame

    def close(self) -> None:
        pass


class CameraSource:
    """A camera by index. Several empty reads in a row mean the camera is gone."""

    def __init__(self, index: int = 0, *, width: int = 640, height: int = 480) -> None:
        self._capture = cv2.VideoCapture(index)
        if not self._capture.isOpened():
            raise SourceError(f"no camera answers at index {index}")
        self._capture.set(cv2.CAP_PROP_FRAME_WIDTH, width)
        self._capture.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
        fps = self._capture.get(cv2.CAP_PROP_FPS)
        self.fps = fps if 1 <= fps <= 120 else 30.0
        #: frames the file's header announces (0 when it does not say)
        self.announced_frames = max(0, int(self._capture.get(cv2.CAP_PROP_FRAME_COUNT) or 0))
        self.description = f"camera {index}"
        self._started = time.monotonic()
        self._index = 0
        self._misses = 0

    def read(self) -> Frame | None:
        ok, image = self._capture.read()
        if not ok:
            self._misses += 1
            if self._misses >= 10:
                raise SourceLost(f"{self.description} stopped sending pictures")
            return self.read()
        self._misses = 0
        frame = Frame(image, round((time.monotonic() - self._started) * 1000), self._index)
        self._index += 1
        return frame

    def close(self) -> None:
        self._capture.release()


def open_source(spec: str | Path, *, loop: bool = False, realtime: bool = False) -> FrameSource:
    """``camera:0``, an image file (held-up photo) or a video file."""
    text = str(spec)
    if text.startswith("camera:"):
        return CameraSource(int(text.split(":", 1)[1] or 0))
    path = Path(text)
    if path.suffix.lower() in {".jpg", ".jpeg", ".png", ".bmp"}:
        return StillImageSource(path)
    return VideoFileSource(path, loop=loop, realtime=realtime)

"""Recording the liveness video in memory (never unencrypted on disk) and choosing a best frame.

The video is Motion-JPEG: one JPEG per frame, packed with their times in a small container
(``KVID1``, see kiosk.domain.recording). It goes straight from memory into the encrypted
vault. ``export_avi`` writes a standard MJPG ``.avi`` for an investigator who asks for one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from kiosk.domain.recording import pack_recording, unpack_recording
from kiosk.vision.measure import Measure
from kiosk.vision.sources import Image


@dataclass(frozen=True, slots=True)
class Recording:
    video: bytes
    best_frame: bytes | None  # JPEG
    frames: int
    duration_ms: int


class VideoRecorder:
    def __init__(self, *, max_width: int = 480, max_fps: float = 15.0, quality: int = 75) -> None:
        self._max_width = max_width
        self._min_gap_ms = 1000.0 / max_fps
        self._quality = quality
        self._frames: list[tuple[int, bytes]] = []
        self._last_ms: float = -1e9
        self._best: tuple[float, bytes] | None = None
        self._size: tuple[int, int] | None = None

    def _encode(self, image: Image) -> bytes:
        ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, self._quality])
        if not ok:
            raise ValueError("a frame could not be encoded as JPEG")
        return bytes(data)

    def add(self, image: Image, timestamp_ms: int, measure: Measure | None = None) -> None:
        if timestamp_ms - self._last_ms >= self._min_gap_ms * 0.9:  # tolerate frame jitter
            self._last_ms = timestamp_ms
            height, width = image.shape[:2]
            if width > self._max_width:
                scale = self._max_width / width
                image = cv2.resize(image, (self._max_width, round(height * scale)))
            self._size = (image.shape[1], image.shape[0])
            self._frames.append((timestamp_ms, self._encode(image)))
        if measure is not None and measure.face is not None and measure.face_count == 1:
            # Sharp, frontal, eyes open: what a clerk compares with an ID photo.
            frontal = max(0.0, 1 - (abs(measure.yaw) + abs(measure.pitch)) / 30)
            eyes = min(1.0, (measure.ear_left + measure.ear_right) / 0.5)
            score = measure.sharpness * frontal * eyes
            if self._best is None or score > self._best[0]:
                self._best = (score, self._encode(image))

    def finish(self) -> Recording:
        video = pack_recording(self._size, self._frames)
        duration = self._frames[-1][0] - self._frames[0][0] if self._frames else 0
        best = self._best[1] if self._best else None
        return Recording(video, best, len(self._frames), duration)


def read_frames(video: bytes) -> Iterator[tuple[int, Image]]:
    """Decode a recording made by :class:`VideoRecorder`: (time in ms, BGR image)."""
    for timestamp, jpeg in unpack_recording(video):
        data = np.frombuffer(jpeg, dtype=np.uint8)
        image = cv2.imdecode(data, cv2.IMREAD_COLOR)
        if image is None:
            raise ValueError("a frame of the recording is damaged")
        yield timestamp, image


def export_avi(video: bytes, path: Path) -> int:
    """Write the recording as an MJPG .avi; returns the number of frames written."""
    frames = list(read_frames(video))
    if not frames:
        raise ValueError("the recording has no frames")
    height, width = frames[0][1].shape[:2]
    span = max(1, frames[-1][0] - frames[0][0])
    fps = max(1.0, (len(frames) - 1) * 1000 / span) if len(frames) > 1 else 15.0
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), fps, (width, height))
    try:
        for _, image in frames:
            writer.write(image)
    finally:
        writer.release()
    return len(frames)

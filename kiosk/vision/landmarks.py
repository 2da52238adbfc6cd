"""MediaPipe's face landmarker, wrapped: faces with 478 points, blendshapes and head pose.

A second, tiled pass finds faces the full-frame pass misses because they are small (a phone
held up at arm's length, a person far behind the visitor). It is run every few frames, not on
every frame, to keep the cost of a frame low, and uses only the face detector of the model
bundle: boxes are all it needs, and the detector costs a sixth of the memory of a second
landmarker.
"""

from __future__ import annotations

import io
import logging
import math
import os
import sys
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from kiosk.vision.model import verified_model_bytes
from kiosk.vision.sources import Image

log = logging.getLogger(__name__)

Box = tuple[float, float, float, float]  # x0, y0, x1, y1, as fractions of the frame


@dataclass(frozen=True, slots=True)
class FaceObservation:
    points: NDArray[np.float32]  # (478, 3): x, y as fractions of the frame, z relative depth
    box: Box
    blendshapes: dict[str, float]
    yaw: float  # degrees, positive = the person turns to their left
    pitch: float  # degrees, positive = the person looks up
    roll: float

    @property
    def width(self) -> float:
        return self.box[2] - self.box[0]


def pose_from_matrix(matrix: NDArray[np.float64]) -> tuple[float, float, float]:
    """Yaw, pitch, roll in degrees from the facial transformation matrix's rotation."""
    r = np.asarray(matrix, dtype=np.float64)[:3, :3]
    pitch = math.degrees(math.atan2(r[2, 1], r[2, 2]))
    yaw = math.degrees(math.atan2(-r[2, 0], math.hypot(r[2, 1], r[2, 2])))
    roll = math.degrees(math.atan2(r[1, 0], r[0, 0]))
    return yaw, pitch, roll


def _box(points: NDArray[np.float32]) -> Box:
    xs, ys = points[:, 0], points[:, 1]
    return float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max())


class FaceLandmarks:
    """Landmarks for a stream of frames (VIDEO mode), plus the tiled search for small faces."""

    def __init__(self, model_path: Path | None = None, *, max_faces: int = 1) -> None:
        import mediapipe as mp
        from mediapipe.tasks.python import BaseOptions, vision

        self._mp = mp
        model = verified_model_bytes(model_path)

        def options(mode: Any, faces: int) -> Any:
            return vision.FaceLandmarkerOptions(
                base_options=BaseOptions(model_asset_buffer=model),
                running_mode=mode,
                num_faces=faces,
                min_face_detection_confidence=0.5,
                min_face_presence_confidence=0.5,
                min_tracking_confidence=0.5,
                output_face_blendshapes=True,
                output_facial_transformation_matrixes=True,
            )

        detector = zipfile.ZipFile(io.BytesIO(model)).read("face_detector.tflite")
        with _native_stderr_silenced():
            self._video = vision.FaceLandmarker.create_from_options(
                options(vision.RunningMode.VIDEO, max_faces)
            )
            self._detector = vision.FaceDetector.create_from_options(
                vision.FaceDetectorOptions(
                    base_options=BaseOptions(model_asset_buffer=detector),
                    running_mode=vision.RunningMode.IMAGE,
                    min_detection_confidence=0.5,
                )
            )
            # Warm up both graphs on a blank picture: the first inference is slow and chatty.
            blank = np.zeros((64, 64, 3), np.uint8)
            self._video.detect_for_video(self._mp_image(blank), 0)
            self._detector.detect(self._mp_image(blank))
        self._last_timestamp = 0
        self._offset = 0

    def _mp_image(self, bgr: Image) -> Any:
        rgb = np.ascontiguousarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
        return self._mp.Image(image_format=self._mp.ImageFormat.SRGB, data=rgb)

    def detect(self, bgr: Image, timestamp_ms: int) -> list[FaceObservation]:
        # VIDEO mode needs strictly increasing timestamps, and its smoothing needs the real
        # time between frames: a new stream (the next visitor, a looping clip) that starts
        # again at 0 is shifted to follow on, keeping its own spacing.
        timestamp = timestamp_ms + self._offset
        if timestamp <= self._last_timestamp:
            self._offset = self._last_timestamp + 1 - timestamp_ms
            timestamp = timestamp_ms + self._offset
        self._last_timestamp = timestamp
        result = self._video.detect_for_video(self._mp_image(bgr), timestamp)
        faces = []
        for index, landmarks in enumerate(result.face_landmarks):
            points = np.array([(p.x, p.y, p.z) for p in landmarks], dtype=np.float32)
            shapes = {c.category_name: float(c.score) for c in result.face_blendshapes[index]}
            yaw, pitch, roll = pose_from_matrix(
                np.array(result.facial_transformation_matrixes[index])
            )
            faces.append(FaceObservation(points, _box(points), shapes, yaw, pitch, roll))
        return faces

    def search_small_faces(self, bgr: Image) -> list[Box]:
        """Faces found in 2×2 overlapping tiles, each enlarged; boxes in whole-frame fractions."""
        height, width = bgr.shape[:2]
        tile_w, tile_h = int(width * 0.6), int(height * 0.6)
        found: list[Box] = []
        for x0 in (0, width - tile_w):
            for y0 in (0, height - tile_h):
                tile = bgr[y0 : y0 + tile_h, x0 : x0 + tile_w]
                tile = cv2.resize(tile, (tile_w * 2, tile_h * 2), interpolation=cv2.INTER_LINEAR)
                result = self._detector.detect(self._mp_image(tile))
                for detection in result.detections:
                    found_box = detection.bounding_box  # pixels of the enlarged tile
                    left = x0 + found_box.origin_x / 2
                    top = y0 + found_box.origin_y / 2
                    box = (
                        max(0.0, left / width),
                        max(0.0, top / height),
                        min(1.0, (left + found_box.width / 2) / width),
                        min(1.0, (top + found_box.height / 2) / height),
                    )
                    if not any(box_overlap(box, other) > 0.3 for other in found):
                        found.append(box)
        return found

    def search_close_face(self, bgr: Image) -> Box | None:
        """A face too close for the landmarker (it overfills the frame): the frame is placed
        in a larger grey canvas, where the whole face fits, and the detector looks there. The
        box, in whole-frame fractions, then reaches past the frame's edges."""
        height, width = bgr.shape[:2]
        pad_x, pad_y = int(width * 0.6), int(height * 0.6)
        canvas = cv2.copyMakeBorder(
            bgr, pad_y, pad_y, pad_x, pad_x, cv2.BORDER_CONSTANT, value=(128, 128, 128)
        )
        result = self._detector.detect(self._mp_image(canvas))
        boxes = [
            (
                (d.bounding_box.origin_x - pad_x) / width,
                (d.bounding_box.origin_y - pad_y) / height,
                (d.bounding_box.origin_x + d.bounding_box.width - pad_x) / width,
                (d.bounding_box.origin_y + d.bounding_box.height - pad_y) / height,
            )
            for d in result.detections
        ]
        return max(boxes, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]), default=None)

    def close(self) -> None:
        with _native_stderr_silenced():  # its accelerators say goodbye on stderr
            self._video.close()
            self._detector.close()


@contextmanager
def _native_stderr_silenced() -> Iterator[None]:
    """MediaPipe's C++ start-up notes go to file descriptor 2; keep them off the console."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def box_overlap(a: Box, b: Box) -> float:
    """Intersection over the smaller box's area."""
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return ix * iy / smaller if smaller > 0 else 0.0

"""Presentation-attack cues, each reported as a score with how it was computed.

Planarity: a photo held up to the camera is flat, so however it is tilted, the landmarks of
one frame map onto another's through a single homography. A real head turning is not flat: the
nose moves against the cheeks (parallax) and no homography explains the motion. The score is
the share of frame pairs, among those with enough movement, whose motion a homography explains
to within measurement noise. Without enough movement it is not computed, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from kiosk.vision.measure import Measure

# Spread over the whole face, in depth too: nose tip and bridge, eye corners, mouth corners,
# chin, jaw, forehead, cheeks.
POINTS = (
    1,
    4,
    6,
    168,
    33,
    133,
    362,
    263,
    61,
    291,
    199,
    152,
    234,
    454,
    10,
    109,
    338,
    50,
    280,
    127,
    356,
)
MIN_MOTION = 0.04  # landmarks must move this much (fraction of face width) between a pair
FLAT_RESIDUAL = 0.008  # what a homography leaves unexplained on a flat picture (noise)


@dataclass(frozen=True, slots=True)
class CueScore:
    name: str
    computed: bool
    value: float | None  # 1.0 = certainly an attack cue, 0.0 = certainly not
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return {"computed": self.computed, "value": self.value, "detail": self.detail}


class PlanarityCue:
    def __init__(self, max_samples: int = 240) -> None:
        self._samples: list[tuple[NDArray[np.float64], float]] = []
        self._max = max_samples

    def add(self, measure: Measure, frame_width: int, frame_height: int) -> None:
        face = measure.face
        if face is None or measure.face_count != 1:
            return
        points = face.points[list(POINTS), :2].astype(np.float64) * (frame_width, frame_height)
        scale = face.width * frame_width
        if scale <= 0:
            return
        self._samples.append((points, scale))
        if len(self._samples) > self._max:
            self._samples = self._samples[::2]

    def score(self) -> CueScore:
        residuals = []
        samples = self._samples
        step = max(1, len(samples) // 60)
        for i in range(0, len(samples), step):
            for j in range(i + step, len(samples), step * 3):
                a, scale = samples[i]
                b, _ = samples[j]
                motion = float(np.sqrt(np.mean(np.sum((a - b) ** 2, axis=1)))) / scale
                if motion < MIN_MOTION:
                    continue
                homography, _ = cv2.findHomography(a, b, 0)
                projected = cv2.perspectiveTransform(a.reshape(-1, 1, 2), homography).reshape(-1, 2)
                error = float(np.sqrt(np.mean(np.sum((projected - b) ** 2, axis=1)))) / scale
                residuals.append(error)
        if len(residuals) < 3:
            return CueScore(
                "planarity",
                False,
                None,
                "not computed: the face did not move enough to tell a flat picture from a head",
            )
        flat = sum(1 for r in residuals if r < FLAT_RESIDUAL) / len(residuals)
        return CueScore(
            "planarity",
            True,
            round(flat, 3),
            f"{len(residuals)} moving frame pairs, median unexplained motion "
            f"{float(np.median(residuals)) * 100:.2f}% of face width",
        )

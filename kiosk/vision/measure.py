"""Per-frame measurements of the visitor's face and the quality gates.

Openness of eyes and mouth is measured from landmark geometry (aspect ratios) and read with
the visitor's own baseline later (see :mod:`kiosk.vision.events`): people's open eyes differ
by a factor of almost three.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import cv2
import numpy as np
from numpy.typing import NDArray

from kiosk.vision.landmarks import Box, FaceLandmarks, FaceObservation, box_overlap
from kiosk.vision.sources import Image

# Six points per eye (corner, two upper lid, corner, two lower lid), person's left and right.
LEFT_EYE = (362, 385, 387, 263, 373, 380)
RIGHT_EYE = (33, 160, 158, 133, 153, 144)
MOUTH_INNER = (13, 14, 78, 308)  # upper lip, lower lip, left corner, right corner
LOWER_FACE = (17, 18, 200, 199, 175, 152, 57, 287, 43, 273, 182, 406)
LIPS = (0, 37, 267, 39, 269, 17, 84, 314, 181, 405)
EDGE = 0.01  # how far past the frame edge a landmark box must reach to be cut off


class Quality(StrEnum):
    NO_FACE = "no_face"
    MULTIPLE_FACES = "multiple_faces"
    FACE_TOO_SMALL = "face_too_small"
    FACE_TOO_CLOSE = "face_too_close"
    OFF_CENTRE = "off_centre"
    TOO_DARK = "too_dark"
    TOO_BRIGHT = "too_bright"
    BLURRED = "blurred"
    LOWER_FACE_OCCLUDED = "lower_face_occluded"


#: Conditions that stop a challenge from being shown (the visitor is guided first).
BLOCKING = frozenset(
    {
        Quality.NO_FACE,
        Quality.MULTIPLE_FACES,
        Quality.FACE_TOO_SMALL,
        Quality.FACE_TOO_CLOSE,
        Quality.OFF_CENTRE,
        Quality.TOO_DARK,
        Quality.TOO_BRIGHT,
    }
)


@dataclass(frozen=True, slots=True)
class Thresholds:
    min_face_width: float = 0.12  # fraction of the frame: farther than ~1 m at a kiosk
    max_face_width: float = 0.80
    max_face_height: float = 0.85  # brow to chin: standing too close in a landscape frame
    #: a face this large that runs off the frame edge is too close; a smaller one, off centre
    cut_off_close: float = 0.55
    max_centre_offset: float = 0.30  # of the frame, from the middle
    min_brightness: float = 60.0  # mean grey level of the face, 0-255
    max_brightness: float = 215.0
    min_sharpness: float = 25.0  # variance of the Laplacian on a 128-px face crop
    min_lower_face_skin: float = 0.35  # share of skin-coloured points around mouth and chin


@dataclass(frozen=True, slots=True)
class Measure:
    """Everything the liveness logic uses from one frame."""

    timestamp_ms: int
    face_count: int
    quality: frozenset[Quality]
    face: FaceObservation | None = None
    extra_faces: tuple[Box, ...] = ()
    ear_left: float = 0.0
    ear_right: float = 0.0
    mouth_ratio: float = 0.0
    smile: float = 0.0
    brightness: float = 0.0
    sharpness: float = 0.0
    lower_face_skin: float = 0.0
    blend: dict[str, float] = field(default_factory=dict)
    #: lips and chin inside the frame: mouth readings are whole, a covered lower face can be seen
    lower_face_in_frame: bool = True

    @property
    def yaw(self) -> float:
        return self.face.yaw if self.face else 0.0

    @property
    def pitch(self) -> float:
        return self.face.pitch if self.face else 0.0


def _ratio(points: NDArray[np.float64], idx: tuple[int, ...]) -> float:
    p = points
    vertical = np.linalg.norm(p[idx[1]] - p[idx[5]]) + np.linalg.norm(p[idx[2]] - p[idx[4]])
    horizontal = np.linalg.norm(p[idx[0]] - p[idx[3]])
    return float(vertical / (2 * horizontal)) if horizontal > 0 else 0.0


class FrameAnalyser:
    """Turns frames into :class:`Measure` s. Not thread-safe: one per camera."""

    def __init__(
        self,
        landmarks: FaceLandmarks,
        thresholds: Thresholds | None = None,
        *,
        search_every: int = 15,
    ) -> None:
        self.landmarks = landmarks
        self.thresholds = thresholds or Thresholds()
        self.search_every = search_every
        self._frames = 0
        self._extra: tuple[Box, ...] = ()

    def measure(self, image: Image, timestamp_ms: int) -> Measure:
        t = self.thresholds
        faces = self.landmarks.detect(image, timestamp_ms)
        if self.search_every and self._frames % self.search_every == 0:
            main = [f.box for f in faces]
            self._extra = tuple(
                box
                for box in self.landmarks.search_small_faces(image)
                if not any(box_overlap(box, other) > 0.3 for other in main)
            )
        self._frames += 1
        count = len(faces) + len(self._extra)
        if not faces:
            close = self.landmarks.search_close_face(image)
            if close is not None and max(close[2] - close[0], close[3] - close[1]) > 0.7:
                # So close that the landmarker cannot take the face in: step back, not "no one".
                return Measure(timestamp_ms, 1, frozenset({Quality.FACE_TOO_CLOSE}))
            quality = {Quality.NO_FACE}
            if self._extra:
                quality.add(Quality.FACE_TOO_SMALL)
                if len(self._extra) > 1:
                    quality.add(Quality.MULTIPLE_FACES)
            return Measure(timestamp_ms, count, frozenset(quality), extra_faces=self._extra)

        face = max(faces, key=lambda f: f.width)
        height, width = image.shape[:2]
        pixels = face.points[:, :2].astype(np.float64) * (width, height)
        quality = set()
        if count > 1:
            quality.add(Quality.MULTIPLE_FACES)
        if face.width < t.min_face_width or any(
            (b[2] - b[0]) < t.min_face_width for b in self._extra
        ):
            quality.add(Quality.FACE_TOO_SMALL)
        # A face cut off by the frame edge is a matter of where the visitor stands: too close
        # when it is large, off centre when it is not; never a covered face (see below).
        left, top, right, bottom = face.box
        cut_off = left < -EDGE or top < -EDGE or right > 1 + EDGE or bottom > 1 + EDGE
        size = max(face.width, bottom - top)
        if (
            face.width > t.max_face_width
            or bottom - top > t.max_face_height
            or (cut_off and size > t.cut_off_close)
        ):
            quality.add(Quality.FACE_TOO_CLOSE)
        cx, cy = (left + right) / 2, (top + bottom) / 2
        if Quality.FACE_TOO_CLOSE not in quality and (
            cut_off or max(abs(cx - 0.5), abs(cy - 0.5)) > t.max_centre_offset
        ):
            quality.add(Quality.OFF_CENTRE)

        x0, y0 = int(max(0, face.box[0] * width)), int(max(0, face.box[1] * height))
        x1, y1 = int(min(width, face.box[2] * width)), int(min(height, face.box[3] * height))
        crop = image[y0:y1, x0:x1]
        brightness = sharpness = 0.0
        if crop.size:
            grey = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
            brightness = float(grey.mean())
            small = cv2.resize(grey, (128, 128), interpolation=cv2.INTER_AREA)
            sharpness = float(cv2.Laplacian(small, cv2.CV_64F).var())
        if brightness < t.min_brightness:
            quality.add(Quality.TOO_DARK)
        elif brightness > t.max_brightness:
            quality.add(Quality.TOO_BRIGHT)
        if sharpness < t.min_sharpness:
            quality.add(Quality.BLURRED)

        # A mask (white, blue, black) is not skin-coloured; lips, chin and jaw are. Only a
        # lower face inside the frame can be said to be covered.
        lower_in_frame = _inside(face.points, LOWER_FACE + LIPS) >= 0.9
        lower_skin = 0.0
        if lower_in_frame:
            lower_skin = _skin_fraction(image, face.box, pixels, LOWER_FACE + LIPS)
            if lower_skin < t.min_lower_face_skin and Quality.TOO_DARK not in quality:
                quality.add(Quality.LOWER_FACE_OCCLUDED)

        smile = (
            face.blendshapes.get("mouthSmileLeft", 0) + face.blendshapes.get("mouthSmileRight", 0)
        ) / 2
        mouth = pixels[list(MOUTH_INNER)]
        mouth_width = np.linalg.norm(mouth[2] - mouth[3])
        mouth_ratio = (
            float(np.linalg.norm(mouth[0] - mouth[1]) / mouth_width) if mouth_width else 0.0
        )
        return Measure(
            timestamp_ms=timestamp_ms,
            face_count=count,
            quality=frozenset(quality),
            face=face,
            extra_faces=self._extra,
            ear_left=_ratio(pixels, LEFT_EYE),
            ear_right=_ratio(pixels, RIGHT_EYE),
            mouth_ratio=mouth_ratio,
            smile=smile,
            brightness=brightness,
            sharpness=sharpness,
            lower_face_skin=lower_skin,
            blend=face.blendshapes,
            lower_face_in_frame=lower_in_frame,
        )


def _inside(points: NDArray[np.float32], idx: tuple[int, ...]) -> float:
    """Share of the given landmarks inside the frame (the model places unseen ones outside)."""
    xy = points[list(idx), :2]
    inside = (xy >= 0).all(axis=1) & (xy <= 1).all(axis=1)
    return float(inside.mean())


def _skin_fraction(
    image: Image, box: Box, pixels: NDArray[np.float64], idx: tuple[int, ...]
) -> float:
    """Share of the sampled points whose colour is skin-like (the classic YCrCb skin box),
    judged after a grey-world white balance of the surroundings: under a warm or a cool light
    a white mask must not turn skin-coloured, nor skin mask-coloured. Where the face leaves
    too little surroundings to judge the light by, the colours are taken as they are."""
    height, width = image.shape[:2]
    step_y, step_x = max(1, height // 60), max(1, width // 80)
    ys, xs = np.mgrid[0:height:step_y, 0:width:step_x]
    outside = ~(
        (xs >= box[0] * width)
        & (xs <= box[2] * width)
        & (ys >= box[1] * height)
        & (ys <= box[3] * height)
    )
    gains = np.ones(3)
    if outside.mean() >= 0.3:
        means = image[ys[outside], xs[outside]].reshape(-1, 3).mean(axis=0) + 1e-6
        gains = np.clip(means.mean() / means, 0.7, 1.4)  # B, G, R
    skin = 0
    total = 0
    for i in idx:
        x, y = int(pixels[i, 0]), int(pixels[i, 1])
        if 0 <= x < width and 0 <= y < height:
            b, g, r = np.clip(image[y, x].astype(np.float64) * gains, 0, 255)
            luma = 0.299 * r + 0.587 * g + 0.114 * b
            cr = (r - luma) * 0.713 + 128
            cb = (b - luma) * 0.564 + 128
            total += 1
            skin += int(133 <= cr <= 180 and 77 <= cb <= 127)
    return skin / total if total else 0.0

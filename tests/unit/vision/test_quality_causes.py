"""The quality gate names the right cause, on synthetic frames: a covered lower face only when
it is inside the frame, a face cut off by the frame edge as too close or off centre."""

from __future__ import annotations

from typing import Any

import numpy as np

from kiosk.vision.landmarks import FaceObservation
from kiosk.vision.measure import LIPS, LOWER_FACE, FrameAnalyser, Quality

SKIN = (120, 150, 200)  # BGR; Cr and Cb inside the skin box
MASK = (235, 235, 235)  # a white mask


class FixedFace:
    """Stands in for the landmarker: always the same face."""

    def __init__(self, face: FaceObservation) -> None:
        self.face = face

    def detect(self, _image: Any, _timestamp_ms: int) -> list[FaceObservation]:
        return [self.face]

    def search_small_faces(self, _image: Any) -> list[Any]:
        return []


def face(box: tuple[float, float, float, float]) -> FaceObservation:
    """478 points spread over the box; the lower face's points in its lowest third."""
    x0, y0, x1, y1 = box
    rng = np.random.default_rng(1)
    points = np.zeros((478, 3), np.float32)
    points[:, 0] = rng.uniform(x0, x1, 478)
    points[:, 1] = rng.uniform(y0, y0 + (y1 - y0) * 0.6, 478)
    lower = list(LOWER_FACE + LIPS)
    points[lower, 0] = rng.uniform(x0 + (x1 - x0) * 0.3, x1 - (x1 - x0) * 0.3, len(lower))
    points[lower, 1] = rng.uniform(y0 + (y1 - y0) * 0.7, y1, len(lower))
    points[0, :2] = (x0, y0)
    points[1, :2] = (x1, y1)
    return FaceObservation(points, box, {}, 0.0, 0.0, 0.0)


def frame(lower: tuple[int, int, int], box: tuple[float, float, float, float]) -> np.ndarray:
    """A 640×480 picture: skin over the face, ``lower`` over its lowest 40 %, with texture."""
    image = np.full((480, 640, 3), 90, np.uint8)
    x0, y0, x1, y1 = box
    top, bottom = int(max(0, y0) * 480), int(min(1, y1) * 480)
    left, right = int(max(0, x0) * 640), int(min(1, x1) * 640)
    image[top:bottom, left:right] = SKIN
    split = int(max(0, y0 + (y1 - y0) * 0.6) * 480)
    image[split:bottom, left:right] = lower
    image[::7, ::5] = (60, 80, 110)  # something for the sharpness measure to see
    return image


def quality(lower: tuple[int, int, int], box: tuple[float, float, float, float]) -> set[Quality]:
    analyser = FrameAnalyser(FixedFace(face(box)), search_every=0)  # type: ignore[arg-type]
    return set(analyser.measure(frame(lower, box), 0).quality)


def test_a_mask_inside_the_frame_is_a_covered_lower_face() -> None:
    flags = quality(MASK, (0.35, 0.2, 0.65, 0.75))
    assert Quality.LOWER_FACE_OCCLUDED in flags
    assert not flags & {Quality.FACE_TOO_CLOSE, Quality.OFF_CENTRE}


def test_a_bare_lower_face_is_not_covered() -> None:
    assert Quality.LOWER_FACE_OCCLUDED not in quality(SKIN, (0.35, 0.2, 0.65, 0.75))


def test_chin_below_the_frame_is_too_close_not_a_mask() -> None:
    # Standing close: the face runs off the bottom and the top; its lower part is out of view,
    # and whatever the frame shows there is not a mask.
    flags = quality(MASK, (0.2, -0.1, 0.8, 1.25))
    assert Quality.FACE_TOO_CLOSE in flags
    assert Quality.LOWER_FACE_OCCLUDED not in flags


def test_a_face_taller_than_the_frame_allows_is_too_close_even_when_narrow() -> None:
    # A landscape camera: the face fills the height but not the width.
    flags = quality(SKIN, (0.35, 0.05, 0.62, 0.95))
    assert Quality.FACE_TOO_CLOSE in flags


def test_a_small_face_cut_by_the_side_is_off_centre() -> None:
    flags = quality(SKIN, (-0.08, 0.3, 0.2, 0.7))
    assert Quality.OFF_CENTRE in flags
    assert Quality.FACE_TOO_CLOSE not in flags
    assert Quality.LOWER_FACE_OCCLUDED not in flags


def test_a_face_cut_at_the_top_of_the_frame_is_off_centre() -> None:
    flags = quality(SKIN, (0.4, -0.05, 0.6, 0.35))
    assert Quality.OFF_CENTRE in flags


class TooCloseForLandmarks:
    """The landmarker finds nothing; the detector, in the padded frame, a face larger than it."""

    def detect(self, _image: Any, _timestamp_ms: int) -> list[FaceObservation]:
        return []

    def search_small_faces(self, _image: Any) -> list[Any]:
        return []

    def search_close_face(self, _image: Any) -> tuple[float, float, float, float] | None:
        return (-0.1, -0.2, 1.05, 1.3)


def test_a_face_too_close_for_the_landmarker_is_too_close_not_missing() -> None:
    analyser = FrameAnalyser(TooCloseForLandmarks(), search_every=0)  # type: ignore[arg-type]
    flags = analyser.measure(frame(SKIN, (0.0, 0.0, 1.0, 1.0)), 0).quality
    assert flags == {Quality.FACE_TOO_CLOSE}


def test_a_warm_light_does_not_make_a_white_mask_skin() -> None:
    box = (0.35, 0.2, 0.65, 0.75)
    warm = frame(MASK, box).astype(np.float32) * np.array([0.8, 1.0, 1.2], np.float32)
    analyser = FrameAnalyser(FixedFace(face(box)), search_every=0)  # type: ignore[arg-type]
    flags = analyser.measure(np.clip(warm, 0, 255).astype(np.uint8), 0).quality
    assert Quality.LOWER_FACE_OCCLUDED in flags

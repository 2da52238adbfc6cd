"""Seeded transforms of a labelled clip, each with its rule for which expectations survive it.

The robustness evaluation (``kiosk liveness eval DIR --augment``) runs every clip once as it
is and once through each transform below. A transform changes the frames the way another
camera, room or visitor would; its rule says which of the clip's expectations (``labels.json``)
must still hold, and what the quality gate must now say. The rules:

zoom          The face fills 110-140 % of the frame height, as when a visitor stands too
              close. ``face_too_close`` must be reported in at least half the frames with a
              face, ``lower_face_occluded`` never (the chin is out of the frame, not covered).
              No event expectation: the gate holds every prompt back until the visitor steps
              back, so nothing is asked of a face this close.
crop_lower    The frame ends at the upper lip: lower lip and chin are cut off. ``off_centre``
              or ``face_too_close`` in at least half the frames with a face, never
              ``lower_face_occluded``. Eye, head and smile expectations survive (cheeks and
              eyes carry a smile); ``mouth_open`` does not (the mouth is not there to see).
crop_top      The frame starts at the middle of the forehead. ``off_centre`` or
              ``face_too_close`` in at least half the frames with a face. Every expectation
              survives, a covered lower face included: it is still in the frame.
dark, bright  Gamma 2.0 and 0.5. Event expectations survive; the clip's quality labels do
              not (light is what changed).
colour        A warm or a cool cast (red and blue gains 0.8 / 1.2). Everything survives.
jpeg30        Every frame through JPEG at quality 30. Everything survives.
small         Scaled to fit 320×240. Event expectations survive where the face is still at
              least 60 px wide; the clip's quality labels do not (sizes changed).
noise         Gaussian sensor noise, σ = 10 grey levels. Everything survives.
mirror        Left and right swapped: ``turn_left`` and ``turn_right`` swap their
              expectations; everything else survives.
rotate        Rolled by 10° one way or the other. Everything survives.
half_fps      Every other frame dropped. Everything survives where 12 frames a second or more
              remain; below that only the ``absent`` lists.
trim          The first second cut off, so what happened at 1 s now starts at frame 0. Counts
              are lowered by the events the untouched clip showed before 1 s; quality labels
              survive where the untouched clip reported them after 1 s.

Crops and zooms need one face that stays put: they are applied only to clips where the
untouched run found a face in at least 90 % of the frames. The seed fixes every random choice
(zoom factor, colour, rotation, noise), per clip.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from kiosk.vision.measure import Measure
from kiosk.vision.sources import Frame, Image

#: landmark indices used to place the crops
UPPER_LIP = 13
MID_FOREHEAD = 151

EYE_ACTIONS = ("blink", "wink", "eyes_closed_long")
HEAD_ACTIONS = ("turn_left", "turn_right", "look_up", "look_down", "nod")
EVENT_KEYS = (*EYE_ACTIONS, *HEAD_ACTIONS, "mouth_open", "smile")
#: the quality a face cut off by the frame edge must get
CUT_OFF = ("off_centre", "face_too_close")


@dataclass(frozen=True)
class Reference:
    """What the untouched run saw, for placing crops and adjusting expectations."""

    width: int
    height: int
    fps: float
    frames: int
    face_frames: int
    face_box: tuple[float, float, float, float]  # median, as fractions of the frame
    upper_lip_y: float
    forehead_y: float
    #: (action, start_ms) of every event, and the first/last time each quality was reported
    events: tuple[tuple[str, int], ...]
    quality_after_ms: dict[str, int]

    @property
    def steady_face(self) -> bool:
        return self.frames > 0 and self.face_frames >= 0.9 * self.frames

    @classmethod
    def of(
        cls,
        measures: list[Measure],
        events: list[tuple[str, int]],
        width: int,
        height: int,
        fps: float,
    ) -> Reference:
        faces = [m.face for m in measures if m.face is not None]
        if faces:
            boxes = np.array([f.box for f in faces])
            x0, y0, x1, y1 = (float(v) for v in np.median(boxes, axis=0))
            box = (x0, y0, x1, y1)
            lip = float(np.median([f.points[UPPER_LIP, 1] for f in faces]))
            forehead = float(np.median([f.points[MID_FOREHEAD, 1] for f in faces]))
        else:
            box, lip, forehead = (0.0, 0.0, 1.0, 1.0), 1.0, 0.0
        last: dict[str, int] = {}
        for m in measures:
            for q in m.quality:
                last[q.value] = m.timestamp_ms
        return cls(
            width,
            height,
            fps,
            len(measures),
            len(faces),
            box,
            lip,
            forehead,
            tuple(events),
            last,
        )


FrameMap = Callable[[Image], Image]


@dataclass(frozen=True)
class Transform:
    name: str
    needs_steady_face: bool
    #: (reference, rng) → a function applied to every image, or None for frame-dropping ones
    build: Callable[[Reference, random.Random], FrameMap | None]
    expect: Callable[[dict[str, Any], Reference], dict[str, Any]]

    def frames(
        self, frames: Iterator[Frame], ref: Reference, seed: int, clip: str
    ) -> Iterator[Frame]:
        rng = random.Random(zlib.crc32(f"{seed}:{self.name}:{clip}".encode()))
        change = self.build(ref, rng)
        if self.name == "half_fps":
            return (f for f in frames if f.index % 2 == 0)
        if self.name == "trim":
            kept = (f for f in frames if f.timestamp_ms >= 1000)
            return (Frame(f.image, f.timestamp_ms - 1000, f.index) for f in kept)
        assert change is not None
        return (Frame(change(f.image), f.timestamp_ms, f.index) for f in frames)


# -- expectation rules ---------------------------------------------------------------------
def _keep(
    expected: dict[str, Any], keys: tuple[str, ...], *, quality: bool, absent: bool = True
) -> dict[str, Any]:
    kept = {k: v for k, v in expected.items() if k in keys}
    if absent and "absent" in expected:
        kept["absent"] = list(expected["absent"])
    if quality and "quality" in expected:
        kept["quality"] = list(expected["quality"])
    return kept


def _all(expected: dict[str, Any], _ref: Reference) -> dict[str, Any]:
    return _keep(expected, EVENT_KEYS, quality=True)


def _events_only(expected: dict[str, Any], _ref: Reference) -> dict[str, Any]:
    return _keep(expected, EVENT_KEYS, quality=False)


def _zoom_rule(expected: dict[str, Any], _ref: Reference) -> dict[str, Any]:
    return {"quality_most": ["face_too_close"], "quality_never": ["lower_face_occluded"]}


def _crop_lower_rule(expected: dict[str, Any], _ref: Reference) -> dict[str, Any]:
    kept = _keep(expected, (*EYE_ACTIONS, *HEAD_ACTIONS, "smile"), quality=False)
    kept["quality_most_of"] = list(CUT_OFF)
    kept["quality_never"] = ["lower_face_occluded"]
    return kept


def _crop_top_rule(expected: dict[str, Any], _ref: Reference) -> dict[str, Any]:
    kept = _keep(expected, EVENT_KEYS, quality=False)
    kept["quality_most_of"] = list(CUT_OFF)
    if "lower_face_occluded" in expected.get("quality", []):
        kept["quality"] = ["lower_face_occluded"]
    return kept


def _small_rule(expected: dict[str, Any], ref: Reference) -> dict[str, Any]:
    scale = min(320 / ref.width, 240 / ref.height, 1.0)
    face_px = (ref.face_box[2] - ref.face_box[0]) * ref.width * scale
    if face_px >= 60:
        return _keep(expected, EVENT_KEYS, quality=False)
    return _keep({}, (), quality=False) | (
        {"absent": list(expected["absent"])} if "absent" in expected else {}
    )


def _mirror_rule(expected: dict[str, Any], ref: Reference) -> dict[str, Any]:
    kept = _all(expected, ref)
    swapped = {"turn_left": "turn_right", "turn_right": "turn_left"}
    out = {swapped.get(k, k): v for k, v in kept.items()}
    if "absent" in out:
        out["absent"] = [swapped.get(a, a) for a in out["absent"]]
    return out


def _half_fps_rule(expected: dict[str, Any], ref: Reference) -> dict[str, Any]:
    if ref.fps / 2 >= 12:
        return _all(expected, ref)
    return {"absent": list(expected["absent"])} if "absent" in expected else {}


def _trim_rule(expected: dict[str, Any], ref: Reference) -> dict[str, Any]:
    kept = _keep(expected, EVENT_KEYS, quality=False)
    for key, value in list(kept.items()):
        if isinstance(value, dict) and "min" in value:
            early = sum(1 for action, start in ref.events if action == key and start < 1000)
            kept[key] = {**value, "min": max(0, value["min"] - early)}
    late = [q for q in expected.get("quality", []) if ref.quality_after_ms.get(q, -1) >= 1000]
    if late:
        kept["quality"] = late
    return kept


# -- frame changes -------------------------------------------------------------------------
def _crop(image: Image, x0: int, y0: int, x1: int, y1: int) -> Image:
    h, w = image.shape[:2]
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
    return np.ascontiguousarray(image[y0:y1, x0:x1])


def _zoom(ref: Reference, rng: random.Random) -> FrameMap:
    fill = rng.uniform(1.10, 1.40)  # face height ÷ frame height

    def change(image: Image) -> Image:
        h, w = image.shape[:2]
        x0, y0, x1, y1 = ref.face_box
        face_h = (y1 - y0) * h
        crop_h = max(8, int(face_h / fill))
        crop_w = max(8, int(crop_h * w / h))
        cx, cy = (x0 + x1) / 2 * w, (y0 + y1) / 2 * h
        left = int(min(max(0, cx - crop_w / 2), w - crop_w))
        top = int(min(max(0, cy - crop_h / 2), h - crop_h))
        part = _crop(image, left, top, left + crop_w, top + crop_h)
        return cv2.resize(part, (w, h), interpolation=cv2.INTER_LINEAR)

    return change


def _crop_lower(ref: Reference, _rng: random.Random) -> FrameMap:
    return lambda image: _crop(image, 0, 0, image.shape[1], int(ref.upper_lip_y * image.shape[0]))


def _crop_top(ref: Reference, _rng: random.Random) -> FrameMap:
    return lambda image: _crop(
        image, 0, int(ref.forehead_y * image.shape[0]), image.shape[1], image.shape[0]
    )


def _gamma(value: float) -> Callable[[Reference, random.Random], FrameMap]:
    levels = np.array([((i / 255.0) ** value) * 255 for i in range(256)])
    table = levels.clip(0, 255).astype(np.uint8)
    return lambda _ref, _rng: lambda image: cv2.LUT(image, table)


def _colour(_ref: Reference, rng: random.Random) -> FrameMap:
    warm = rng.random() < 0.5
    gains = np.array([0.8, 1.0, 1.2] if warm else [1.2, 1.0, 0.8], dtype=np.float32)  # B, G, R

    def change(image: Image) -> Image:
        changed: Image = np.clip(image.astype(np.float32) * gains, 0, 255).astype(np.uint8)
        return changed

    return change


def _jpeg(_ref: Reference, _rng: random.Random) -> FrameMap:
    def change(image: Image) -> Image:
        ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 30])
        decoded = cv2.imdecode(data, cv2.IMREAD_COLOR) if ok else None
        return image if decoded is None else decoded

    return change


def _small(_ref: Reference, _rng: random.Random) -> FrameMap:
    def change(image: Image) -> Image:
        h, w = image.shape[:2]
        scale = min(320 / w, 240 / h, 1.0)
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        return cv2.resize(image, size, interpolation=cv2.INTER_AREA)

    return change


def _noise(_ref: Reference, rng: random.Random) -> FrameMap:
    generator = np.random.default_rng(rng.randrange(2**32))

    def change(image: Image) -> Image:
        noisy = image.astype(np.float32) + generator.normal(0, 10, image.shape)
        changed: Image = np.clip(noisy, 0, 255).astype(np.uint8)
        return changed

    return change


def _mirror(_ref: Reference, _rng: random.Random) -> FrameMap:
    return lambda image: cv2.flip(image, 1)


def _rotate(_ref: Reference, rng: random.Random) -> FrameMap:
    angle = rng.choice((-10.0, 10.0))

    def change(image: Image) -> Image:
        h, w = image.shape[:2]
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        return cv2.warpAffine(image, matrix, (w, h), borderMode=cv2.BORDER_REFLECT)

    return change


def _none(_ref: Reference, _rng: random.Random) -> None:
    return None


TRANSFORMS: tuple[Transform, ...] = (
    Transform("zoom", True, _zoom, _zoom_rule),
    Transform("crop_lower", True, _crop_lower, _crop_lower_rule),
    Transform("crop_top", True, _crop_top, _crop_top_rule),
    Transform("dark", False, _gamma(2.0), _events_only),
    Transform("bright", False, _gamma(0.5), _events_only),
    Transform("colour", False, _colour, _all),
    Transform("jpeg30", False, _jpeg, _all),
    Transform("small", False, _small, _small_rule),
    Transform("noise", False, _noise, _all),
    Transform("mirror", False, _mirror, _mirror_rule),
    Transform("rotate", False, _rotate, _all),
    Transform("half_fps", False, _none, _half_fps_rule),
    Transform("trim", False, _none, _trim_rule),
)


def transform(name: str) -> Transform:
    return next(t for t in TRANSFORMS if t.name == name)

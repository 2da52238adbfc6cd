"""Offline evaluation of the analyser on labelled clips (``labels.json`` beside them)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.vision.augment import TRANSFORMS, Reference
from kiosk.vision.events import Event, EventDetector
from kiosk.vision.landmarks import FaceLandmarks
from kiosk.vision.measure import FrameAnalyser, Measure, Quality
from kiosk.vision.sources import Frame, FrameSource, VideoFileSource, open_source


@dataclass
class ClipAnalysis:
    name: str
    frames: int = 0
    fps: float = 0.0
    #: frames the file announced that could not be decoded (a damaged file)
    unreadable: int = 0
    events: list[Event] = field(default_factory=list)
    quality: Counter[Quality] = field(default_factory=Counter)
    measures: list[Measure] = field(default_factory=list)
    face_frames: int = 0
    size: tuple[int, int] | None = None  # width, height of the frames analysed

    def count(self, action: str) -> int:
        return sum(1 for e in self.events if e.action.value == action)

    def event_summary(self) -> dict[str, int]:
        return dict(Counter(e.action.value for e in self.events))


def analyse_clip(path: Path, *, keep_measures: bool = False) -> ClipAnalysis:
    """Every frame of a clip through the analyser and the event detector."""
    source = open_source(path)
    try:
        result = analyse_frames(path.name, _frames(source), source.fps, keep_measures=keep_measures)
        if isinstance(source, VideoFileSource):
            result.unreadable = source.unreadable()
    finally:
        source.close()
    return result


def _frames(source: FrameSource) -> Iterator[Frame]:
    while (frame := source.read()) is not None:
        yield frame


def analyse_frames(
    name: str, frames: Iterable[Frame], fps: float, *, keep_measures: bool = False
) -> ClipAnalysis:
    landmarks = FaceLandmarks()
    analyser = FrameAnalyser(landmarks)
    detector = EventDetector()
    result = ClipAnalysis(name, fps=fps)
    try:
        for frame in frames:
            measure = analyser.measure(frame.image, frame.timestamp_ms)
            result.frames += 1
            result.face_frames += measure.face is not None
            result.quality.update(measure.quality)
            result.events += detector.feed(measure)
            if keep_measures:
                result.measures.append(measure)
            if result.size is None:
                result.size = (frame.image.shape[1], frame.image.shape[0])
    finally:
        landmarks.close()
    return result


@dataclass(frozen=True)
class Check:
    what: str
    held: bool
    why: str


@dataclass
class ClipVerdict:
    name: str
    label: str
    checks: list[Check]
    analysis: ClipAnalysis
    transform: str = "none"  # "none": the clip as it is; else a name from kiosk.vision.augment

    @property
    def held(self) -> bool:
        return all(c.held for c in self.checks)

    def as_dict(self) -> dict[str, Any]:
        return {
            "clip": self.name,
            "label": self.label,
            "held": self.held,
            "events": self.analysis.event_summary(),
            "checks": [{"what": c.what, "held": c.held, "why": c.why} for c in self.checks],
        }


def check_clip(analysis: ClipAnalysis, expected: dict[str, Any]) -> list[Check]:
    checks: list[Check] = []
    for key, value in expected.items():
        if isinstance(value, dict) and ("min" in value or "max" in value):
            count = analysis.count(key)
            low, high = value.get("min", 0), value.get("max")
            held = count >= low and (high is None or count <= high)
            wanted = f"{low}..{high}" if high is not None else f"≥ {low}"
            times = ", ".join(
                f"{e.start_ms / 1000:.1f}s" for e in analysis.events if e.action == key
            )
            checks.append(
                Check(f"{key} {wanted}", held, f"{count} seen" + (f" at {times}" if times else ""))
            )
    for action in expected.get("absent", []):
        count = analysis.count(action)
        times = ", ".join(
            f"{e.start_ms / 1000:.1f}s" for e in analysis.events if e.action == action
        )
        checks.append(
            Check(
                f"no {action}",
                count == 0,
                "none seen" if count == 0 else f"{count} seen at {times}",
            )
        )
    for flag in expected.get("quality", []):
        frames = analysis.quality.get(Quality(flag), 0)
        checks.append(
            Check(
                f"quality {flag}", frames > 0, f"reported in {frames} of {analysis.frames} frames"
            )
        )
    faces = max(1, analysis.face_frames)
    most: list[list[str]] = [[q] for q in expected.get("quality_most", [])]
    if "quality_most_of" in expected:
        most.append(list(expected["quality_most_of"]))
    # frames where a face was seen, by the landmarker or (too close for it) by the detector
    seen = [m for m in analysis.measures if Quality.NO_FACE not in m.quality]
    for flags in most:
        frames = sum(1 for m in seen if any(Quality(q) in m.quality for q in flags))
        checks.append(
            Check(
                f"quality {' or '.join(flags)} in most face frames",
                bool(seen) and frames * 2 >= len(seen),
                f"reported in {frames} of {len(seen)} frames with a face",
            )
        )
    for flag in expected.get("quality_never", []):
        frames = analysis.quality.get(Quality(flag), 0)
        checks.append(
            Check(f"never {flag}", frames == 0, f"reported in {frames} of {faces} frames")
        )
    return checks


def evaluate(
    directory: Path,
    only: list[str] | None = None,
    *,
    augment: bool = False,
    seed: int = 0,
    transforms: list[str] | None = None,
) -> list[ClipVerdict]:
    """Every labelled clip as it is; with ``augment``, through every transform as well."""
    labels = json.loads((directory / "labels.json").read_text(encoding="utf-8"))["clips"]
    verdicts = []
    for name, expected in labels.items():
        if only and name not in only:
            continue
        analysis = analyse_clip(directory / name, keep_measures=augment)
        label = expected.get("label", "?")
        verdicts.append(ClipVerdict(name, label, check_clip(analysis, expected), analysis))
        if not augment:
            continue
        width, height = analysis.size or (0, 0)
        ref = Reference.of(
            analysis.measures,
            [(e.action.value, e.start_ms) for e in analysis.events],
            width,
            height,
            analysis.fps,
        )
        analysis.measures = []
        for change in TRANSFORMS:
            if transforms and change.name not in transforms:
                continue
            if change.needs_steady_face and not ref.steady_face:
                continue
            source = open_source(directory / name)
            try:
                frames = change.frames(_frames(source), ref, seed, name)
                changed = analyse_frames(name, frames, source.fps, keep_measures=True)
            finally:
                source.close()
            checks = check_clip(changed, change.expect(expected, ref))
            changed.measures = []
            verdicts.append(ClipVerdict(name, label, checks, changed, change.name))
    return verdicts

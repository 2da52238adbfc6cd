"""Offline evaluation of the analyser on labelled clips (``labels.json`` beside them)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.vision.events import Event, EventDetector
from kiosk.vision.landmarks import FaceLandmarks
from kiosk.vision.measure import FrameAnalyser, Measure, Quality
from kiosk.vision.sources import VideoFileSource, open_source


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

    def count(self, action: str) -> int:
        return sum(1 for e in self.events if e.action.value == action)

    def event_summary(self) -> dict[str, int]:
        return dict(Counter(e.action.value for e in self.events))


def analyse_clip(path: Path, *, keep_measures: bool = False) -> ClipAnalysis:
    """Every frame of a clip through the analyser and the event detector."""
    source = open_source(path)
    landmarks = FaceLandmarks()
    analyser = FrameAnalyser(landmarks)
    detector = EventDetector()
    result = ClipAnalysis(path.name, fps=source.fps)
    try:
        while (frame := source.read()) is not None:
            measure = analyser.measure(frame.image, frame.timestamp_ms)
            result.frames += 1
            result.quality.update(measure.quality)
            result.events += detector.feed(measure)
            if keep_measures:
                result.measures.append(measure)
        if isinstance(source, VideoFileSource):
            result.unreadable = source.unreadable()
    finally:
        source.close()
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

    @property
    def held(self) -> bool:
        return all(c.held for c in self.checks)


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
    return checks


def evaluate(directory: Path, only: list[str] | None = None) -> list[ClipVerdict]:
    labels = json.loads((directory / "labels.json").read_text(encoding="utf-8"))["clips"]
    verdicts = []
    for name, expected in labels.items():
        if only and name not in only:
            continue
        analysis = analyse_clip(directory / name)
        verdicts.append(
            ClipVerdict(name, expected.get("label", "?"), check_clip(analysis, expected), analysis)
        )
    return verdicts

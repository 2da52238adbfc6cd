"""One visitor's liveness check over a stream of frames: analysis, prompts, recording, cues.

Plain Python (no Qt): the kiosk's camera thread calls :meth:`LivenessCheck.step` for each
frame, and so do the tests, the evaluation and ``kiosk liveness replay``.
"""

from __future__ import annotations

import random
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kiosk.domain.liveness import Challenge, LivenessSession, Observation, Phase, Rules
from kiosk.vision.events import Event, EventDetector
from kiosk.vision.landmarks import FaceLandmarks
from kiosk.vision.measure import BLOCKING, FrameAnalyser, Measure, Quality
from kiosk.vision.pad import PlanarityCue
from kiosk.vision.recorder import Recording, VideoRecorder
from kiosk.vision.sources import Frame, FrameSource


@dataclass(frozen=True, slots=True)
class Feedback:
    """What the screen shows after a frame."""

    phase: Phase
    prompt: Challenge | None
    progress: tuple[int, int]
    attempt: int
    guidance: tuple[Quality, ...]  # blocking problems, most important first
    face_box: tuple[float, float, float, float] | None
    events: tuple[Event, ...]
    finished: bool
    passed: bool


GUIDANCE_ORDER = (
    Quality.NO_FACE,
    Quality.MULTIPLE_FACES,
    Quality.FACE_TOO_SMALL,
    Quality.FACE_TOO_CLOSE,
    Quality.OFF_CENTRE,
    Quality.TOO_DARK,
    Quality.TOO_BRIGHT,
)


@dataclass
class LivenessOutcome:
    result: dict[str, Any]
    recording: Recording | None

    @property
    def passed(self) -> bool:
        return bool(self.result["passed"])


@dataclass
class _Stats:
    frames: int = 0
    with_face: int = 0
    flags: Counter[Quality] = field(default_factory=Counter)
    brightness: list[float] = field(default_factory=list)
    sharpness: list[float] = field(default_factory=list)


class FrameObserver:
    """Frames in, :class:`Observation` s out: landmarks, measures, events, quality."""

    def __init__(self, landmarks: FaceLandmarks) -> None:
        self.analyser = FrameAnalyser(landmarks)
        self.detector = EventDetector()

    def observe(
        self, frame: Frame
    ) -> tuple[Measure, list[Event], Observation, tuple[Quality, ...]]:
        m = self.analyser.measure(frame.image, frame.timestamp_ms)
        events = self.detector.feed(m)
        blocking = tuple(q for q in GUIDANCE_ORDER if q in m.quality and q in BLOCKING)
        obs = Observation(
            timestamp_ms=frame.timestamp_ms,
            face_present=m.face is not None,
            ready=not blocking and self.detector.baseline is not None,
            neutral=self.detector.is_neutral(m),
            lower_face_occluded=Quality.LOWER_FACE_OCCLUDED in m.quality,
            multiple_faces=Quality.MULTIPLE_FACES in m.quality,
            actions=tuple((e.action.value, e.start_ms) for e in events),
        )
        return m, events, obs, blocking


class LivenessCheck:
    def __init__(
        self,
        rules: Rules,
        *,
        seed: int | None = None,
        landmarks: FaceLandmarks | None = None,
        record: bool = True,
    ) -> None:
        self._own_landmarks = landmarks is None
        self.landmarks = landmarks or FaceLandmarks()
        self.observer = FrameObserver(self.landmarks)
        self.session = LivenessSession(rules, random.Random(seed))
        self.recorder = VideoRecorder() if record else None
        self.planarity = PlanarityCue()
        self._stats = _Stats()
        self._first_ms: int | None = None
        self._last_ms = 0

    def step(self, frame: Frame) -> Feedback:
        m, events, obs, blocking = self.observer.observe(frame)
        self._account(frame, m)
        self.session.update(obs)
        if self.session.phase is Phase.PROMPT:
            height, width = frame.image.shape[:2]
            self.planarity.add(m, width, height)
        return Feedback(
            phase=self.session.phase,
            prompt=self.session.current_prompt,
            progress=self.session.progress,
            attempt=len(self.session.attempts),
            guidance=blocking,
            face_box=m.face.box if m.face else None,
            events=tuple(events),
            finished=self.session.finished,
            passed=self.session.passed,
        )

    def _account(self, frame: Frame, m: Measure) -> None:
        stats = self._stats
        stats.frames += 1
        stats.flags.update(m.quality)
        if m.face is not None:
            stats.with_face += 1
            stats.brightness.append(m.brightness)
            stats.sharpness.append(m.sharpness)
        if self._first_ms is None:
            self._first_ms = frame.timestamp_ms
        self._last_ms = frame.timestamp_ms
        if self.recorder is not None:
            self.recorder.add(frame.image, frame.timestamp_ms, m)

    def finish(self, *, interrupted: str | None = None) -> LivenessOutcome:
        """The result; ``interrupted`` explains a check that ended early (camera lost …)."""
        session = self.session
        reasons = list(session.reasons)
        if interrupted and not session.finished:
            reasons.append(f"manual ID check at the counter: {interrupted}")
        stats = self._stats
        planarity = self.planarity.score()
        if planarity.computed and (planarity.value or 0) >= 0.8:
            reasons.append("the face moved like a flat picture (planarity cue)")
        result: dict[str, Any] = {
            "passed": session.passed,
            "manual_id_check": not session.passed,
            "attempts": [
                {
                    "prompts": [
                        {
                            "challenge": r.challenge.value,
                            "shown_ms": r.shown_ms,
                            "response_ms": r.response_ms,
                            "outcome": r.outcome,
                        }
                        for r in attempt.records
                    ],
                    "planned": [c.value for c in attempt.prompts],
                    "failure": attempt.failure,
                }
                for attempt in session.attempts
            ],
            "quality": {
                "frames": stats.frames,
                "frames_with_face": stats.with_face,
                "flags": {
                    q.value: round(n / max(1, stats.frames), 3) for q, n in stats.flags.items()
                },
                "brightness_median": _median(stats.brightness),
                "sharpness_median": _median(stats.sharpness),
            },
            "scores": {planarity.name: planarity.as_dict()},
            "reasons": reasons if reasons or session.passed else ["the check did not finish"],
            "duration_ms": self._last_ms - (self._first_ms or 0),
        }
        if session.passed and not reasons:
            result["reasons"] = ["every prompt was answered in time"]
        recording = self.recorder.finish() if self.recorder else None
        return LivenessOutcome(result, recording)

    def close(self) -> None:
        if self._own_landmarks:
            self.landmarks.close()


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def run_on_source(
    source: FrameSource,
    rules: Rules,
    *,
    seed: int | None = None,
    landmarks: FaceLandmarks | None = None,
    record: bool = False,
    max_frames: int = 100_000,
) -> LivenessOutcome:
    """Run a whole check with ``source`` as the camera (a clip is exactly a replay attack)."""
    check = LivenessCheck(rules, seed=seed, landmarks=landmarks, record=record)
    try:
        for _ in range(max_frames):
            frame = source.read()
            if frame is None:
                return check.finish(interrupted="the camera stopped")
            if check.step(frame).finished:
                break
        return check.finish()
    finally:
        check.close()


class ReplayAttack:
    """Many sessions against one recorded clip used as the camera.

    The clip's frames are the same for every session and the analysis of a frame does not
    depend on what the session prompts, so the clip (looped) is analysed once, as far as the
    longest session needs, and every session is fed the same observations: exactly what each
    would see live, at a fraction of the cost.
    """

    def __init__(self, source: FrameSource, landmarks: FaceLandmarks | None = None) -> None:
        self._source = source
        self._own = landmarks is None
        self._landmarks = landmarks or FaceLandmarks()
        self._observer = FrameObserver(self._landmarks)
        self._observations: list[Observation] = []
        self._ended = False

    def _observation(self, index: int) -> Observation | None:
        while len(self._observations) <= index and not self._ended:
            frame = self._source.read()
            if frame is None:
                self._ended = True
                break
            self._observations.append(self._observer.observe(frame)[2])
        return self._observations[index] if index < len(self._observations) else None

    def session(self, rules: Rules, seed: int) -> LivenessSession:
        session = LivenessSession(rules, random.Random(seed))
        index = 0
        while not session.finished:
            obs = self._observation(index)
            if obs is None:
                break
            session.update(obs)
            index += 1
        return session

    def close(self) -> None:
        self._source.close()
        if self._own:
            self._landmarks.close()

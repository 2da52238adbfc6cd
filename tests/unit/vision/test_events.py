"""Action events from synthetic measurements: baselines, blinks, looks, turns."""

from __future__ import annotations

import numpy as np

from kiosk.vision.events import Action, EventDetector
from kiosk.vision.landmarks import FaceObservation
from kiosk.vision.measure import Measure


def measure(
    t: int,
    *,
    ear: float,
    ear_right: float | None = None,
    yaw: float = 0.0,
    pitch: float = 0.0,
    mouth: float = 0.02,
    smile: float = 0.0,
) -> Measure:
    face = FaceObservation(
        np.zeros((478, 3), np.float32), (0.3, 0.2, 0.7, 0.8), {}, yaw, pitch, 0.0
    )
    return Measure(
        t,
        1,
        frozenset(),
        face,
        (),
        ear,
        ear if ear_right is None else ear_right,
        mouth,
        smile,
        120.0,
        100.0,
        1.0,
    )


def run(frames: list[Measure]) -> list[tuple[Action, int]]:
    detector = EventDetector()
    out = []
    for m in frames:
        out += [(e.action, e.start_ms) for e in detector.feed(m)]
    return out


def timeline(rest_ear: float, pieces: list[tuple[int, dict[str, float]]]) -> list[Measure]:
    """1.2 s at rest (the baseline), then each piece: (duration ms, values) at 30 fps."""
    frames = []
    t = 0
    for duration, values in [(1200, {}), *pieces]:
        end = t + duration
        while t < end:
            kwargs = {"ear": rest_ear, **values}
            frames.append(measure(t, **kwargs))  # type: ignore[arg-type]
            t += 33
    return frames


def test_a_short_closure_is_a_blink_and_a_long_one_is_not() -> None:
    frames = timeline(
        0.30, [(300, {}), (150, {"ear": 0.05}), (800, {}), (1600, {"ear": 0.05}), (500, {})]
    )
    events = run(frames)
    assert [a for a, _ in events] == [Action.BLINK, Action.EYES_CLOSED_LONG]


def test_narrow_eyes_blink_by_their_own_baseline() -> None:
    # At rest this visitor's eyes read 0.16: a fixed 0.21 threshold would call them closed.
    frames = timeline(0.16, [(400, {}), (130, {"ear": 0.05}), (600, {})])
    assert [a for a, _ in run(frames)] == [Action.BLINK]


def test_looking_down_is_not_a_blink() -> None:
    frames = timeline(0.30, [(300, {}), (400, {"ear": 0.08, "pitch": -25.0}), (600, {})])
    actions = [a for a, _ in run(frames)]
    assert Action.BLINK not in actions
    assert Action.LOOK_DOWN in actions


def test_one_eye_is_a_wink_not_a_blink() -> None:
    frames = timeline(0.30, [(300, {}), (200, {"ear": 0.30, "ear_right": 0.05}), (600, {})])
    assert [a for a, _ in run(frames)] == [Action.WINK]


def test_a_turn_is_one_event_until_the_head_comes_back() -> None:
    frames = timeline(
        0.30,
        [
            (200, {}),
            (900, {"yaw": 30.0}),
            (100, {"yaw": 14.0}),
            (400, {"yaw": 28.0}),
            (300, {}),
            (600, {"yaw": -25.0}),
            (300, {}),
        ],
    )
    actions = [a for a, _ in run(frames)]
    assert actions == [Action.TURN_LEFT, Action.TURN_RIGHT]


def test_mouth_and_smile_need_to_be_held() -> None:
    frames = timeline(
        0.30,
        [
            (200, {}),
            (60, {"mouth": 0.6}),
            (300, {}),
            (400, {"mouth": 0.6}),
            (300, {}),
            (500, {"smile": 0.9}),
            (200, {}),
        ],
    )
    assert [a for a, _ in run(frames)] == [Action.MOUTH_OPEN, Action.SMILE]


def test_a_nod_is_down_and_back_up() -> None:
    frames = timeline(0.30, [(200, {}), (400, {"pitch": -18.0}), (400, {})])
    actions = [a for a, _ in run(frames)]
    assert Action.NOD in actions


def test_nothing_is_reported_before_the_baseline() -> None:
    assert run([measure(t, ear=0.05, yaw=40) for t in range(0, 900, 33)]) == []

"""Action events from synthetic measurements: baselines, blinks, looks, turns."""

from __future__ import annotations

from typing import Any

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
    blend: dict[str, float] | None = None,
    lower_face_in_frame: bool = True,
) -> Measure:
    face = FaceObservation(
        np.zeros((478, 3), np.float32), (0.3, 0.2, 0.7, 0.8), blend or {}, yaw, pitch, 0.0
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
        blend or {},
        lower_face_in_frame,
    )


def run(frames: list[Measure]) -> list[tuple[Action, int]]:
    detector = EventDetector()
    out = []
    for m in frames:
        out += [(e.action, e.start_ms) for e in detector.feed(m)]
    return out


def timeline(rest_ear: float, pieces: list[tuple[int, dict[str, Any]]]) -> list[Measure]:
    """1.2 s at rest (the baseline), then each piece: (duration ms, values) at 30 fps."""
    frames = []
    t = 0
    for duration, values in [(1200, {}), *pieces]:
        end = t + duration
        while t < end:
            kwargs: dict[str, object] = {"ear": rest_ear, **values}
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


SHUT = {"eyeBlinkLeft": 0.9, "eyeBlinkRight": 0.9}
OPEN = {"eyeBlinkLeft": 0.05, "eyeBlinkRight": 0.05}


def pieces_from(t: int, pieces: list[tuple[int, dict[str, object]]]) -> list[Measure]:
    frames = []
    for duration, values in pieces:
        end = t + duration
        while t < end:
            frames.append(measure(t, **values))  # type: ignore[arg-type]
            t += 33
    return frames


def test_eyes_closed_from_the_first_frame_are_a_long_closure_not_the_baseline() -> None:
    # The visitor arrives with closed eyes: the rest is learned once the model sees them open,
    # and the closure at frame 0 is still an event.
    frames = pieces_from(
        0,
        [
            (1500, {"ear": 0.06, "blend": SHUT}),
            (1500, {"ear": 0.30, "blend": OPEN}),
            (150, {"ear": 0.05, "blend": SHUT}),
            (800, {"ear": 0.30, "blend": OPEN}),
        ],
    )
    events = run(frames)
    assert [a for a, _ in events] == [Action.EYES_CLOSED_LONG, Action.BLINK]
    assert events[0][1] == 0


def test_a_visitor_who_squints_at_first_still_blinks_by_their_open_eyes() -> None:
    squint = {
        "eyeBlinkLeft": 0.3,
        "eyeBlinkRight": 0.3,
        "eyeSquintLeft": 0.6,
        "eyeSquintRight": 0.6,
    }
    frames = pieces_from(
        0,
        [
            (1200, {"ear": 0.14, "blend": squint}),
            (1200, {"ear": 0.30, "blend": OPEN}),
            (150, {"ear": 0.06, "blend": SHUT}),
            (600, {"ear": 0.30, "blend": OPEN}),
        ],
    )
    assert [a for a, _ in run(frames)] == [Action.BLINK]


def test_both_eyes_closed_for_a_second_and_a_half_is_not_a_wink() -> None:
    # Eyes close and open one a little before the other, as real eyes do.
    left_first = {"eyeBlinkLeft": 0.8, "eyeBlinkRight": 0.3}
    frames = timeline(
        0.30,
        [
            (300, {"blend": OPEN}),
            (100, {"ear": 0.30, "ear_right": 0.05, "blend": left_first}),
            (1500, {"ear": 0.05, "blend": SHUT}),
            (130, {"ear": 0.30, "ear_right": 0.05, "blend": left_first}),
            (600, {"blend": OPEN}),
        ],
    )
    assert [a for a, _ in run(frames)] == [Action.EYES_CLOSED_LONG]


def test_a_wink_needs_the_model_to_see_one_eye_open() -> None:
    wink = {"eyeBlinkLeft": 0.85, "eyeBlinkRight": 0.08}
    frames = timeline(
        0.30,
        [(300, {"blend": OPEN}), (200, {"ear": 0.30, "ear_right": 0.05, "blend": wink}), (600, {})],
    )
    assert [a for a, _ in run(frames)] == [Action.WINK]
    both = timeline(
        0.30,
        [(300, {"blend": OPEN}), (200, {"ear": 0.30, "ear_right": 0.05, "blend": SHUT}), (600, {})],
    )
    assert Action.WINK not in [a for a, _ in run(both)]


def test_a_smile_with_the_chin_out_of_the_frame_is_carried_by_a_smaller_rise() -> None:
    cut = {"lower_face_in_frame": False}
    frames = timeline(0.30, [(300, cut), (400, {**cut, "smile": 0.12}), (400, cut)])
    assert [a for a, _ in run(frames)] == [Action.SMILE]
    # the same small rise with the whole mouth in view is not a smile
    whole = timeline(0.30, [(300, {}), (400, {"smile": 0.12}), (400, {})])
    assert run(whole) == []


def test_a_smile_out_of_frame_can_show_in_the_cheeks() -> None:
    cheeks = {"cheekSquintLeft": 0.4, "cheekSquintRight": 0.4}
    cut: dict[str, object] = {"lower_face_in_frame": False}
    frames = timeline(
        0.30, [(300, cut), (400, {**cut, "smile": 0.05, "blend": cheeks}), (400, cut)]
    )
    assert [a for a, _ in run(frames)] == [Action.SMILE]


def test_no_mouth_reading_while_the_chin_is_out_of_the_frame() -> None:
    cut = {"lower_face_in_frame": False}
    frames = timeline(0.30, [(300, cut), (500, {**cut, "mouth": 0.6}), (300, cut)])
    assert run(frames) == []


def test_a_turn_into_profile_counts_when_the_model_loses_the_face() -> None:
    frames = timeline(0.30, [(300, {}), (66, {"yaw": 26.0})])
    frames.append(Measure(frames[-1].timestamp_ms + 33, 0, frozenset()))  # no face: in profile
    assert [a for a, _ in run(frames)] == [Action.TURN_LEFT]
    # a small turn that loses the face (the visitor stepped out) is not a turn
    small = timeline(0.30, [(300, {}), (66, {"yaw": 19.0})])
    small.append(Measure(small[-1].timestamp_ms + 33, 0, frozenset()))
    assert run(small) == []


def test_a_slow_reopening_ends_the_blink_once_the_model_sees_open_eyes() -> None:
    # The first second had wide eyes (0.34), later rest is 0.27: against the first second the
    # eyes reopen slowly, but the model already sees them open.
    opening = {"eyeBlinkLeft": 0.25, "eyeBlinkRight": 0.25}
    reopening = [(66, {"ear": e, "blend": opening}) for e in (0.22, 0.23, 0.24, 0.25, 0.25)]
    frames = timeline(
        0.34,
        [
            (3000, {"ear": 0.27, "blend": OPEN}),
            (200, {"ear": 0.02, "blend": SHUT}),
            *reopening,
            (600, {"ear": 0.27, "blend": OPEN}),
        ],
    )
    assert [a for a, _ in run(frames)] == [Action.BLINK]


def test_a_visitor_who_smiles_from_the_start_still_smiles_later() -> None:
    # No neutral face to learn from: rest is capped at what a face at rest shows.
    frames = timeline(0.30, [(2000, {"smile": 0.9}), (500, {"smile": 0.0}), (400, {"smile": 0.9})])
    actions = [a for a, _ in run(frames)]
    assert actions.count(Action.SMILE) == 2

"""Facial actions as timed events, read against the visitor's own neutral face.

The first second with a frontal face sets the baseline: how open this visitor's eyes and mouth
are at rest, how much they smile at rest, and where their head points. Every action is then a
departure from that baseline held for a minimum time, with hysteresis, so one action is one
event. Looking down lowers the eyelids' image too: while the head is pitched down, closed-looking
eyes are not read as a blink.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from enum import StrEnum

from kiosk.vision.measure import Measure


class Action(StrEnum):
    BLINK = "blink"
    WINK = "wink"
    EYES_CLOSED_LONG = "eyes_closed_long"
    TURN_LEFT = "turn_left"
    TURN_RIGHT = "turn_right"
    LOOK_UP = "look_up"
    LOOK_DOWN = "look_down"
    NOD = "nod"
    MOUTH_OPEN = "mouth_open"
    SMILE = "smile"


@dataclass(frozen=True, slots=True)
class Event:
    action: Action
    start_ms: int
    end_ms: int
    strength: float  # how far beyond the threshold, for logs and the result


@dataclass(frozen=True, slots=True)
class EventSettings:
    baseline_ms: int = 1000
    baseline_min_frames: int = 8
    eye_closed: float = 0.60  # openness (EAR ÷ baseline) below which an eye is closed
    eye_open: float = 0.75  # ... and above which it is open again
    blink_max_ms: int = 500
    closed_long_ms: int = 1000
    wink_open: float = 0.80  # the other eye stays at least this open during a wink
    turn_deg: float = 18.0
    turn_release_deg: float = 9.0
    pitch_deg: float = 14.0
    pitch_release_deg: float = 7.0
    look_down_blocks_blink_deg: float = 10.0
    nod_deg: float = 9.0
    nod_max_ms: int = 1500
    mouth_open_ratio: float = 0.30  # absolute inner-lip gap ÷ mouth width
    mouth_open_over_rest: float = 0.20
    smile_score: float = 0.55  # MediaPipe's smile blendshapes
    smile_over_rest: float = 0.30
    hold_ms: int = 100  # turns, looks, mouth and smile must last this long


@dataclass(slots=True)
class Baseline:
    ear_left: float
    ear_right: float
    mouth: float
    smile: float
    yaw: float
    pitch: float


@dataclass(slots=True)
class _Run:
    """An ongoing departure from rest: when it started and its strongest value."""

    start_ms: int
    peak: float = 0.0
    reported: bool = False


@dataclass(slots=True)
class _State:
    samples: list[Measure] = field(default_factory=list)
    eyes: _Run | None = None
    wink: _Run | None = None
    runs: dict[Action, _Run] = field(default_factory=dict)
    down_started: int | None = None


class EventDetector:
    """Feed :class:`Measure` s in time order; ``feed`` returns the events that just happened."""

    def __init__(self, settings: EventSettings | None = None) -> None:
        self.settings = settings or EventSettings()
        self.baseline: Baseline | None = None
        self._state = _State()
        self.last: Measure | None = None

    # -- baseline ------------------------------------------------------------------------
    def _collect_baseline(self, m: Measure) -> None:
        s = self.settings
        if m.face is None or m.face_count != 1 or abs(m.yaw) > 20 or abs(m.pitch) > 25:
            return
        samples = self._state.samples
        samples.append(m)
        if len(samples) >= s.baseline_min_frames and (
            samples[-1].timestamp_ms - samples[0].timestamp_ms >= s.baseline_ms
        ):
            self.baseline = Baseline(
                ear_left=statistics.median(x.ear_left for x in samples),
                ear_right=statistics.median(x.ear_right for x in samples),
                mouth=statistics.median(x.mouth_ratio for x in samples),
                smile=statistics.median(x.smile for x in samples),
                yaw=statistics.median(x.yaw for x in samples),
                pitch=statistics.median(x.pitch for x in samples),
            )

    # -- readings relative to the baseline ---------------------------------------------------
    def openness(self, m: Measure) -> tuple[float, float]:
        b = self.baseline
        if b is None or b.ear_left <= 0 or b.ear_right <= 0:
            return 1.0, 1.0
        return m.ear_left / b.ear_left, m.ear_right / b.ear_right

    def turn(self, m: Measure) -> float:
        return m.yaw - (self.baseline.yaw if self.baseline else 0.0)

    def tilt(self, m: Measure) -> float:
        return m.pitch - (self.baseline.pitch if self.baseline else 0.0)

    def is_neutral(self, m: Measure) -> bool:
        """Head forward, eyes open, mouth closed, not smiling: the rest position."""
        if self.baseline is None or m.face is None:
            return False
        s = self.settings
        left, right = self.openness(m)
        return (
            abs(self.turn(m)) < s.turn_release_deg
            and abs(self.tilt(m)) < s.pitch_release_deg
            and min(left, right) > s.eye_closed
            and not self._mouth_open(m)
            and not self._smiling(m)
        )

    def _mouth_open(self, m: Measure) -> bool:
        rest = self.baseline.mouth if self.baseline else 0.0
        s = self.settings
        return m.mouth_ratio > max(s.mouth_open_ratio, rest + s.mouth_open_over_rest)

    def _smiling(self, m: Measure) -> bool:
        rest = self.baseline.smile if self.baseline else 0.0
        s = self.settings
        return m.smile > max(s.smile_score, rest + s.smile_over_rest)

    # -- detection ---------------------------------------------------------------------------
    def feed(self, m: Measure) -> list[Event]:
        self.last = m
        if self.baseline is None:
            self._collect_baseline(m)
            return []
        if m.face is None:
            # The face left the frame: whatever was going on has ended without an event.
            self._state.eyes = self._state.wink = None
            self._state.runs.clear()
            return []
        events: list[Event] = []
        events += self._eyes(m)
        events += self._held(m)
        return events

    def _eyes(self, m: Measure) -> list[Event]:
        s = self.settings
        st = self._state
        left, right = self.openness(m)
        looking_down = self.tilt(m) < -s.look_down_blocks_blink_deg
        both_closed = max(left, right) < s.eye_closed and not looking_down
        events: list[Event] = []
        if st.eyes is None:
            if both_closed:
                st.eyes = _Run(m.timestamp_ms, 1 - max(left, right))
        elif min(left, right) > s.eye_open or looking_down:
            duration = m.timestamp_ms - st.eyes.start_ms
            if not st.eyes.reported and not looking_down and duration <= s.blink_max_ms:
                events.append(Event(Action.BLINK, st.eyes.start_ms, m.timestamp_ms, st.eyes.peak))
            st.eyes = None
        else:
            st.eyes.peak = max(st.eyes.peak, 1 - max(left, right))
            if not st.eyes.reported and m.timestamp_ms - st.eyes.start_ms >= s.closed_long_ms:
                st.eyes.reported = True
                events.append(
                    Event(Action.EYES_CLOSED_LONG, st.eyes.start_ms, m.timestamp_ms, st.eyes.peak)
                )

        one_closed = (
            min(left, right) < s.eye_closed and max(left, right) > s.wink_open and not looking_down
        )
        if st.wink is None:
            if one_closed and st.eyes is None:
                st.wink = _Run(m.timestamp_ms, max(left, right) - min(left, right))
        elif not one_closed:
            duration = m.timestamp_ms - st.wink.start_ms
            if st.eyes is None and 60 <= duration <= s.blink_max_ms + 300:
                events.append(Event(Action.WINK, st.wink.start_ms, m.timestamp_ms, st.wink.peak))
            st.wink = None
        return events

    def _held(self, m: Measure) -> list[Event]:
        """Turns, looks, mouth and smile: a departure held for ``hold_ms``, once per departure."""
        s = self.settings
        turn, tilt = self.turn(m), self.tilt(m)
        conditions = {
            Action.TURN_LEFT: (turn > s.turn_deg, turn < s.turn_release_deg, turn),
            Action.TURN_RIGHT: (turn < -s.turn_deg, turn > -s.turn_release_deg, -turn),
            Action.LOOK_UP: (tilt > s.pitch_deg, tilt < s.pitch_release_deg, tilt),
            Action.LOOK_DOWN: (tilt < -s.pitch_deg, tilt > -s.pitch_release_deg, -tilt),
            Action.MOUTH_OPEN: (self._mouth_open(m), not self._mouth_open(m), m.mouth_ratio),
            Action.SMILE: (self._smiling(m), not self._smiling(m), m.smile),
        }
        events: list[Event] = []
        runs = self._state.runs
        for action, (active, released, value) in conditions.items():
            run = runs.get(action)
            if run is None:
                if active:
                    runs[action] = _Run(m.timestamp_ms, float(value))
                continue
            run.peak = max(run.peak, float(value))
            if released:
                del runs[action]
            elif active and not run.reported and m.timestamp_ms - run.start_ms >= s.hold_ms:
                run.reported = True
                events.append(Event(action, run.start_ms, m.timestamp_ms, run.peak))
        events += self._nod(m, tilt)
        return events

    def _nod(self, m: Measure, tilt: float) -> list[Event]:
        s = self.settings
        st = self._state
        if tilt < -s.nod_deg and st.down_started is None:
            st.down_started = m.timestamp_ms
        elif st.down_started is not None and tilt > -s.pitch_release_deg / 2:
            started, st.down_started = st.down_started, None
            if m.timestamp_ms - started <= s.nod_max_ms:
                return [Event(Action.NOD, started, m.timestamp_ms, 0.0)]
        return []

"""Facial actions as timed events, read against the visitor's own face at rest.

The baseline: how open this visitor's eyes and mouth are at rest, how much they smile at rest,
and where their head points. It is learned from the first second or more with a frontal face,
robustly, so a visitor who starts with closed eyes, squints, or smiles does not teach it the
wrong rest: eye openness is the median over frames the model itself sees as open-eyed
(its blink blendshapes); mouth and smile are low percentiles, capped at what a face at rest
shows; pose is the median. The frames seen
while it is being learned are kept and read again once it is known, so an action that starts at
the first frame is still an event.

Every action is then a departure from the baseline held for a minimum time, with hysteresis, so
one action is one event. The rule for each:

blink             Both eyes closed (openness below ``eye_closed``, and the model's blink scores
                  agree) and open again within ``blink_max_ms``: above ``eye_open``, or past
                  ``eye_closed`` with the model seeing both eyes open. Looking down lowers
                  the eyelids' image too: while the head is pitched down, closed-looking eyes
                  are not read as a blink.
eyes_closed_long  Both eyes closed for ``closed_long_ms`` or more (reported once, not a blink).
wink              One eye closed while the other stays open (above ``wink_open``) all along,
                  and the model's blink blendshapes agree that one eye, not both, is shut. An
                  eye closing next to a both-eyes closure (within ``wink_gap_ms``), as when
                  eyes open again one before the other, is not a wink.
turn_*, look_*    Yaw or pitch beyond its threshold from the rest pose, held ``hold_ms``; a
                  turn beyond ``turn_lost_deg`` also counts when the model loses the face
                  in profile before ``hold_ms`` is over.
nod               Head down and back up within ``nod_max_ms``.
mouth_open        Inner-lip gap over mouth width above both an absolute and a rest-relative
                  level, held; only read while lips and chin are inside the frame.
smile             The mouth-smile blendshapes above an absolute and a rest-relative level. When
                  the lower face is partly out of the frame the mouth's own score is damped, so
                  the smile is carried by a smaller rise of it, or by the cheek- or eye-squint
                  blendshapes rising over rest together with it.
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
    wink_gap_ms: int = 400  # no wink this close to both eyes being closed
    blink_blend_open: float = 0.35  # the model's eyeBlink below this: the eye is open
    blink_blend_shut: float = 0.35  # both eyeBlink at least this for eyes read as closed
    blink_blend_apart: float = 0.25  # in a wink, the two eyeBlink scores differ by this much
    baseline_max_ms: int = 4000  # after this, the baseline is taken from what there is
    smile_rest_max: float = 0.25  # no face at rest smiles more than this on the model's scale
    mouth_rest_max: float = 0.10
    turn_lost_deg: float = 20.0  # a turn this far when the face is lost (to profile) counts
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
    cut_smile_score: float = 0.08  # mouth smile with the lower face cut off by the frame
    cut_smile_over_rest: float = 0.07
    squint_over_rest: float = 0.15  # cheek or eye squint rise that goes with a cut-off smile
    hold_ms: int = 100  # turns, looks, mouth and smile must last this long


@dataclass(slots=True)
class Baseline:
    ear_left: float
    ear_right: float
    mouth: float
    smile: float
    squint: float
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
    seen: list[Measure] = field(default_factory=list)  # every frame before the baseline
    eyes: _Run | None = None
    eyes_ended_ms: int | None = None
    wink_spoiled: bool = False
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
    def _collect_baseline(self, m: Measure) -> bool:
        """Add a frame; True once the baseline is known."""
        s = self.settings
        st = self._state
        st.seen.append(m)
        if m.face is not None and m.face_count == 1 and abs(m.yaw) <= 20 and abs(m.pitch) <= 25:
            st.samples.append(m)
        # Only the last few seconds are kept: nobody may stand frontal for minutes.
        oldest = m.timestamp_ms - s.baseline_max_ms - 1000
        while st.seen and st.seen[0].timestamp_ms < oldest:
            st.seen.pop(0)
        while st.samples and st.samples[0].timestamp_ms < oldest:
            st.samples.pop(0)
        samples = st.samples
        if len(samples) < s.baseline_min_frames:
            return False
        span = samples[-1].timestamp_ms - samples[0].timestamp_ms
        open_eyed = [x for x in samples if _blink(x) < s.blink_blend_open]
        late = span >= s.baseline_max_ms
        if span < s.baseline_ms or (len(open_eyed) < s.baseline_min_frames and not late):
            return False
        eyes = open_eyed if len(open_eyed) >= s.baseline_min_frames else samples
        self.baseline = Baseline(
            ear_left=_percentile([x.ear_left for x in eyes], 50),
            ear_right=_percentile([x.ear_right for x in eyes], 50),
            mouth=min(_percentile([x.mouth_ratio for x in samples], 25), s.mouth_rest_max),
            smile=min(_percentile([x.smile for x in samples], 25), s.smile_rest_max),
            squint=_percentile([_squint(x) for x in samples], 25),
            yaw=statistics.median(x.yaw for x in samples),
            pitch=statistics.median(x.pitch for x in samples),
        )
        return True

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
        if not m.lower_face_in_frame:
            return False
        rest = self.baseline.mouth if self.baseline else 0.0
        s = self.settings
        return m.mouth_ratio > max(s.mouth_open_ratio, rest + s.mouth_open_over_rest)

    def _smiling(self, m: Measure) -> bool:
        b = self.baseline
        rest = b.smile if b else 0.0
        s = self.settings
        if m.smile > max(s.smile_score, rest + s.smile_over_rest):
            return True
        if m.lower_face_in_frame:
            return False
        # Lips and chin partly out of the frame: the model's mouth-smile score is damped.
        rise = m.smile - rest
        squint = _squint(m) - (b.squint if b else 0.0)
        return (m.smile > s.cut_smile_score and rise > s.cut_smile_over_rest) or (
            squint > s.squint_over_rest and rise > s.cut_smile_over_rest / 2
        )

    # -- detection ---------------------------------------------------------------------------
    def feed(self, m: Measure) -> list[Event]:
        self.last = m
        if self.baseline is None:
            if not self._collect_baseline(m):
                return []
            seen, self._state.seen = self._state.seen, []
            return [e for earlier in seen for e in self._detect(earlier)]
        return self._detect(m)

    def _detect(self, m: Measure) -> list[Event]:
        if m.face is None:
            # The face left the frame: whatever was going on has ended without an event, but
            # for a head turned so far that the model lost the face in profile.
            st = self._state
            events = [
                Event(action, run.start_ms, m.timestamp_ms, run.peak)
                for action, run in st.runs.items()
                if action in (Action.TURN_LEFT, Action.TURN_RIGHT)
                and not run.reported
                and run.peak >= self.settings.turn_lost_deg
            ]
            st.eyes = st.wink = None
            st.runs.clear()
            return events
        events = []
        events += self._eyes(m)
        events += self._held(m)
        return events

    def _eyes(self, m: Measure) -> list[Event]:
        s = self.settings
        st = self._state
        left, right = self.openness(m)
        looking_down = self.tilt(m) < -s.look_down_blocks_blink_deg
        both_closed = (
            max(left, right) < s.eye_closed and not looking_down and self._both_shut_by_model(m)
        )
        events: list[Event] = []
        if st.eyes is None:
            if both_closed:
                st.eyes = _Run(m.timestamp_ms, 1 - max(left, right))
        elif min(left, right) > s.eye_open or looking_down or self._opening_by_model(m):
            duration = m.timestamp_ms - st.eyes.start_ms
            if not st.eyes.reported and not looking_down and duration <= s.blink_max_ms:
                events.append(Event(Action.BLINK, st.eyes.start_ms, m.timestamp_ms, st.eyes.peak))
            st.eyes = None
            st.eyes_ended_ms = m.timestamp_ms
        else:
            st.eyes.peak = max(st.eyes.peak, 1 - max(left, right))
            if not st.eyes.reported and m.timestamp_ms - st.eyes.start_ms >= s.closed_long_ms:
                st.eyes.reported = True
                events.append(
                    Event(Action.EYES_CLOSED_LONG, st.eyes.start_ms, m.timestamp_ms, st.eyes.peak)
                )

        one_closed = (
            min(left, right) < s.eye_closed
            and max(left, right) > s.wink_open
            and not looking_down
            and self._one_eye_by_model(m)
        )
        if st.wink is None:
            after_closure = (
                st.eyes_ended_ms is not None and m.timestamp_ms - st.eyes_ended_ms < s.wink_gap_ms
            )
            if one_closed and st.eyes is None and not after_closure:
                st.wink = _Run(m.timestamp_ms, max(left, right) - min(left, right))
                st.wink_spoiled = False
        elif st.eyes is not None:
            st.wink_spoiled = True  # the other eye closed too: a closure, not a wink
        elif not one_closed:
            duration = m.timestamp_ms - st.wink.start_ms
            if not st.wink_spoiled and 60 <= duration <= s.blink_max_ms + 300:
                events.append(Event(Action.WINK, st.wink.start_ms, m.timestamp_ms, st.wink.peak))
            st.wink = None
        return events

    def _opening_by_model(self, m: Measure) -> bool:
        """Past the closed mark, and the model sees both eyes open: a slow reopening (or a
        baseline taken while the eyes were wide) does not stretch a blink into a closure."""
        left, right = self.openness(m)
        if "eyeBlinkLeft" not in m.blend or min(left, right) < self.settings.eye_closed:
            return False
        return _blink(m) < self.settings.blink_blend_open

    def _both_shut_by_model(self, m: Measure) -> bool:
        """A squint reads like closing eyes in the geometry; the model's blink scores tell."""
        if "eyeBlinkLeft" not in m.blend or "eyeBlinkRight" not in m.blend:
            return True
        low = min(m.blend["eyeBlinkLeft"], m.blend["eyeBlinkRight"])
        return low >= self.settings.blink_blend_shut

    def _one_eye_by_model(self, m: Measure) -> bool:
        """The model's blink blendshapes (where there are any): one eye shut, the other open."""
        if "eyeBlinkLeft" not in m.blend or "eyeBlinkRight" not in m.blend:
            return True
        low, high = sorted((m.blend["eyeBlinkLeft"], m.blend["eyeBlinkRight"]))
        s = self.settings
        return low < s.blink_blend_open and high - low >= s.blink_blend_apart

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


def _blink(m: Measure) -> float:
    """The model's own reading of the more closed eye (0 open, 1 shut); 0 when it has none."""
    return max(m.blend.get("eyeBlinkLeft", 0.0), m.blend.get("eyeBlinkRight", 0.0))


def _squint(m: Measure) -> float:
    """Cheeks and lower lids raised, as in a smile: the larger of the two pairs' means."""
    b = m.blend
    cheeks = (b.get("cheekSquintLeft", 0.0) + b.get("cheekSquintRight", 0.0)) / 2
    eyes = (b.get("eyeSquintLeft", 0.0) + b.get("eyeSquintRight", 0.0)) / 2
    return max(cheeks, eyes)


def _percentile(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    position = (len(ordered) - 1) * percent / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)

"""The liveness check as a state machine: positioning, random prompts, neutral between them.

It knows nothing of cameras or landmarks. Each frame it receives an :class:`Observation`
(face quality, whether the face is at rest, the actions that just started) and it answers with
what to show. What makes a recorded video fail is here: the prompts and the pauses between
them are random, a response must start after the prompt (plus a human reaction time) and within
its window, and an action that was not asked for fails the prompt.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from enum import StrEnum


class Challenge(StrEnum):
    BLINK = "blink"
    TURN_LEFT = "turn_left"
    TURN_RIGHT = "turn_right"
    OPEN_MOUTH = "open_mouth"
    SMILE = "smile"
    NOD = "nod"


#: the action name each challenge is answered by
ANSWERED_BY = {
    Challenge.BLINK: "blink",
    Challenge.TURN_LEFT: "turn_left",
    Challenge.TURN_RIGHT: "turn_right",
    Challenge.OPEN_MOUTH: "mouth_open",
    Challenge.SMILE: "smile",
    Challenge.NOD: "nod",
}
#: actions people do without meaning to; never held against them
INVOLUNTARY = frozenset({"blink", "wink"})
#: actions that go naturally with the one asked for
COMPANIONS = {
    Challenge.OPEN_MOUTH: frozenset({"smile"}),
    Challenge.SMILE: frozenset({"mouth_open"}),
    Challenge.NOD: frozenset({"look_down", "look_up"}),
    Challenge.BLINK: frozenset({"eyes_closed_long"}),
}
NEEDS_LOWER_FACE = frozenset({Challenge.OPEN_MOUTH, Challenge.SMILE})
#: head movements: every plan has at least one, since blinks and smiles also come by themselves
HEAD_MOVES = frozenset({Challenge.TURN_LEFT, Challenge.TURN_RIGHT, Challenge.NOD})
#: deliberate movements that nobody makes by chance while waiting for the next prompt
DELIBERATE = frozenset({"turn_left", "turn_right", "look_up", "look_down", "nod", "mouth_open"})


class Phase(StrEnum):
    POSITIONING = "positioning"
    SETTLING = "settling"  # back to a neutral face before the next prompt
    PROMPT = "prompt"
    PAUSE = "pause"  # after a failed attempt, before the next one
    PASSED = "passed"
    MANUAL_CHECK = "manual_check"


@dataclass(frozen=True, slots=True)
class Observation:
    timestamp_ms: int
    face_present: bool
    ready: bool  # one face, well placed and lit, and the visitor's baseline is known
    neutral: bool
    lower_face_occluded: bool = False
    multiple_faces: bool = False
    actions: tuple[tuple[str, int], ...] = ()  # (action, start_ms) that just happened


@dataclass(frozen=True, slots=True)
class Rules:
    challenges: tuple[Challenge, ...] = tuple(Challenge)
    prompts_min: int = 2
    prompts_max: int = 3
    window_ms: int = 5000
    attempt_limit_ms: int = 45000
    max_attempts: int = 3
    reaction_ms: int = 200  # nobody answers a prompt faster than this
    ready_ms: int = 1000
    settle_min_ms: int = 600
    settle_max_ms: int = 2500
    face_lost_ms: int = 1200
    positioning_limit_ms: int = 90000
    pause_ms: int = 1500
    #: demo mode only: these prompts in this order instead of a random draw, so a recorded
    #: clip can stand in for a visitor (the screen says "demo mode")
    fixed_order: tuple[Challenge, ...] = ()
    #: a deliberate movement (turn, look, nod, open mouth) between prompts fails the attempt
    strict_between_prompts: bool = True


@dataclass
class PromptRecord:
    challenge: Challenge
    shown_ms: int
    answered_ms: int | None = None
    outcome: str = "pending"  # passed | no_response | wrong_action | face_lost | several_faces

    @property
    def response_ms(self) -> int | None:
        return None if self.answered_ms is None else self.answered_ms - self.shown_ms


@dataclass
class Attempt:
    prompts: list[Challenge]
    started_ms: int
    records: list[PromptRecord] = field(default_factory=list)
    failure: str | None = None


class LivenessSession:
    """One visitor's liveness check, all attempts included."""

    def __init__(self, rules: Rules, rng: random.Random) -> None:
        if rules.prompts_min < 1 or rules.prompts_min > rules.prompts_max:
            raise ValueError("prompts_min must be between 1 and prompts_max")
        self.rules = rules
        self.rng = rng
        self.phase = Phase.POSITIONING
        self.attempts: list[Attempt] = []
        self.reasons: list[str] = []
        self._since: int | None = None  # start of the current good/neutral streak
        self._phase_started: int | None = None
        self._settle_for = 0
        self._face_missing_since: int | None = None
        self._occluded_seen = False

    # -- state ----------------------------------------------------------------------------
    @property
    def attempt(self) -> Attempt | None:
        return self.attempts[-1] if self.attempts else None

    @property
    def current_prompt(self) -> Challenge | None:
        if self.phase is Phase.PROMPT and self.attempt and self.attempt.records:
            return self.attempt.records[-1].challenge
        return None

    @property
    def progress(self) -> tuple[int, int]:
        """(prompts answered, prompts in this attempt)."""
        attempt = self.attempt
        if attempt is None:
            return 0, 0
        done = sum(1 for r in attempt.records if r.outcome == "passed")
        return done, len(attempt.prompts)

    @property
    def finished(self) -> bool:
        return self.phase in (Phase.PASSED, Phase.MANUAL_CHECK)

    def available(self, occluded: bool) -> list[Challenge]:
        return [c for c in self.rules.challenges if not (occluded and c in NEEDS_LOWER_FACE)]

    # -- the machine ------------------------------------------------------------------------
    def update(self, obs: Observation) -> None:
        if self.finished:
            return
        if self._phase_started is None:
            self._phase_started = obs.timestamp_ms
        self._occluded_seen = self._occluded_seen or obs.lower_face_occluded
        handler = {
            Phase.POSITIONING: self._positioning,
            Phase.SETTLING: self._settling,
            Phase.PROMPT: self._prompt,
            Phase.PAUSE: self._pause,
        }[self.phase]
        handler(obs)

    def _enter(self, phase: Phase, now: int) -> None:
        self.phase = phase
        self._phase_started = now
        self._since = None

    def _positioning(self, obs: Observation) -> None:
        now = obs.timestamp_ms
        if not obs.ready:
            self._since = None
            assert self._phase_started is not None
            if now - self._phase_started > self.rules.positioning_limit_ms:
                self._manual(now, "the camera could not get a clear view of the face")
            return
        self._since = self._since if self._since is not None else now
        if now - self._since >= self.rules.ready_ms:
            self._start_attempt(now)

    def _start_attempt(self, now: int) -> None:
        pool = self.available(self._occluded_seen)
        if len(pool) < self.rules.prompts_min:
            self._manual(now, "too few challenges suit this visitor")
            return
        if self.rules.fixed_order:
            plan = list(self.rules.fixed_order)
        else:
            count = self.rng.randint(self.rules.prompts_min, min(self.rules.prompts_max, len(pool)))
            plan = self.rng.sample(pool, count)
            moves = [c for c in pool if c in HEAD_MOVES]
            if moves and not HEAD_MOVES & set(plan):
                plan[self.rng.randrange(count)] = self.rng.choice(moves)
        self.attempts.append(Attempt(plan, now))
        self._settle(now)

    def _settle(self, now: int) -> None:
        self._settle_for = self.rng.randint(self.rules.settle_min_ms, self.rules.settle_max_ms)
        self._enter(Phase.SETTLING, now)

    def _settling(self, obs: Observation) -> None:
        now = obs.timestamp_ms
        if self._over_time(now) or self._lost_face(obs):
            return
        attempt = self.attempt
        assert attempt is not None
        if self.rules.strict_between_prompts and attempt.records:
            # Between prompts the visitor waits with a neutral face; a recording keeps acting.
            assert self._phase_started is not None
            for action, started in obs.actions:
                if action in DELIBERATE and started > self._phase_started + self.rules.reaction_ms:
                    self._fail(now, None, "wrong_action", f"{action} between prompts, unasked")
                    return
        if not (obs.neutral and obs.ready):
            self._since = None
            return
        self._since = self._since if self._since is not None else now
        if now - self._since >= self._settle_for:
            attempt = self.attempt
            assert attempt is not None
            challenge = attempt.prompts[len(attempt.records)]
            attempt.records.append(PromptRecord(challenge, now))
            self._enter(Phase.PROMPT, now)

    def _prompt(self, obs: Observation) -> None:
        now = obs.timestamp_ms
        attempt = self.attempt
        assert attempt is not None
        record = attempt.records[-1]
        if obs.multiple_faces:
            self._fail(now, record, "several_faces", "more than one face was in view")
            return
        if self._lost_face(obs, record) or self._over_time(now, record):
            return
        wanted = ANSWERED_BY[record.challenge]
        allowed = COMPANIONS.get(record.challenge, frozenset()) | INVOLUNTARY
        for action, started in obs.actions:
            if started < record.shown_ms:
                continue  # began before the prompt: part of settling, not an answer
            if action == wanted and started - record.shown_ms >= self.rules.reaction_ms:
                record.answered_ms = started
                record.outcome = "passed"
                if len(attempt.records) == len(attempt.prompts):
                    self._enter(Phase.PASSED, now)
                else:
                    self._settle(now)
                return
            if action == wanted:
                self._fail(now, record, "wrong_action", "the movement started before the prompt")
                return
            if action not in allowed:
                self._fail(
                    now,
                    record,
                    "wrong_action",
                    f"asked for {record.challenge.value}, saw {action}",
                )
                return
        if now - record.shown_ms > self.rules.window_ms:
            self._fail(now, record, "no_response", f"no {record.challenge.value} in time")

    def _pause(self, obs: Observation) -> None:
        assert self._phase_started is not None
        if obs.timestamp_ms - self._phase_started >= self.rules.pause_ms:
            self._enter(Phase.POSITIONING, obs.timestamp_ms)

    # -- failures --------------------------------------------------------------------------
    def _lost_face(self, obs: Observation, record: PromptRecord | None = None) -> bool:
        if obs.face_present:
            self._face_missing_since = None
            return False
        now = obs.timestamp_ms
        self._face_missing_since = self._face_missing_since or now
        if now - self._face_missing_since < self.rules.face_lost_ms:
            return False
        self._fail(now, record, "face_lost", "the face left the camera's view")
        return True

    def _over_time(self, now: int, record: PromptRecord | None = None) -> bool:
        attempt = self.attempt
        assert attempt is not None
        if now - attempt.started_ms <= self.rules.attempt_limit_ms:
            return False
        self._fail(now, record, "no_response", "the check took longer than allowed")
        return True

    def _fail(self, now: int, record: PromptRecord | None, outcome: str, reason: str) -> None:
        attempt = self.attempt
        assert attempt is not None
        if record is not None:
            record.outcome = outcome
        attempt.failure = reason
        self.reasons.append(f"attempt {len(self.attempts)}: {reason}")
        self._face_missing_since = None
        if len(self.attempts) >= self.rules.max_attempts:
            self._manual(now, f"{self.rules.max_attempts} attempts failed")
        else:
            self._enter(Phase.PAUSE, now)

    def _manual(self, now: int, reason: str) -> None:
        self.reasons.append(f"manual ID check at the counter: {reason}")
        self._enter(Phase.MANUAL_CHECK, now)

    @property
    def passed(self) -> bool:
        return self.phase is Phase.PASSED

"""The liveness state machine, driven by scripted observations (no camera, no model)."""

from __future__ import annotations

import random

import pytest

from kiosk.domain.liveness import Challenge, LivenessSession, Observation, Phase, Rules

RULES = Rules(settle_min_ms=600, settle_max_ms=600, prompts_min=2, prompts_max=2)


class Script:
    """Feeds frames at 30 fps; actions can be injected at the current time."""

    def __init__(self, session: LivenessSession) -> None:
        self.session = session
        self.t = 0

    def frames(self, ms: int, **kw: object) -> None:
        end = self.t + ms
        while self.t < end:
            self.frame(**kw)

    def frame(self, actions: tuple[tuple[str, int], ...] = (), **kw: object) -> None:
        values: dict[str, object] = {"face_present": True, "ready": True, "neutral": True}
        values.update(kw)
        self.session.update(Observation(self.t, actions=actions, **values))  # type: ignore[arg-type]
        self.t += 33

    def until_prompt(self, limit_ms: int = 10000) -> Challenge:
        end = self.t + limit_ms
        while self.session.current_prompt is None and self.t < end:
            self.frame()
        assert self.session.current_prompt is not None, self.session.phase
        return self.session.current_prompt

    def answer(self, challenge: Challenge, after_ms: int = 600) -> None:
        self.frames(after_ms, neutral=False)
        action = {"open_mouth": "mouth_open"}.get(challenge.value, challenge.value)
        self.frame(actions=((action, self.t - 100),), neutral=False)


def new(seed: int = 1, rules: Rules = RULES) -> tuple[LivenessSession, Script]:
    session = LivenessSession(rules, random.Random(seed))
    return session, Script(session)


def test_answering_every_prompt_passes() -> None:
    session, script = new()
    for _ in range(2):
        script.answer(script.until_prompt())
    assert session.phase is Phase.PASSED
    records = session.attempts[0].records
    assert [r.outcome for r in records] == ["passed", "passed"]
    assert all(r.response_ms is not None and r.response_ms > 200 for r in records)


def test_prompts_are_random_but_reproducible_by_seed() -> None:
    plans = set()
    for seed in range(30):
        session, script = new(seed)
        script.until_prompt()
        plans.add(tuple(session.attempts[0].prompts))
        again, again_script = new(seed)
        again_script.until_prompt()
        assert again.attempts[0].prompts == session.attempts[0].prompts
    assert len(plans) > 10


def test_an_unrequested_action_fails_the_prompt() -> None:
    session, script = new()
    asked = script.until_prompt()
    other = next(c for c in (Challenge.TURN_LEFT, Challenge.TURN_RIGHT) if c is not asked)
    script.answer(other)
    assert session.phase is Phase.PAUSE
    assert session.attempts[0].records[0].outcome == "wrong_action"
    assert f"asked for {asked.value}, saw {other.value}" in session.reasons[0]


def test_blinks_never_count_against_the_visitor() -> None:
    session, script = new(seed=3)
    asked = script.until_prompt()
    assert asked is not Challenge.BLINK
    script.frame(actions=(("blink", script.t),))
    assert session.phase is Phase.PROMPT


def test_an_answer_faster_than_a_human_can_react_is_refused() -> None:
    session, script = new()
    asked = script.until_prompt()
    action = {"open_mouth": "mouth_open"}.get(asked.value, asked.value)
    script.frame(actions=((action, script.t - 20),))  # 13 ms after the prompt appeared
    assert session.phase is Phase.PAUSE
    assert "before the prompt" in session.reasons[0]


def test_no_response_in_the_window_fails_and_three_failures_mean_a_manual_check() -> None:
    session, script = new()
    for attempt in range(3):
        script.until_prompt()
        script.frames(5200)
        assert session.attempts[attempt].records[-1].outcome == "no_response"
        if attempt < 2:
            assert session.phase is Phase.PAUSE
    assert session.phase is Phase.MANUAL_CHECK
    assert session.reasons[-1] == "manual ID check at the counter: 3 attempts failed"


def test_the_face_must_return_to_neutral_between_prompts() -> None:
    session, script = new()
    script.answer(script.until_prompt())
    assert session.phase is Phase.SETTLING
    script.frames(3000, neutral=False)
    assert session.phase is Phase.SETTLING
    script.frames(700)
    assert session.phase is Phase.PROMPT


def test_masked_visitors_get_no_mouth_or_smile_prompts() -> None:
    for seed in range(40):
        session, script = new(seed)
        script.frames(100, lower_face_occluded=True)
        script.until_prompt()
        assert not {Challenge.OPEN_MOUTH, Challenge.SMILE} & set(session.attempts[0].prompts)


def test_losing_the_face_or_a_second_face_fails_the_attempt() -> None:
    session, script = new()
    script.until_prompt()
    script.frames(1500, face_present=False, ready=False, neutral=False)
    assert "left the camera's view" in session.reasons[0]
    session, script = new()
    script.until_prompt()
    script.frame(multiple_faces=True)
    assert "more than one face" in session.reasons[0]


def test_a_visitor_the_camera_never_sees_clearly_goes_to_the_counter() -> None:
    session, script = new(rules=Rules(positioning_limit_ms=2000))
    script.frames(2100, ready=False)
    assert session.phase is Phase.MANUAL_CHECK
    assert "clear view" in session.reasons[-1]


def test_bad_rules_are_refused() -> None:
    with pytest.raises(ValueError, match="prompts_min"):
        LivenessSession(Rules(prompts_min=3, prompts_max=2), random.Random(0))


def test_every_plan_has_a_head_movement() -> None:
    from kiosk.domain.liveness import HEAD_MOVES

    for seed in range(60):
        session, script = new(seed, Rules(prompts_min=2, prompts_max=3))
        script.until_prompt()
        assert HEAD_MOVES & set(session.attempts[0].prompts)


def test_a_deliberate_movement_between_prompts_fails_the_attempt() -> None:
    session, script = new()
    script.answer(script.until_prompt())
    assert session.phase is Phase.SETTLING
    script.frames(400, neutral=False)
    script.frame(actions=(("turn_left", script.t),), neutral=False)
    assert session.phase is Phase.PAUSE
    assert "turn_left between prompts, unasked" in session.reasons[0]


def test_demo_order_replaces_the_random_draw() -> None:
    session, script = new(rules=Rules(fixed_order=(Challenge.SMILE, Challenge.BLINK)))
    script.until_prompt()
    assert session.attempts[0].prompts == [Challenge.SMILE, Challenge.BLINK]

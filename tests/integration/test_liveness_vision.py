"""MediaPipe on real video: the shipped test clip, synthetic held-up photos, bad inputs."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from kiosk.domain.liveness import Rules
from kiosk.services.liveness_service import demo_rules
from kiosk.settings import SiteConfig
from kiosk.vision.evaluation import analyse_clip, check_clip
from kiosk.vision.landmarks import FaceLandmarks
from kiosk.vision.liveness_check import LivenessCheck, ReplayAttack
from kiosk.vision.measure import FrameAnalyser
from kiosk.vision.model import ModelError, verified_model_bytes
from kiosk.vision.pad import PlanarityCue
from kiosk.vision.sources import SourceError, StillImageSource, VideoFileSource, open_source

CLIP = Path(__file__).parents[1] / "data" / "live_mouth_open_smile_liveportrait_d18.mp4"


@pytest.fixture(scope="module")
def landmarks() -> FaceLandmarks:
    marks = FaceLandmarks()
    yield marks  # type: ignore[misc]
    marks.close()


def test_the_model_is_verified_and_a_bad_one_named(tmp_path: Path) -> None:
    assert len(verified_model_bytes()) == 3_758_596
    damaged = tmp_path / "face_landmarker.task"
    damaged.write_bytes(b"not a model")
    with pytest.raises(ModelError, match=str(damaged)) as caught:
        verified_model_bytes(damaged)
    assert "damaged or not the expected file" in str(caught.value)
    with pytest.raises(ModelError, match="is missing"):
        verified_model_bytes(tmp_path / "nowhere.task")


def test_unreadable_and_truncated_videos_give_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="does not exist"):
        VideoFileSource(tmp_path / "missing.mp4")
    garbage = tmp_path / "garbage.mp4"
    garbage.write_bytes(b"\x00" * 5000)
    with pytest.raises(SourceError, match=r"cannot be opened|no readable frame"):
        VideoFileSource(garbage)
    truncated = tmp_path / "truncated.mp4"
    truncated.write_bytes(CLIP.read_bytes()[:4000])
    with pytest.raises(SourceError, match=r"cannot be opened|no readable frame"):
        VideoFileSource(truncated)
    with pytest.raises(SourceError, match="no camera answers at index 7"):
        open_source("camera:7")


def test_the_shipped_clip_shows_its_labelled_actions() -> None:
    analysis = analyse_clip(CLIP)
    checks = check_clip(
        analysis, {"mouth_open": {"min": 1}, "smile": {"min": 1}, "blink": {"min": 1}}
    )
    assert all(c.held for c in checks), [(c.what, c.why) for c in checks]
    assert analysis.frames == 216


def test_looping_source_keeps_time_increasing() -> None:
    source = VideoFileSource(CLIP, loop=True)
    stamps = [source.read().timestamp_ms for _ in range(230)]  # type: ignore[union-attr]
    source.close()
    assert stamps == sorted(stamps)
    assert stamps[-1] > 7000


def _still(tmp_path: Path) -> Path:
    capture = cv2.VideoCapture(str(CLIP))
    ok, image = capture.read()
    capture.release()
    assert ok
    path = tmp_path / "photo.png"
    cv2.imwrite(str(path), image)
    return path


def test_a_held_up_photo_never_passes(tmp_path: Path, landmarks: FaceLandmarks) -> None:
    source = StillImageSource(_still(tmp_path), frames=900)
    check = LivenessCheck(Rules(attempt_limit_ms=8000), seed=5, landmarks=landmarks, record=False)
    while (frame := source.read()) is not None:
        if check.step(frame).finished:
            break
    outcome = check.finish(interrupted="the camera stopped")
    assert not outcome.passed
    assert outcome.result["manual_id_check"]
    assert "no " in outcome.result["attempts"][0]["failure"]  # no response to the prompt
    assert outcome.result["scores"]["planarity"]["computed"] is False
    assert "did not move enough" in outcome.result["scores"]["planarity"]["detail"]


def test_planarity_flags_a_tilted_photo_and_not_a_head(
    tmp_path: Path, landmarks: FaceLandmarks
) -> None:
    photo = cv2.imread(str(_still(tmp_path)))
    height, width = photo.shape[:2]
    analyser = FrameAnalyser(landmarks, search_every=0)
    flat = PlanarityCue()
    for index in range(45):
        # Tilt and swing the picture as a hand would: a perspective warp of a flat sheet.
        angle = np.sin(index / 6) * 0.18
        shift = width * 0.1 * angle
        corners = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
        moved = np.float32(
            [
                [shift, height * angle * 0.3],
                [width + shift, -height * angle * 0.3],
                [width - shift, height + height * angle * 0.3],
                [-shift, height - height * angle * 0.3],
            ]
        )
        warped = cv2.warpPerspective(
            photo, cv2.getPerspectiveTransform(corners, moved), (width, height)
        )
        flat.add(analyser.measure(warped, 10_000 + index * 33), width, height)
    flat_score = flat.score()
    assert flat_score.computed
    assert flat_score.value is not None
    assert flat_score.value >= 0.6, flat_score

    head = PlanarityCue()
    source = VideoFileSource(CLIP)
    head_analyser = FrameAnalyser(FaceLandmarks(), search_every=0)
    while (frame := source.read()) is not None:
        head.add(head_analyser.measure(frame.image, frame.timestamp_ms), *frame.image.shape[1::-1])
    source.close()
    head_analyser.landmarks.close()
    head_score = head.score()
    assert head_score.computed
    assert head_score.value is not None
    assert head_score.value < flat_score.value


def test_replaying_the_clip_is_mostly_refused(landmarks: FaceLandmarks) -> None:
    attack = ReplayAttack(VideoFileSource(CLIP, loop=True), landmarks=None)
    sessions = [attack.session(Rules(), seed) for seed in range(40)]
    attack.close()
    passed = sum(s.passed for s in sessions)
    assert passed <= 2
    assert any("asked for" in reason for s in sessions for reason in s.reasons)


def test_demo_prompts_in_the_clip_s_order_pass_first_time(site: SiteConfig) -> None:
    """The demo path: smile, then blink, in the order the recorded man does them."""
    source = VideoFileSource(CLIP)
    check = LivenessCheck(demo_rules(site), seed=0)
    while (frame := source.read()) is not None:
        if check.step(frame).finished:
            break
    outcome = check.finish()
    check.close()
    source.close()
    assert outcome.passed, outcome.result["reasons"]
    assert len(outcome.result["attempts"]) == 1
    prompts = outcome.result["attempts"][0]["prompts"]
    assert [p["challenge"] for p in prompts] == ["smile", "blink"]
    assert all(p["response_ms"] >= 200 for p in prompts)
    assert outcome.recording is not None
    assert outcome.recording.frames > 10
    assert outcome.recording.best_frame is not None
    assert outcome.result["quality"]["frames_with_face"] > 100


def test_a_new_stream_follows_on_with_its_own_frame_spacing(landmarks: FaceLandmarks) -> None:
    sent: list[int] = []
    video = landmarks._video

    class Recording:
        def detect_for_video(self, image: Any, timestamp: int) -> Any:
            sent.append(timestamp)
            return video.detect_for_video(image, timestamp)

    landmarks._video = Recording()
    try:
        blank = np.zeros((120, 160, 3), np.uint8)
        for stamp in (0, 33, 66, 0, 33, 66):  # two visits, each stream starting at 0
            landmarks.detect(blank, stamp)
    finally:
        landmarks._video = video
    assert all(b > a for a, b in itertools.pairwise(sent))  # what VIDEO mode needs
    assert [b - a for a, b in itertools.pairwise(sent)] == [33, 33, 1, 33, 33]

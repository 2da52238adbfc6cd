"""The robustness evaluation on the shipped clip, with real MediaPipe: the failure classes seen
on faces outside the development clips, rebuilt by transforming frames we may ship."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kiosk.vision.augment import TRANSFORMS, Reference, transform
from kiosk.vision.evaluation import ClipAnalysis, _frames, analyse_clip, analyse_frames, check_clip
from kiosk.vision.measure import Quality
from kiosk.vision.sources import open_source
from tests.integration.test_cli import kiosk as run_cli

CLIP = Path(__file__).parents[1] / "data" / "live_mouth_open_smile_liveportrait_d18.mp4"
LABELS = {"mouth_open": {"min": 1}, "smile": {"min": 1}, "blink": {"min": 1}}


@pytest.fixture(scope="module")
def untouched() -> tuple[ClipAnalysis, Reference]:
    analysis = analyse_clip(CLIP, keep_measures=True)
    width, height = analysis.size or (0, 0)
    events = [(e.action.value, e.start_ms) for e in analysis.events]
    return analysis, Reference.of(analysis.measures, events, width, height, analysis.fps)


def changed(name: str, ref: Reference, seed: int = 0) -> ClipAnalysis:
    source = open_source(CLIP)
    try:
        frames = transform(name).frames(_frames(source), ref, seed, CLIP.name)
        return analyse_frames(CLIP.name, frames, source.fps, keep_measures=True)
    finally:
        source.close()


def test_standing_too_close_is_too_close_never_a_mask(untouched: tuple) -> None:
    _analysis, ref = untouched
    zoomed = changed("zoom", ref)
    with_face = [m for m in zoomed.measures if m.face is not None]
    close = sum(Quality.FACE_TOO_CLOSE in m.quality for m in with_face)
    assert close * 2 >= len(with_face) > 100
    assert zoomed.quality[Quality.LOWER_FACE_OCCLUDED] == 0


def test_a_smile_with_lip_and_chin_out_of_the_frame_is_still_a_smile(untouched: tuple) -> None:
    _analysis, ref = untouched
    cropped = changed("crop_lower", ref)
    assert cropped.count("smile") >= 1, cropped.event_summary()
    assert cropped.count("mouth_open") == 0  # not read from half a mouth
    assert cropped.quality[Quality.LOWER_FACE_OCCLUDED] == 0
    checks = check_clip(cropped, transform("crop_lower").expect(LABELS, ref))
    assert all(c.held for c in checks), [(c.what, c.why) for c in checks if not c.held]


def test_every_transform_keeps_what_its_rule_says(untouched: tuple) -> None:
    _analysis, ref = untouched
    for change in TRANSFORMS:
        if change.name in {"zoom", "crop_lower"}:
            continue  # above
        analysis = changed(change.name, ref)
        checks = check_clip(analysis, change.expect(LABELS, ref))
        assert checks, change.name
        failed = [(c.what, c.why) for c in checks if not c.held]
        assert not failed, (change.name, failed)


def test_the_seed_fixes_the_transforms(untouched: tuple) -> None:
    _analysis, ref = untouched
    first = changed("rotate", ref, seed=3)
    again = changed("rotate", ref, seed=3)
    assert [(e.action, e.start_ms) for e in first.events] == [
        (e.action, e.start_ms) for e in again.events
    ]


def test_the_command_prints_the_tables_and_fails_on_a_lost_expectation(tmp_path: Path) -> None:
    shutil.copy(CLIP, tmp_path / CLIP.name)
    labels = {"clips": {CLIP.name: {"label": "live", **LABELS}}}
    (tmp_path / "labels.json").write_text(json.dumps(labels), encoding="utf-8")
    out = run_cli("liveness", "eval", str(tmp_path), "--augment", "--transform", "mirror")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "mirror" in out.stdout
    assert "fairness" in out.stdout
    assert "people    white" in out.stdout  # the bundled groups
    # an expectation the clip cannot meet makes the run fail, with the reason
    labels["clips"][CLIP.name]["turn_left"] = {"min": 1}
    (tmp_path / "labels.json").write_text(json.dumps(labels), encoding="utf-8")
    out = run_cli("liveness", "eval", str(tmp_path), "--augment", "--transform", "mirror", "--json")
    assert out.returncode == 1
    data = json.loads(out.stdout)
    failed = [c for run in data["runs"] for c in run["checks"] if not c["held"]]
    assert {c["what"] for c in failed} == {"turn_left ≥ 1", "turn_right ≥ 1"}  # mirrored too

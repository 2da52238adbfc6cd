"""The liveness screen and its camera thread, with the shipped clip as the camera."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.services.liveness_service import demo_rules
from kiosk.settings import SiteConfig
from kiosk.ui.visitor.liveness_screen import LivenessScreen
from kiosk.vision.liveness_check import LivenessCheck, LivenessOutcome
from kiosk.vision.sources import Frame, SourceLost, VideoFileSource

CLIP = Path(__file__).parents[1] / "data" / "live_mouth_open_smile_liveportrait_d18.mp4"


class VanishingCamera:
    """A camera that is unplugged after a few frames (test double for the device)."""

    fps = 30.0
    description = "camera 0"

    def __init__(self, frames: int) -> None:
        self._clip = VideoFileSource(CLIP)
        self._left = frames

    def read(self) -> Frame | None:
        self._left -= 1
        if self._left < 0:
            raise SourceLost("camera 0 stopped sending pictures")
        return self._clip.read()

    def close(self) -> None:
        self._clip.close()


def checker(site: SiteConfig) -> Callable[[], LivenessCheck]:
    return lambda: LivenessCheck(demo_rules(site), seed=0)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_demo_check_runs_to_a_pass_on_screen(
    qtbot: QtBot, site: SiteConfig, language: str, tmp_path: Path
) -> None:
    screen = LivenessScreen(language)
    qtbot.addWidget(screen)
    screen.resize(1080, 1200)
    screen.set_demo(True)
    screen.show()
    prompts: list[str] = []

    def remember(_image: object, feedback: object) -> None:
        prompts.append(screen.prompt.text())

    with qtbot.waitSignal(screen.finished, timeout=120_000) as finished:
        screen.start(lambda: VideoFileSource(CLIP, realtime=False), checker(site))
        assert screen._thread is not None
        screen._thread.frame_ready.connect(remember)
        assert screen.demo.isVisible()  # a recording films: the visitor is told
    outcome: LivenessOutcome = finished.args[0]
    screen.stop()
    assert outcome.passed, outcome.result["reasons"]
    expected = {
        "zh_CN": ("请微笑", "请眨眨眼", "谢谢，人脸核验已完成。"),
        "en": ("Smile", "Blink your eyes", "Thank you. The face check is complete."),
    }[language]
    assert expected[0] in prompts
    assert expected[1] in prompts
    assert screen.prompt.text() == "✓  " + expected[2]
    assert not screen.recording.isVisible()  # the camera is off once it is done
    assert not screen.camera.isVisible()  # and its empty picture is gone
    screen.grab().save(str(tmp_path / f"liveness-{language}.png"))


def test_a_camera_that_disappears_routes_to_the_counter(qtbot: QtBot, site: SiteConfig) -> None:
    screen = LivenessScreen("en")
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.finished, timeout=60_000) as finished:
        screen.start(lambda: VanishingCamera(frames=20), checker(site))
    screen.stop()
    outcome: LivenessOutcome = finished.args[0]
    assert not outcome.passed
    assert outcome.result["manual_id_check"]
    assert any("stopped sending pictures" in r for r in outcome.result["reasons"])
    assert screen.guidance.text().startswith("The camera is not working.")


def test_no_camera_at_all_says_so_in_the_visitor_s_language(qtbot: QtBot, site: SiteConfig) -> None:
    screen = LivenessScreen("zh_CN")
    qtbot.addWidget(screen)

    def no_camera() -> VideoFileSource:
        raise SourceLost("no camera answers at index 0")

    screen.start(no_camera, checker(site))
    qtbot.waitUntil(lambda: screen.guidance.text() != "", timeout=10_000)
    screen.stop()
    assert screen.guidance.text() == "摄像头无法使用。工作人员会在窗口为您核验证件。"

"""The liveness step of the visitor wizard: live picture, oval guide, big prompt, progress.

Signals:
    finished(object): the LivenessOutcome (passed, or routed to a manual ID check).
    camera_failed(str): the camera or the check could not start or went away.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.domain.liveness import Phase
from kiosk.settings.translations import tr
from kiosk.ui.camera_thread import CameraThread
from kiosk.ui.widgets.camera_view import CameraView
from kiosk.ui.widgets.labels import named_label
from kiosk.ui.widgets.prompt_icon import PromptIcon
from kiosk.vision.liveness_check import Feedback, LivenessCheck, LivenessOutcome
from kiosk.vision.sources import FrameSource

log = logging.getLogger(__name__)


class LivenessScreen(QWidget):
    finished = Signal(object)
    camera_failed = Signal(str)

    def __init__(self, language: str, max_attempts: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.max_attempts = max_attempts
        self._thread: CameraThread | None = None
        self._camera_error: str | None = None
        self._demo = False

        self.title = named_label("screenTitle")
        self.camera = CameraView()
        self.icon = PromptIcon()
        self.icon.hide()
        self.prompt = named_label("prompt")
        self.prompt.setWordWrap(True)
        self.progress = named_label("progress")
        self.guidance = named_label("guidance")
        self.guidance.setWordWrap(True)
        self.demo = named_label("demoBanner")
        self.demo.setWordWrap(True)
        self.demo.hide()
        self.recording = named_label("recording", "●  " + tr(language, "liveness.recording"))
        self.recording.hide()
        for label in (self.title, self.prompt, self.progress, self.guidance):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        prompt_row = QHBoxLayout()
        prompt_row.addStretch()
        prompt_row.addWidget(self.icon)
        prompt_row.addSpacing(24)
        prompt_row.addWidget(self.prompt)
        prompt_row.addStretch()
        top = QHBoxLayout()  # one row: more of the height for the camera picture
        top.addWidget(self.demo, 1, Qt.AlignmentFlag.AlignLeft)
        top.addWidget(self.title)
        top.addWidget(self.recording, 1, Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.camera, 1)
        layout.addLayout(prompt_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.guidance)
        self.setStyleSheet(
            "#screenTitle { font-size: 40px; font-weight: bold; }"
            "#prompt { font-size: 52px; font-weight: bold; color: #0b3d91; }"
            "#progress { font-size: 28px; color: #333; }"
            "#guidance { font-size: 32px; color: #8a4b00; }"
            "#demoBanner { font-size: 24px; background: #fff3c4; color: #5c4400; padding: 6px; }"
            "#recording { font-size: 26px; font-weight: bold; color: #ffffff; background: #b00020;"
            " border-radius: 8px; padding: 4px 14px; }"
        )
        self._show_text(Phase.POSITIONING, None)

    def set_demo(self, demo: bool) -> None:
        self.demo.setText(tr(self.language, "liveness.demo"))
        self.demo.setVisible(demo)
        self._demo = demo

    def start(
        self, open_source: Callable[[], FrameSource], new_check: Callable[[], LivenessCheck]
    ) -> None:
        self.stop()
        self._camera_error = None
        thread = CameraThread(open_source, new_check, view_size=self.camera.target_size)
        thread.frame_ready.connect(self._on_camera_frame_ready)
        thread.check_finished.connect(self._on_camera_check_finished)
        thread.camera_failed.connect(self._on_camera_camera_failed)
        self._thread = thread
        thread.start()
        self.camera.show()
        self.demo.setVisible(self._demo)
        self.recording.show()

    def stop(self) -> None:
        self.recording.hide()
        if self._thread is not None:
            self._thread.requestInterruption()
            self._thread.wait()
            self._thread = None

    # -- slots -----------------------------------------------------------------------------
    def _on_camera_frame_ready(self, image: QImage, feedback: Feedback) -> None:
        self.camera.show_frame(image, ready=not feedback.guidance)
        self.icon.set_challenge(feedback.prompt)
        self._show_text(feedback.phase, feedback)

    def _on_camera_check_finished(self, outcome: LivenessOutcome) -> None:
        self.stop()  # done: the camera goes off at once, and its empty picture goes away
        self.camera.clear()
        self.camera.hide()
        self.demo.hide()
        self._show_text(Phase.PASSED if outcome.passed else Phase.MANUAL_CHECK, None)
        self.prompt.setText("✓  " + self.prompt.text())
        self.progress.setText(tr(self.language, "liveness.tap_next"))
        if outcome.passed:
            self.guidance.clear()
        self.icon.set_challenge(None)
        self.finished.emit(outcome)

    def _on_camera_camera_failed(self, message: str) -> None:
        log.warning("liveness screen: camera failed: %s", message)
        self.recording.hide()
        self._camera_error = message
        self.camera.clear()
        self.guidance.setText(tr(self.language, "liveness.camera_failed"))
        self.camera_failed.emit(message)

    # -- text ------------------------------------------------------------------------------
    def _show_text(self, phase: Phase, feedback: Feedback | None) -> None:
        lang = self.language
        self.title.setText(tr(lang, "liveness.title"))
        prompt = {
            Phase.POSITIONING: tr(lang, "liveness.positioning"),
            Phase.SETTLING: tr(lang, "liveness.settling"),
            Phase.PAUSE: tr(lang, "liveness.pause"),
            Phase.PASSED: tr(lang, "liveness.passed"),
            Phase.MANUAL_CHECK: tr(lang, "liveness.manual"),
        }.get(phase, "")
        if phase is Phase.PROMPT and feedback is not None and feedback.prompt is not None:
            prompt = tr(lang, f"liveness.prompt.{feedback.prompt.value}")
        self.prompt.setText(prompt)
        if feedback is not None and feedback.progress[1]:
            done, total = feedback.progress  # the prompts as dots, not one more "step x of y"
            dots = "●" * min(done, total) + "○" * max(0, total - done)
            if feedback.attempt > 1:
                attempt = tr(
                    lang, "liveness.attempt", attempt=feedback.attempt, max=self.max_attempts
                )
                dots += "   " + attempt
            self.progress.setText(dots)
        else:
            self.progress.setText(tr(lang, "liveness.intro"))
        if self._camera_error is None:
            guidance = feedback.guidance if feedback is not None else ()
            self.guidance.setText(tr(lang, f"guidance.{guidance[0].value}") if guidance else "")

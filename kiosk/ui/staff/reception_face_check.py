"""The face check at the reception desk: the kiosk's own liveness screen, in the visitor's
language, in a dialog over the reception form, on the desk's camera.

Signals:
    checked(object): the LivenessSummary to put on the visit (stored, or "camera_failed").
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QPushButton, QVBoxLayout, QWidget

from kiosk.domain.intake import LivenessSummary
from kiosk.services.face_check import FaceCheckParts
from kiosk.services.intake_service import IntakeService
from kiosk.settings.translations import tr
from kiosk.ui.failures import failure_text
from kiosk.ui.jobs import JobRunner
from kiosk.ui.visitor.liveness_screen import LivenessScreen
from kiosk.ui.widgets.labels import named_label
from kiosk.vision.liveness_check import LivenessOutcome

log = logging.getLogger(__name__)


class ReceptionFaceCheck(QDialog):
    checked = Signal(object)

    def __init__(
        self,
        parts: FaceCheckParts,
        intake: IntakeService,
        visitor_language: str,
        staff_language: str,
        max_attempts: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("receptionFaceCheck")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.parts = parts
        self.intake = intake
        self.staff_language = staff_language
        self.jobs = JobRunner(self, "reception-face-check")
        self.check_screen = LivenessScreen(visitor_language, max_attempts)
        self.check_screen.set_demo(parts.demo)
        self.check_screen.finished.connect(self._on_screen_finished)
        self.check_screen.camera_failed.connect(self._on_screen_camera_failed)
        self.message = named_label("error")
        self.message.setWordWrap(True)
        self.cancel = QPushButton(tr(staff_language, "reception.face_cancel"))
        self.cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.check_screen, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.cancel)
        self.resize(1000, 900)
        self.rejected.connect(self.check_screen.stop)

    def begin(self) -> None:
        self.open()
        self.check_screen.start(self.parts.open_camera, lambda: self.parts.new_check(True))

    def _on_screen_finished(self, outcome: LivenessOutcome) -> None:
        """Stored at once (the video encrypted, the check audited), then handed back."""
        self.cancel.setEnabled(False)
        self.jobs.run(lambda: self.intake.store_liveness(outcome), self._finish, self._store_failed)

    def _store_failed(self, error: BaseException) -> None:
        self.cancel.setEnabled(True)
        self.message.setText(failure_text(error, self.staff_language, "keeping the face check"))

    def _on_screen_camera_failed(self, message: str) -> None:
        log.warning("reception face check: the camera failed (%s)", message)
        self._finish(LivenessSummary(False, "camera_failed"))

    def _finish(self, summary: LivenessSummary) -> None:
        self.check_screen.stop()
        self.checked.emit(summary)
        self.accept()

    def shutdown(self) -> None:
        self.check_screen.stop()
        self.jobs.shutdown()

"""The face-check step: the liveness screen, started when shown and stopped when left.

A finished check (passed or routed to a manual ID check) or a camera that cannot be used both
let the visitor continue: nobody is stuck at this step.

Signals:
    finished(object): the LivenessOutcome, or None when the camera could not be used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from kiosk.domain.intake import LivenessSummary, Step
from kiosk.ui.visitor.liveness_screen import LivenessScreen
from kiosk.ui.visitor.wizard_page import PageContext, WizardPage
from kiosk.ui.widgets.labels import named_label
from kiosk.vision.liveness_check import LivenessCheck, LivenessOutcome
from kiosk.vision.sources import FrameSource


class LivenessPage(WizardPage):
    step = Step.LIVENESS
    finished = Signal(object)

    def __init__(
        self,
        context: PageContext,
        open_source: Callable[[], FrameSource],
        new_check: Callable[[], LivenessCheck],
        demo: bool,
        judge: Callable[[LivenessOutcome], LivenessSummary],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self._judge = judge  # what the outcome counts as on this site (a recording: no pass)
        self.title.hide()  # the liveness screen has its own title
        self._open_source = open_source
        self._new_check = new_check
        self.check_screen = LivenessScreen(self.language, context.site.liveness.max_attempts)
        self.check_screen.set_demo(demo)
        self.check_screen.finished.connect(self._on_screen_finished)
        self.check_screen.camera_failed.connect(self._on_screen_camera_failed)
        self.content.addWidget(self.check_screen, 1)
        self.done_text = named_label("statusText")
        self.done_text.setWordWrap(True)
        self.content.addWidget(self.done_text)
        days = context.site.retention.media_days
        privacy = named_label("fieldHelp", self.t("liveness.privacy", days=days))
        privacy.setWordWrap(True)
        self.counter_instead = QPushButton(self.t("liveness.counter_instead"))
        self.counter_instead.setAccessibleName("liveness:counter_instead")
        self.counter_instead.clicked.connect(self._on_counter_instead_clicked)
        below = QHBoxLayout()  # beside each other: the camera keeps the height
        below.setSpacing(24)
        below.addWidget(privacy, 1)
        below.addWidget(self.counter_instead)
        self.content.addLayout(below)
        self.running = False

    def title_text(self) -> str:
        return self.t("liveness.title")

    def next_text(self) -> str | None:
        return self.t("wizard.next") if self.context.draft.liveness is not None else None

    def shown(self) -> None:
        summary = self.context.draft.liveness
        if summary is not None:
            self.done_text.setText(
                self.t("liveness.passed" if summary.passed else "liveness.manual")
            )
            return
        self.running = True
        self.check_screen.start(self._open_source, self._new_check)

    def leaving(self) -> None:
        self.running = False
        self.check_screen.stop()

    def _on_counter_instead_clicked(self) -> None:
        """No face check after all: consent is withdrawn (recorded as declined), nothing
        filmed is kept, and the counter checks the ID."""
        self.running = False
        self.check_screen.stop()
        draft = self.context.draft
        if draft.consent is not None:
            draft.consent = replace(draft.consent, granted=False, at=self.context.now())
        draft.liveness = None
        self.finished.emit(None)
        self.advance.emit()

    def _on_screen_finished(self, outcome: LivenessOutcome) -> None:
        self.running = False
        self.counter_instead.hide()
        self.context.draft.liveness = self._judge(outcome)
        self.finished.emit(outcome)

    def _on_screen_camera_failed(self, message: str) -> None:
        if self.context.draft.liveness is not None:
            return
        self.running = False
        self.context.draft.liveness = LivenessSummary(False, "camera_failed")
        self.finished.emit(None)

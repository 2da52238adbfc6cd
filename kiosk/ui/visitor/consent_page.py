"""Biometric consent: what is recorded, why, for how long; saying no never blocks the visit."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.domain.intake import Agreement, Step, text_fingerprint
from kiosk.ui.visitor.wizard_page import PageContext, WizardPage
from kiosk.ui.widgets.labels import named_label


class ConsentPage(WizardPage):
    step = Step.CONSENT

    def __init__(
        self, context: PageContext, side_by_side: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        consent = self.site.consent
        for point in self.points():
            label = named_label("rule", "•  " + point)
            label.setWordWrap(True)
            self.content.addWidget(label)
        self.content.addSpacing(16)
        current = context.draft.consent
        # Two answers of equal weight, side by side (one above the other on a narrow portrait
        # screen, where the words would not fit): saying no is as easy as saying yes.
        self.accept_button = QPushButton(consent.accept_label.get(self.language))
        self.accept_button.setObjectName("choice")
        self.accept_button.setAccessibleName("consent:accept")
        self.decline_button = QPushButton(consent.decline_label.get(self.language))
        self.decline_button.setObjectName("choice")
        self.decline_button.setAccessibleName("consent:decline")
        answers = QHBoxLayout() if side_by_side else QVBoxLayout()
        answers.setSpacing(24)
        for button, granted in ((self.accept_button, True), (self.decline_button, False)):
            button.setCheckable(True)
            button.setChecked(current is not None and current.granted == granted)
            button.clicked.connect(lambda _checked=False, g=granted: self._on_answer(g))
            answers.addWidget(button, 1)
        self.content.addLayout(answers)
        if current is not None:
            note = "wizard.consent.given" if current.granted else "wizard.consent.declined"
            self.content.addWidget(named_label("fieldHelp", self.t(note)))
        self.content.addStretch()

    def points(self) -> list[str]:
        return self.site.consent.shown_points(self.language, self.site.retention.media_days)

    def title_text(self) -> str:
        return self.site.consent.title.get(self.language)

    def next_text(self) -> str | None:
        return None

    def _on_answer(self, granted: bool) -> None:
        consent = self.site.consent
        draft = self.context.draft
        if draft.consent is None or draft.consent.granted != granted:
            draft.liveness = None  # a new answer needs a new face check (or none)
        draft.consent = Agreement(
            version=consent.version,
            sha256=text_fingerprint(
                consent.answered(self.language, self.site.retention.media_days, granted)
            ),
            language=self.language,
            at=self.context.now(),
            granted=granted,
        )
        self.advance.emit()

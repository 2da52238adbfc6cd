"""The frame around every wizard page: where the visitor is, languages, larger text and high
contrast at the top; Back, Start over and Next at the bottom.

Signals:
    language_chosen(str): a language button was tapped.
    large_text_toggled(bool), high_contrast_toggled(bool): the display toggles.
    back(), start_over(), next(): the footer's buttons.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, SignalInstance
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QSizePolicy

from kiosk.domain.intake import Step
from kiosk.settings import SiteConfig
from kiosk.settings.translations import tr
from kiosk.ui.visitor.wizard_page import WizardPage
from kiosk.ui.widgets.labels import named_label


class WizardChrome(QObject):
    language_chosen = Signal(str)
    large_text_toggled = Signal(bool)
    high_contrast_toggled = Signal(bool)
    back = Signal()
    start_over = Signal()
    next = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.header = QFrame()
        self.header.setObjectName("header")
        top = QHBoxLayout(self.header)
        top.setContentsMargins(24, 8, 24, 8)
        self.progress = named_label("progressText")
        self.progress.setWordWrap(True)
        # never let a long step name widen the window past the screen
        self.progress.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top.addWidget(self.progress, 1)
        self.language_buttons: dict[str, QPushButton] = {}
        self._language_row = QHBoxLayout()
        top.addLayout(self._language_row)
        self.large_text = self._toggle("large_text")
        self.large_text.toggled.connect(self.large_text_toggled)
        self.high_contrast = self._toggle("high_contrast")
        self.high_contrast.toggled.connect(self.high_contrast_toggled)
        top.addWidget(self.large_text)
        top.addWidget(self.high_contrast)

        self.footer = QFrame()
        self.footer.setObjectName("footer")
        bottom = QHBoxLayout(self.footer)
        bottom.setContentsMargins(24, 12, 24, 12)
        self.back_button = self._button("back", self.back)
        self.restart_button = self._button("start_over", self.start_over)
        self.next_button = self._button("next", self.next)
        self.next_button.setObjectName("primary")
        self.back_button.setMinimumWidth(220)
        self.next_button.setMinimumWidth(360)
        bottom.addWidget(self.back_button)
        bottom.addWidget(self.restart_button)
        bottom.addStretch()
        bottom.addWidget(self.next_button)

    @staticmethod
    def _toggle(name: str) -> QPushButton:
        button = QPushButton()
        button.setObjectName("toggle")
        button.setCheckable(True)
        button.setAccessibleName(name)
        return button

    @staticmethod
    def _button(name: str, signal: SignalInstance) -> QPushButton:
        button = QPushButton()
        button.setAccessibleName(name)
        button.clicked.connect(signal)
        return button

    def set_languages(self, site: SiteConfig) -> None:
        """One header button per site language (again when the languages change)."""
        for button in self.language_buttons.values():
            self._language_row.removeWidget(button)
            button.deleteLater()
        self.language_buttons = {}
        for lang in site.languages:
            button = QPushButton(lang.native_name)
            button.setObjectName("toggle")
            button.setCheckable(True)
            button.setAccessibleName(f"header-language:{lang.code}")
            button.clicked.connect(lambda _c=False, code=lang.code: self.language_chosen.emit(code))
            self._language_row.addWidget(button)
            if self.header.isVisible():
                button.show()  # the header is already on screen: a new child must be shown
            self.language_buttons[lang.code] = button

    def reset_toggles(self) -> None:
        for toggle in (self.large_text, self.high_contrast):
            toggle.blockSignals(True)
            toggle.setChecked(False)
            toggle.blockSignals(False)

    def show_page(
        self, page: WizardPage, language: str, step_number: int, steps: int, busy: bool
    ) -> None:
        """The frame for ``page``: step ``step_number`` of ``steps`` (0: not counted)."""
        step = page.step
        if step is Step.WELCOME:
            self.progress.setText("")
        elif step is Step.TICKET:
            self.progress.setText(tr(language, "wizard.progress.done"))
        else:
            self.progress.setText(
                tr(language, "wizard.progress", step=step_number, total=steps)
                + "  ·  "
                + page.title_text().split("  ·  ")[0]
            )
        for code, button in self.language_buttons.items():
            button.setChecked(code == language)
        self.large_text.setText(tr(language, "wizard.large_text"))
        self.high_contrast.setText(tr(language, "wizard.high_contrast"))
        self.back_button.setText("‹  " + tr(language, "wizard.back"))
        self.restart_button.setText(tr(language, "wizard.start_over"))
        first = step in (Step.WELCOME, Step.TICKET)
        self.back_button.setVisible(not first)
        self.restart_button.setVisible(not first)
        label = page.next_text()
        self.next_button.setVisible(label is not None)
        self.next_button.setEnabled(not busy)
        if label is not None:
            self.next_button.setText(label + ("" if step is Step.TICKET else "  ›"))

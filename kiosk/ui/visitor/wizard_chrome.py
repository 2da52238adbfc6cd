"""The frame around every wizard page: where the visitor is (named stages, always the same
number), languages, larger text, high contrast and reading aloud at the top; Back, Start over,
Call staff and Next at the bottom.

Signals:
    language_chosen(str): a language button was tapped.
    large_text_toggled(bool), high_contrast_toggled(bool), read_aloud_toggled(bool): toggles.
    back(), start_over(), call_staff(), next(): the footer's buttons.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, SignalInstance
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from kiosk.domain.intake import STAGE_OF_STEP, Stage, Step
from kiosk.settings import SiteConfig
from kiosk.settings.translations import tr
from kiosk.ui.visitor.wizard_page import WizardPage
from kiosk.ui.widgets.labels import named_label


class WizardChrome(QObject):
    language_chosen = Signal(str)
    large_text_toggled = Signal(bool)
    high_contrast_toggled = Signal(bool)
    read_aloud_toggled = Signal(bool)
    back = Signal()
    start_over = Signal()
    call_staff = Signal()
    next = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.header = QFrame()
        self.header.setObjectName("header")
        self._rows = QGridLayout(self.header)
        self._rows.setContentsMargins(24, 6, 24, 6)
        self._rows.setSpacing(4)
        # the stages: a row of chips, the current one filled, those done ticked
        self.progress = QWidget()
        self.progress.setObjectName("stages")
        stage_row = QHBoxLayout(self.progress)
        stage_row.setContentsMargins(0, 0, 0, 0)
        stage_row.setSpacing(8)
        self.stage_chips: dict[Stage, QLabel] = {}
        for stage in Stage:
            chip = named_label("stage")
            chip.setAccessibleName(f"stage:{stage.value}")
            stage_row.addWidget(chip)
            self.stage_chips[stage] = chip
        stage_row.addStretch()
        self.toggles = QWidget()
        top = QHBoxLayout(self.toggles)
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(8)
        top.addStretch()
        self.language_buttons: dict[str, QPushButton] = {}
        self._language_row = QHBoxLayout()
        top.addLayout(self._language_row)
        self.large_text = self._toggle("large_text")
        self.large_text.toggled.connect(self.large_text_toggled)
        self.high_contrast = self._toggle("high_contrast")
        self.high_contrast.toggled.connect(self.high_contrast_toggled)
        self.read_aloud = self._toggle("read_aloud")
        self.read_aloud.toggled.connect(self.read_aloud_toggled)
        top.addWidget(self.large_text)
        top.addWidget(self.high_contrast)
        top.addWidget(self.read_aloud)
        self._one_row: bool | None = None
        self.arrange()

        self.footer = QFrame()
        self.footer.setObjectName("footer")
        bottom = QHBoxLayout(self.footer)
        bottom.setContentsMargins(24, 12, 24, 12)
        self.back_button = self._button("back", self.back)
        self.restart_button = self._button("start_over", self.start_over)
        self.help_button = self._button("call_staff", self.call_staff)
        self.help_button.setObjectName("help")
        self.next_button = self._button("next", self.next)
        self.next_button.setObjectName("primary")
        self.back_button.setMinimumWidth(200)
        self.next_button.setMinimumWidth(300)
        bottom.addWidget(self.back_button)
        bottom.addWidget(self.restart_button)
        bottom.addStretch()
        bottom.addWidget(self.help_button)
        bottom.addWidget(self.next_button)

    def arrange(self) -> None:
        """Stages and toggles side by side when they fit the width (more room for the page),
        else the toggles on a row of their own."""
        margins = self._rows.contentsMargins()
        wanted = self.progress.sizeHint().width() + self.toggles.sizeHint().width()
        room = self.header.width() - margins.left() - margins.right() - 16
        one_row = self.header.isVisible() and wanted <= room
        if one_row == self._one_row:
            return
        self._one_row = one_row
        self._rows.removeWidget(self.progress)
        self._rows.removeWidget(self.toggles)
        self._rows.addWidget(self.progress, 0, 0)
        self._rows.addWidget(self.toggles, 0 if one_row else 1, 1 if one_row else 0)

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
        for toggle in (self.large_text, self.high_contrast, self.read_aloud):
            toggle.blockSignals(True)
            toggle.setChecked(False)
            toggle.blockSignals(False)

    def show_stage(self, step: Step, language: str, detail: str = "") -> None:
        """The stage chips: none on the welcome screen; done, current and to come otherwise."""
        current = STAGE_OF_STEP.get(step)
        self.progress.setVisible(current is not None)
        order = list(Stage)
        reached = order.index(current) if current is not None else -1
        for index, (stage, chip) in enumerate(self.stage_chips.items()):
            name = tr(language, f"stage.{stage.value}")
            if index < reached:
                chip.setText(f"✓ {name}")
                state = "done"
            else:
                state = "current" if index == reached else "later"
                more = f"  {detail}" if state == "current" and detail else ""
                chip.setText(f"{index + 1}  {name}{more}")
            if chip.property("state") != state:
                chip.setProperty("state", state)
                chip.style().unpolish(chip)
                chip.style().polish(chip)

    def show_page(self, page: WizardPage, language: str, busy: bool) -> None:
        """The frame for ``page``."""
        step = page.step
        self.show_stage(step, language, page.stage_detail())
        for code, button in self.language_buttons.items():
            button.setChecked(code == language)
        self.large_text.setText(tr(language, "wizard.large_text"))
        self.high_contrast.setText(tr(language, "wizard.high_contrast"))
        self.read_aloud.setText(tr(language, "wizard.read_aloud"))
        self.back_button.setText("‹  " + tr(language, "wizard.back"))
        self.restart_button.setText(tr(language, "wizard.start_over"))
        # On the welcome screen no language is chosen yet: "Call staff" in every one of them.
        spoken = list(self.language_buttons) if step is Step.WELCOME else [language]
        self.help_button.setText(
            " / ".join(dict.fromkeys(tr(c, "wizard.call_staff") for c in spoken))
        )
        first = step in (Step.WELCOME, Step.TICKET)
        self.back_button.setVisible(not first)
        self.restart_button.setVisible(not first)
        label = page.next_text() if page.on_last_part() else tr(language, "wizard.next")
        self.next_button.setVisible(label is not None)
        self.next_button.setEnabled(not busy)
        if label is not None:
            self.next_button.setText(label + ("" if step is Step.TICKET else "  ›"))
        self.arrange()

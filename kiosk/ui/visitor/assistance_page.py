"""Priority and assistance: reasons for priority, and a language or dialect the visitor needs."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QGridLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.domain.intake import Step
from kiosk.ui.visitor.wizard_page import PageContext, WizardPage
from kiosk.ui.widgets.labels import named_label

#: help languages in one block of buttons (two to a row)
LANGUAGES_PER_BLOCK = 4


class AssistancePage(WizardPage):
    step = Step.ASSISTANCE
    splittable = True

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        draft = context.draft
        assistance = self.site.assistance
        grid = QGridLayout()
        grid.setSpacing(16)
        self.reasons: dict[str, QPushButton] = {}
        for index, reason in enumerate(assistance.reasons):
            button = QPushButton(reason.label.get(self.language))
            button.setCheckable(True)
            button.setChecked(reason.id in draft.assistance)
            button.setAccessibleName(f"reason:{reason.id}")
            grid.addWidget(button, index // 2, index % 2)
            self.reasons[reason.id] = button
        self.content.addWidget(self._block("wizard.assistance.reasons", grid))
        self.help_group = QButtonGroup(self)
        self.help_group.setExclusive(True)
        none = QPushButton(self.t("wizard.assistance.no_help"))
        none.setCheckable(True)
        none.setAccessibleName("help:none")
        none.setChecked(draft.help_language is None)
        self.help_group.addButton(none)
        self.help_buttons: dict[str | None, QPushButton] = {None: none}
        languages = QGridLayout()
        languages.setSpacing(16)
        languages.addWidget(none, 0, 0, 1, 2)
        self.content.addWidget(self._block("wizard.assistance.language", languages))
        # the languages two rows at a time: a long list may go on in the next part
        for index, lang in enumerate(assistance.help_languages):
            if index % LANGUAGES_PER_BLOCK == 0:
                languages = QGridLayout()
                languages.setSpacing(16)
                self.content.addWidget(self._block(None, languages))
            button = QPushButton(lang.name.get(self.language))
            button.setCheckable(True)
            button.setAccessibleName(f"help:{lang.code}")
            button.setChecked(draft.help_language == lang.code)
            self.help_group.addButton(button)
            place = index % LANGUAGES_PER_BLOCK
            languages.addWidget(button, place // 2, place % 2)
            self.help_buttons[lang.code] = button
        self.content.addStretch()

    def _block(self, question: str | None, grid: QGridLayout) -> QWidget:
        """Buttons (under their question): kept together when the page is shown in parts."""
        block = QWidget()
        layout = QVBoxLayout(block)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        if question is not None:
            layout.addSpacing(16)
            layout.addWidget(self._explain(question))
        layout.addLayout(grid)
        return block

    def _explain(self, key: str) -> QWidget:
        label = named_label("fieldLabel", self.t(key))
        label.setWordWrap(True)
        return label

    def title_text(self) -> str:
        return self.t("wizard.assistance.title")

    def collect(self) -> None:
        draft = self.context.draft
        draft.assistance = {r for r, b in self.reasons.items() if b.isChecked()}
        draft.help_language = next(
            (code for code, b in self.help_buttons.items() if b.isChecked()), None
        )

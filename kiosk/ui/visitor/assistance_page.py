"""Priority and assistance: reasons for priority, and a language or dialect the visitor needs."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QGridLayout, QPushButton, QWidget

from kiosk.domain.intake import Step
from kiosk.ui.visitor.wizard_page import PageContext, WizardPage
from kiosk.ui.widgets.labels import named_label


class AssistancePage(WizardPage):
    step = Step.ASSISTANCE

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        draft = context.draft
        assistance = self.site.assistance
        self.content.addWidget(self._explain("wizard.assistance.reasons"))
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
        self.content.addLayout(grid)
        self.content.addSpacing(16)
        self.content.addWidget(self._explain("wizard.assistance.language"))
        self.help_group = QButtonGroup(self)
        self.help_group.setExclusive(True)
        languages = QGridLayout()
        languages.setSpacing(16)
        none = QPushButton(self.t("wizard.assistance.no_help"))
        none.setCheckable(True)
        none.setAccessibleName("help:none")
        none.setChecked(draft.help_language is None)
        self.help_group.addButton(none)
        languages.addWidget(none, 0, 0, 1, 2)
        self.help_buttons: dict[str | None, QPushButton] = {None: none}
        for index, lang in enumerate(assistance.help_languages, start=2):
            button = QPushButton(lang.name.get(self.language))
            button.setCheckable(True)
            button.setAccessibleName(f"help:{lang.code}")
            button.setChecked(draft.help_language == lang.code)
            self.help_group.addButton(button)
            languages.addWidget(button, index // 2, index % 2)
            self.help_buttons[lang.code] = button
        self.content.addLayout(languages)
        self.content.addStretch()

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

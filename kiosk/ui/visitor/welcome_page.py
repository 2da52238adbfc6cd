"""Welcome: the site's name, a greeting in every language, and one big tile per language."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from kiosk.domain.intake import Step
from kiosk.settings.translations import tr
from kiosk.ui.visitor.wizard_page import PageContext, WizardPage
from kiosk.ui.widgets.labels import named_label


class WelcomePage(WizardPage):
    step = Step.WELCOME

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        codes = [lang.code for lang in self.site.languages]
        for code in codes:
            greeting = named_label("subtitle", tr(code, "welcome.choose_language"))
            greeting.setAlignment(Qt.AlignmentFlag.AlignCenter)
            greeting.setWordWrap(True)
            self.content.addWidget(greeting)
        grid = QGridLayout()
        grid.setSpacing(24)
        self.language_buttons: dict[str, QPushButton] = {}
        for index, lang in enumerate(self.site.languages):
            button = QPushButton(lang.native_name)
            button.setObjectName("languageTile")
            button.setAccessibleName(f"language:{lang.code}")
            button.clicked.connect(lambda _checked=False, c=lang.code: self._on_language(c))
            grid.addWidget(button, index // 2, index % 2)
            self.language_buttons[lang.code] = button
        self.content.addSpacing(24)
        self.content.addLayout(grid)
        for code in codes:
            hint = named_label("fieldHelp", tr(code, "welcome.hint"))
            hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
            hint.setWordWrap(True)
            self.content.addWidget(hint)
        self.content.addStretch()

    def title_text(self) -> str:
        names = [self.site.site_name.get(lang.code) for lang in self.site.languages]
        return "\n".join(dict.fromkeys(names))

    def next_text(self) -> str | None:
        return None

    def _on_language(self, code: str) -> None:
        self.context.draft.language = code
        self.advance.emit()

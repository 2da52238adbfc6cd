"""Welcome: the site's name, a greeting in every language, one big tile per language, what to
bring, and the way in for a visitor who already has a ticket.

Signals:
    lookup_requested(str): "I already have a ticket" was tapped (in that language).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.domain.intake import Step
from kiosk.settings.translations import tr
from kiosk.ui.visitor.wizard_page import PageContext, WizardPage
from kiosk.ui.widgets.labels import named_label


class WelcomePage(WizardPage):
    step = Step.WELCOME
    kept = True
    lookup_requested = Signal(str)

    def __init__(
        self, context: PageContext, side_by_side: bool = True, parent: QWidget | None = None
    ) -> None:
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
        self.content.addSpacing(24)
        bring = QFrame()
        bring.setObjectName("tileBox")
        bring_lines = QVBoxLayout(bring)
        for code in codes:  # what to have ready, in every language
            line = named_label("rule", tr(code, "welcome.bring"))
            line.setWordWrap(True)
            bring_lines.addWidget(line)
        self.content.addWidget(bring)
        lookup_row = QGridLayout()
        lookup_row.setSpacing(24)
        columns = 2 if side_by_side else 1  # (a button's words do not wrap: narrow in portrait)
        for index, code in enumerate(codes):
            lookup = QPushButton(tr(code, "welcome.lookup"))
            lookup.setObjectName("tile")
            lookup.setAccessibleName(f"lookup:{code}")
            lookup.clicked.connect(lambda _c=False, c=code: self._on_lookup(c))
            lookup_row.addWidget(lookup, index // columns, index % columns)
        self.content.addLayout(lookup_row)
        self.content.addStretch()

    def refill(self, context: PageContext) -> bool:
        if context.site is not self.site:
            return False  # another settings version: other languages, other words
        self._refilled(context)
        return True

    def title_text(self) -> str:
        names = [self.site.site_name.get(lang.code) for lang in self.site.languages]
        return "\n".join(dict.fromkeys(names))

    def next_text(self) -> str | None:
        return None

    def _on_lookup(self, code: str) -> None:
        self.context.draft.language = code
        self.lookup_requested.emit(code)

    def _on_language(self, code: str) -> None:
        self.context.draft.language = code
        self.advance.emit()

"""Case type: one big tile per kind of problem, with a pictogram and a one-line explanation."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.domain.intake import Step
from kiosk.settings.models import CaseType
from kiosk.ui.visitor.wizard_page import PageContext, WizardPage
from kiosk.ui.widgets.case_icon import CaseIcon
from kiosk.ui.widgets.labels import named_label


class CaseTile(QPushButton):
    """A tile: pictogram, name, explanation; the whole tile is one touch target."""

    def __init__(self, case: CaseType, language: str, colour: str) -> None:
        super().__init__()
        self.setObjectName("tile")
        self.setCheckable(True)
        self.setAccessibleName(f"case:{case.id}")
        row = QHBoxLayout(self)
        row.setContentsMargins(20, 16, 20, 16)
        row.setSpacing(20)
        row.addWidget(CaseIcon(case.icon, colour))
        text = QVBoxLayout()
        self.name = named_label("fieldLabel", case.name.get(language))
        self.name.setWordWrap(True)
        self.explanation = named_label("fieldHelp", case.explanation.get(language))
        self.explanation.setWordWrap(True)
        text.addWidget(self.name)
        text.addWidget(self.explanation)
        row.addLayout(text, 1)
        self.setMinimumHeight(150)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        layout = self.layout()
        return layout.sizeHint() if layout is not None else super().sizeHint()


class CaseTypePage(WizardPage):
    step = Step.CASE_TYPE

    def __init__(
        self, context: PageContext, columns: int = 2, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        colour = "#ffd600" if context.draft.high_contrast else "#0b57d0"
        grid = QGridLayout()
        grid.setSpacing(20)
        self.tiles: dict[str, CaseTile] = {}
        for index, case in enumerate(self.site.case_types):
            tile = CaseTile(case, self.language, colour)
            tile.setChecked(case.id == context.draft.case_type)
            tile.clicked.connect(lambda _checked=False, c=case.id: self._on_tile(c))
            grid.addWidget(tile, index // columns, index % columns)
            self.tiles[case.id] = tile
        self.content.addLayout(grid)
        self.content.addStretch()

    def title_text(self) -> str:
        return self.t("wizard.case_type.title")

    def next_text(self) -> str | None:
        return None

    def _on_tile(self, case_id: str) -> None:
        self.context.draft.choose_case_type(case_id)
        self.advance.emit()

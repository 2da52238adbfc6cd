"""Review: every answer, each with its own Change button, then "get my ticket" (a long review
is shown in parts, each row whole).

Signals:
    edit_requested(str, int): go to a step (and form page) to change an answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QWidget

from kiosk.domain.forms import FieldType
from kiosk.domain.intake import Step
from kiosk.settings.models import FormField
from kiosk.ui.visitor.form_page import form_pages
from kiosk.ui.visitor.wizard_page import PageContext, WizardPage
from kiosk.ui.widgets.labels import named_label


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """One answer on the review: its key, the question, the answer, where to change it."""

    key: str
    question: str
    answer: str
    step: Step
    page_index: int = 0


class ReviewPage(WizardPage):
    step = Step.REVIEW
    splittable = True
    kept = True
    edit_requested = Signal(str, int)

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.edit_buttons: dict[str, QPushButton] = {}
        self._texts: dict[str, tuple[QLabel, QLabel]] = {}
        self._rows = self.rows()
        for row in self._rows:
            self._add(row)
        self.message = named_label("errorText")
        self.message.setWordWrap(True)
        self.content.addWidget(self.message)
        self.content.addStretch()

    def rows(self) -> list[ReviewRow]:
        """The rows for the draft, in the draft's language."""
        draft = self.context.draft
        assert draft.case_type is not None
        case = self.site.case_type(draft.case_type)
        rows = [
            ReviewRow(
                "case_type",
                self.t("wizard.review.case_type"),
                case.name.get(self.language),
                Step.CASE_TYPE,
            )
        ]
        pages = form_pages(case.form.fields, case.form.fields_per_page)
        for page_index, fields in enumerate(pages):
            for field in fields:
                answer = self.describe(field, draft.answers.get(field.id))
                label = field.label.get(self.language)
                rows.append(ReviewRow(field.id, label, answer, Step.FORM, page_index))
        if self.site.assistance.reasons or self.site.assistance.help_languages:
            rows.append(
                ReviewRow(
                    "assistance",
                    self.t("wizard.assistance.title"),
                    self._assistance_text() or self.t("wizard.review.none"),
                    Step.ASSISTANCE,
                )
            )
        rows.append(
            ReviewRow(
                "consent", self.t("wizard.review.identity"), self._identity_text(), Step.CONSENT
            )
        )
        return rows

    def refill(self, context: PageContext) -> bool:
        """Another visit (or language) with the same questions: only the words change."""
        if context.site is not self.site or context.draft.case_type is None:
            return False
        earlier, self.context = self.context, context
        rows = self.rows()
        if [(r.key, r.step, r.page_index) for r in rows] != [
            (r.key, r.step, r.page_index) for r in self._rows
        ]:
            self.context = earlier
            return False
        self._refilled(context)
        self._rows = rows
        for row in rows:
            question, answer = self._texts[row.key]
            question.setText(row.question)
            answer.setText(row.answer)
            self.edit_buttons[row.key].setText(self.t("wizard.review.edit"))
        self.message.clear()
        return True

    def blank(self) -> None:
        super().blank()
        for _question, answer in self._texts.values():
            answer.clear()
        self.message.clear()

    def _assistance_text(self) -> str:
        draft = self.context.draft
        assistance = self.site.assistance
        chosen = [
            r.label.get(self.language) for r in assistance.reasons if r.id in draft.assistance
        ]
        text = "、".join(chosen) if self.language.startswith("zh") else ", ".join(chosen)
        help_name = next(
            (
                h.name.get(self.language)
                for h in assistance.help_languages
                if h.code == draft.help_language
            ),
            None,
        )
        if help_name:
            text = (text + " · " if text else "") + help_name
        return text

    def _identity_text(self) -> str:
        draft = self.context.draft
        if draft.consent is None or not draft.consent.granted:
            return self.t("wizard.review.manual_id")
        if draft.liveness is not None and draft.liveness.passed:
            return self.t("wizard.review.face_passed")
        return self.t("wizard.review.manual_id")

    def _add(self, row: ReviewRow) -> None:
        q = named_label("reviewQuestion", row.question)
        q.setWordWrap(True)
        a = named_label("reviewAnswer", row.answer)
        a.setTextFormat(Qt.TextFormat.PlainText)  # what a visitor typed is never markup
        a.setWordWrap(True)
        a.setAccessibleName(f"answer:{row.key}")
        edit = QPushButton(self.t("wizard.review.edit"))
        edit.setObjectName("toggle")
        edit.setAccessibleName(f"edit:{row.key}")
        target = (row.step.value, row.page_index)
        edit.clicked.connect(lambda _c=False, t=target: self.edit_requested.emit(*t))
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(0, 1)
        grid.addWidget(q, 0, 0)
        grid.addWidget(a, 1, 0)
        grid.addWidget(edit, 0, 1, 2, 1)
        self.content.addWidget(box)
        self.edit_buttons[row.key] = edit
        self._texts[row.key] = (q, a)

    def describe(self, field: FormField, value: Any) -> str:
        if value is None or value == "" or value == []:
            return self.t("wizard.review.not_answered")
        if field.type is FieldType.YES_NO:
            return self.t("answer.yes" if value else "answer.no")
        if field.type is FieldType.CHOICE:
            labels = {c.value: c.label.get(self.language) for c in field.choices}
            values = value if isinstance(value, list) else [value]
            return ", ".join(labels.get(v, str(v)) for v in values)
        if field.type is FieldType.PHONE:
            return mask_phone(str(value))
        return str(value)

    def title_text(self) -> str:
        return self.t("wizard.review.title")

    def next_text(self) -> str | None:
        return self.t("wizard.review.submit")

    def show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.ensure_visible(self.message)


def mask_phone(number: str) -> str:
    """Only the last four digits, for eyes over the visitor's shoulder: ●●●●●●●8000."""
    digits = [c for c in number if c.isdigit()]
    if len(digits) <= 4:
        return "".join(digits)
    return "●" * (len(digits) - 4) + "".join(digits[-4:])

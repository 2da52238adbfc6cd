"""Review: every answer, each with its own Change button, then "get my ticket" (a long review
is shown in parts, each row whole).

Signals:
    edit_requested(str, int): go to a step (and form page) to change an answer.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from kiosk.domain.forms import FieldType
from kiosk.domain.intake import Step
from kiosk.settings.models import FormField
from kiosk.ui.visitor.form_page import form_pages
from kiosk.ui.visitor.wizard_page import PageContext, WizardPage
from kiosk.ui.widgets.labels import named_label


class ReviewPage(WizardPage):
    step = Step.REVIEW
    splittable = True
    edit_requested = Signal(str, int)

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        draft = context.draft
        assert draft.case_type is not None
        case = self.site.case_type(draft.case_type)
        self.edit_buttons: dict[str, QPushButton] = {}
        self._add("case_type", self.t("wizard.review.case_type"), case.name.get(self.language))
        self.edit_buttons["case_type"].clicked.connect(
            lambda: self.edit_requested.emit(Step.CASE_TYPE.value, 0)
        )
        pages = form_pages(case.form.fields, case.form.fields_per_page)
        for page_index, fields in enumerate(pages):
            for field in fields:
                answer = self.describe(field, draft.answers.get(field.id))
                self._add(field.id, field.label.get(self.language), answer)
                self.edit_buttons[field.id].clicked.connect(
                    lambda _c=False, p=page_index: self.edit_requested.emit(Step.FORM.value, p)
                )
        reasons = [r.label.get(self.language) for r in self.site.assistance.reasons]
        chosen = [
            r.label.get(self.language)
            for r in self.site.assistance.reasons
            if r.id in draft.assistance
        ]
        assistance = "、".join(chosen) if self.language.startswith("zh") else ", ".join(chosen)
        help_name = next(
            (
                h.name.get(self.language)
                for h in self.site.assistance.help_languages
                if h.code == draft.help_language
            ),
            None,
        )
        if help_name:
            assistance = (assistance + " · " if assistance else "") + help_name
        if reasons or self.site.assistance.help_languages:
            self._add(
                "assistance",
                self.t("wizard.assistance.title"),
                assistance or self.t("wizard.review.none"),
            )
            self.edit_buttons["assistance"].clicked.connect(
                lambda: self.edit_requested.emit(Step.ASSISTANCE.value, 0)
            )
        self._add("consent", self.t("wizard.review.identity"), self._identity_text())
        self.edit_buttons["consent"].clicked.connect(
            lambda: self.edit_requested.emit(Step.CONSENT.value, 0)
        )
        self.message = named_label("errorText")
        self.message.setWordWrap(True)
        self.content.addWidget(self.message)
        self.content.addStretch()

    def _identity_text(self) -> str:
        draft = self.context.draft
        if draft.consent is None or not draft.consent.granted:
            return self.t("wizard.review.manual_id")
        if draft.liveness is not None and draft.liveness.passed:
            return self.t("wizard.review.face_passed")
        return self.t("wizard.review.manual_id")

    def _add(self, key: str, question: str, answer: str) -> None:
        q = named_label("reviewQuestion", question)
        q.setWordWrap(True)
        a = named_label("reviewAnswer", answer)
        a.setTextFormat(Qt.TextFormat.PlainText)  # what a visitor typed is never markup
        a.setWordWrap(True)
        a.setAccessibleName(f"answer:{key}")
        edit = QPushButton(self.t("wizard.review.edit"))
        edit.setObjectName("toggle")
        edit.setAccessibleName(f"edit:{key}")
        row = QWidget()
        grid = QGridLayout(row)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(0, 1)
        grid.addWidget(q, 0, 0)
        grid.addWidget(a, 1, 0)
        grid.addWidget(edit, 0, 1, 2, 1)
        self.content.addWidget(row)
        self.edit_buttons[key] = edit

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

"""One page of a case type's intake form: a few fields, generated from the schema."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from kiosk.domain.intake import Step
from kiosk.settings.models import FormField
from kiosk.ui.visitor.wizard_page import PageContext, WizardPage
from kiosk.ui.widgets.form_fields import FieldEditor, build_editors


def form_pages(fields: list[FormField], per_page: int) -> list[list[FormField]]:
    return [fields[i : i + per_page] for i in range(0, len(fields), per_page)]


class FormPage(WizardPage):
    step = Step.FORM
    splittable = True

    def __init__(
        self, context: PageContext, page_index: int, parent: QWidget | None = None
    ) -> None:
        self.page_index = page_index
        super().__init__(context, parent)
        draft = context.draft
        assert draft.case_type is not None
        form = self.site.case_type(draft.case_type).form
        self.pages = form_pages(form.fields, form.fields_per_page)
        self.editors: list[FieldEditor] = build_editors(self.pages[page_index], self.language)
        for editor in self.editors:
            if editor.field.id in draft.answers:
                editor.set_value(draft.answers[editor.field.id])
            editor.changed.connect(lambda e=editor: e.message.clear())
            editor.submitted.connect(lambda e=editor: self._on_editor_submitted(e))
            self.content.addWidget(editor)
        self.content.addStretch()

    def title_text(self) -> str:
        draft = self.context.draft
        assert draft.case_type is not None
        return self.site.case_type(draft.case_type).name.get(self.language)

    def stage_detail(self) -> str:
        """Which page of the form, in the stage bar ("1/2"): the one place counting anything."""
        draft = self.context.draft
        assert draft.case_type is not None
        form = self.site.case_type(draft.case_type).form
        pages = len(form_pages(form.fields, form.fields_per_page))
        return f"{self.page_index + 1}/{pages}" if pages > 1 else ""

    def collect(self) -> None:
        for editor in self.editors:
            self.context.draft.answers[editor.field.id] = editor.value()

    def accept(self) -> bool:
        self.collect()
        today = self.context.today()
        bad = [e for e in self.editors if not e.validate(today)]
        if bad:
            self.ensure_visible(bad[0])
            bad[0].input_widget.setFocus()
            return False
        return True

    def accept_part(self, blocks: list[QWidget]) -> bool:
        """The questions shown so far are checked before the rest of the page is shown."""
        self.collect()
        today = self.context.today()
        bad = [e for e in self.editors if e in blocks and not e.validate(today)]
        if bad:
            self.ensure_visible(bad[0])
            bad[0].input_widget.setFocus()
            return False
        return True

    def _on_editor_submitted(self, editor: FieldEditor) -> None:
        """Enter: on to the next question to type, past one to tap, or on to the next page."""
        later = [e for e in self.editors[self.editors.index(editor) + 1 :] if e.isVisible()]
        if not later:
            self.next_requested.emit()
            return
        # A typed question gets the keyboard; one answered by tapping puts it away.
        target = later[0].input_widget
        target.setFocus(Qt.FocusReason.TabFocusReason)
        if target.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled):
            QGuiApplication.inputMethod().show()  # keep the letter keyboard up
        self.ensure_visible(later[0])

    def shown(self) -> None:
        if self.editors:
            first_empty = next((e for e in self.editors if e.value() in ("", None, [])), None)
            (first_empty or self.editors[0]).input_widget.setFocus()

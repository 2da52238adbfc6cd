"""Live preview of an intake form as the visitor will see it, in every language of the site.

The page holding the selected question is built from the edited (unsaved) form with the
visitor's own field widgets and style sheet at kiosk size (a 900-pixel-wide column), then
shown scaled down, one picture per language. A form that does not validate shows its problems
instead, with their paths, so the administrator sees what to fix before saving.
"""

from __future__ import annotations

from pydantic import ValidationError
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from kiosk.settings.loader import describe_validation_error
from kiosk.settings.models import IntakeForm
from kiosk.settings.translations import tr
from kiosk.ui.admin.settings_form import SettingsForm
from kiosk.ui.visitor.form_page import form_pages
from kiosk.ui.visitor.theme import stylesheet
from kiosk.ui.widgets.form_fields import build_editors
from kiosk.ui.widgets.labels import named_label

#: The visitor's page is drawn at this width, then scaled to fit the admin screen.
KIOSK_WIDTH = 900
PREVIEW_WIDTH = 420


def render_form_page(form: IntakeForm, page: int, language: str) -> QPixmap:
    """One page of ``form`` drawn as the kiosk draws it, in ``language``."""
    pages = form_pages(form.fields, form.fields_per_page)
    page = max(0, min(page, len(pages) - 1))
    sheet = QWidget()
    sheet.setObjectName("wizard")
    sheet.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    sheet.setStyleSheet(stylesheet(large_text=False, high_contrast=False))
    body = QWidget(sheet)
    body.setObjectName("page")
    layout = QVBoxLayout(sheet)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(body)
    content = QVBoxLayout(body)
    content.setContentsMargins(48, 32, 48, 32)
    title = named_label(
        "screenTitle", tr(language, "wizard.form.part", page=page + 1, pages=len(pages))
    )
    content.addWidget(title)
    for editor in build_editors(pages[page], language):
        content.addWidget(editor)
    content.addStretch()
    sheet.ensurePolished()  # the style sheet's type sizes decide the height
    sheet.resize(KIOSK_WIDTH, 400)
    layout.activate()
    sheet.resize(KIOSK_WIDTH, max(400, layout.totalHeightForWidth(KIOSK_WIDTH)))
    layout.activate()
    picture = sheet.grab()
    sheet.deleteLater()
    return picture


class FormPreview(QGroupBox):
    """Companion of an IntakeForm's generated form: the visitor's page, per language."""

    beside = True  # shown next to the questions, not under them

    def __init__(self, form: SettingsForm) -> None:
        super().__init__(form.context.t("admin.preview"))
        self.form = form
        self.languages = form.context.languages
        self.pictures: dict[str, QLabel] = {}
        self.problems = named_label("error")
        self.problems.setWordWrap(True)
        self.problems.setMaximumWidth(PREVIEW_WIDTH)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problems)
        for code in self.languages:
            layout.addWidget(QLabel(form.context.language_names.get(code, code)))
            picture = QLabel()
            picture.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            picture.setObjectName("preview")
            picture.setFixedWidth(PREVIEW_WIDTH)
            layout.addWidget(picture)
            self.pictures[code] = picture
        layout.addStretch()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(250)  # redraw once typing pauses, not on every key
        self.timer.timeout.connect(self.refresh)
        form.changed.connect(self.timer.start)
        fields = form.lists.get("fields")
        if fields is not None:
            fields.selected.connect(lambda _row: self.timer.start())
        self.refresh()

    def edited_form(self) -> IntakeForm | None:
        try:
            form = IntakeForm.model_validate(self.form.document())
        except ValidationError as exc:
            self.problems.setText("\n".join(describe_validation_error(exc)))
            self.problems.show()
            return None
        self.problems.hide()
        return form

    def page_index(self, form: IntakeForm) -> int:
        fields = self.form.lists.get("fields")
        row = fields.current_row() if fields is not None else 0
        return max(0, row) // form.fields_per_page

    def refresh(self) -> None:
        form = self.edited_form()
        if form is None:
            return
        page = self.page_index(form)
        for code, label in self.pictures.items():
            picture = render_form_page(form, page, code)
            label.setPixmap(
                picture.scaledToWidth(PREVIEW_WIDTH, Qt.TransformationMode.SmoothTransformation)
            )

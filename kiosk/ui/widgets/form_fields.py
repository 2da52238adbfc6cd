"""One widget factory for intake-form fields, driven by the case type's schema.

Each field becomes a large, touch-friendly editor with its label, help and an inline message
in the visitor's language. The rules are the domain's (``check_answer``), so what the screen
accepts is exactly what the intake service will accept.

Signals (FieldEditor):
    changed(): the answer was edited.
    submitted(): Enter on a one-line answer (the visitor is done with it).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.forms import FieldType, check_answer
from kiosk.settings.models import FormField
from kiosk.settings.translations import tr
from kiosk.ui.widgets.labels import named_label

#: choices no longer than this (characters) may stand two to a row
SHORT_CHOICE = 24
#: Fields typed on the numeric keypad, and the one extra key each needs.
_KEYPAD_KEYS = {FieldType.DIGITS: "", FieldType.PHONE: "+", FieldType.DATE: "-"}
_LATIN = (
    Qt.InputMethodHint.ImhLatinOnly
    | Qt.InputMethodHint.ImhNoPredictiveText
    | Qt.InputMethodHint.ImhNoAutoUppercase
)
#: Every answer is personal: the on-screen keyboard keeps none of it (its Pinyin engine would
#: otherwise learn names and phrases into a user dictionary on disk, and offer them to the
#: next visitor as candidates).
PRIVATE = Qt.InputMethodHint.ImhSensitiveData
#: Fields typed on the Latin letter keyboard whatever the visitor's language.
_LATIN_HINTS = {
    FieldType.IDENTIFIER: _LATIN,
    FieldType.EMAIL: _LATIN | Qt.InputMethodHint.ImhEmailCharactersOnly,
}


class FieldEditor(QWidget):
    changed = Signal()
    submitted = Signal()

    def __init__(self, field: FormField, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("question")  # the keyboard keeps a whole question in view
        self.field = field
        self.language = language
        label = field.label.get(language) + (
            "" if field.required else tr(language, "form.optional")
        )
        self.label = named_label("fieldLabel", label)
        self.label.setWordWrap(True)
        self.help = named_label("fieldHelp", field.help.get(language) if field.help else "")
        self.help.setWordWrap(True)
        self.message = named_label("fieldMessage")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.help)
        # Only once it has a parent: a parentless widget made visible is a window of its own.
        self.help.setVisible(field.help is not None)
        self._line: QLineEdit | None = None
        self._text: QPlainTextEdit | None = None
        self._choices: QButtonGroup | None = None
        self._values: dict[int, Any] = {}
        if field.type is FieldType.MULTILINE:
            self._text = QPlainTextEdit()
            self._text.setMinimumHeight(160)
            self._text.setInputMethodHints(PRIVATE)
            self._text.textChanged.connect(self.changed.emit)
            self._text.textChanged.connect(lambda: self._mark_invalid(False))
            layout.addWidget(self._text)
        elif field.type in (FieldType.CHOICE, FieldType.YES_NO):
            self._choices = QButtonGroup(self)
            self._choices.setExclusive(not field.multiple)
            row = QGridLayout()
            row.setSpacing(8)
            options: list[tuple[Any, str]] = (
                [(True, tr(language, "answer.yes")), (False, tr(language, "answer.no"))]
                if field.type is FieldType.YES_NO
                else [(c.value, c.label.get(language)) for c in field.choices]
            )
            # short answers side by side (yes/no; four or more short choices): less to scroll
            short = all(len(text) <= SHORT_CHOICE for _value, text in options)
            columns = 2 if field.type is FieldType.YES_NO or (len(options) > 3 and short) else 1
            for index, (value, text) in enumerate(options):
                button = QPushButton(text)
                button.setCheckable(True)
                button.setMinimumHeight(72)
                button.setObjectName("choice")
                self._choices.addButton(button, index)
                self._values[index] = value
                row.addWidget(button, index // columns, index % columns)
            self._choices.buttonClicked.connect(lambda _button: self.changed.emit())
            layout.addLayout(row)
        else:
            self._line = QLineEdit()
            self._line.setMinimumHeight(72)
            if field.max_length:
                self._line.setMaxLength(
                    field.max_length + 10
                )  # over-long gets a message, not a wall
            self._line.textChanged.connect(lambda _text: self.changed.emit())
            self._line.textChanged.connect(lambda _text: self._mark_invalid(False))
            self._line.returnPressed.connect(self.submitted.emit)
            hints = _LATIN_HINTS.get(field.type)
            self._line.setInputMethodHints(PRIVATE | (hints or Qt.InputMethodHint.ImhNone))
            if hints is not None:  # ids and e-mail: the Latin keyboard, even for Chinese
                self._line.setPlaceholderText(tr(language, f"form.placeholder.{field.type.value}"))
            keypad = _KEYPAD_KEYS.get(field.type)
            if keypad is not None:
                # Typed on the kiosk's numeric keypad, not the letter keyboard.
                self._line.setProperty("keypad", keypad)
                self._line.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
                self._line.setPlaceholderText(tr(language, f"form.placeholder.{field.type.value}"))
            layout.addWidget(self._line)
        layout.addWidget(self.message)

    # -- the answer --------------------------------------------------------------------------
    def value(self) -> Any:
        if self._text is not None:
            return self._text.toPlainText()
        if self._line is not None:
            return self._line.text()
        assert self._choices is not None
        picked = [
            self._values[self._choices.id(b)] for b in self._choices.buttons() if b.isChecked()
        ]
        if self.field.multiple:
            return picked
        return picked[0] if picked else None

    def set_value(self, value: Any) -> None:
        if self._text is not None:
            self._text.setPlainText("" if value is None else str(value))
        elif self._line is not None:
            self._line.setText("" if value is None else str(value))
        else:
            assert self._choices is not None
            wanted = value if isinstance(value, list) else [value]
            for button in self._choices.buttons():
                button.setChecked(self._values[self._choices.id(button)] in wanted)

    def validate(self, today: date) -> bool:
        """Show the problem (in the visitor's language) or clear it; True when acceptable."""
        problem = check_answer(self.field.rules(), self.value(), today)
        self._mark_invalid(problem is not None)
        if problem is None:
            self.message.clear()
            return True
        if problem.code == "pattern" and self.field.pattern_message is not None:
            self.message.setText(self.field.pattern_message.get(self.language))
        else:
            self.message.setText(tr(self.language, f"problem.{problem.code}", **problem.params))
        return False

    def _mark_invalid(self, invalid: bool) -> None:
        """A field with a problem is framed in the error colour (red), not the focus blue."""
        widget = self._text or self._line
        if widget is None or bool(widget.property("invalid")) == invalid:
            return
        widget.setProperty("invalid", invalid)
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    @property
    def input_widget(self) -> QWidget:
        widget = self._text or self._line
        if widget is not None:
            return widget
        assert self._choices is not None
        return self._choices.buttons()[0]


def build_editors(fields: list[FormField], language: str) -> list[FieldEditor]:
    """Editors for a page of the form, in the schema's order."""
    return [FieldEditor(field, language) for field in fields]

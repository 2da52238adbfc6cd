"""One setting's editor, chosen from the field's type, bounds and schema hints.

A switch for a yes/no, a stepper for a bounded number (with a "none" step when the value is
optional), segmented buttons (or a drop-down, past four) for a fixed set of values, toggle
buttons for a set of enum values or of options the screen supplies, a picker for one such
option, a time editor, one line per site language for a visitor-facing text, a line edit for
the rest. The field's description shows under it as help.

Signals:
    changed(): the value was edited.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from datetime import time
from enum import Enum
from typing import Any, Literal

from pydantic.fields import FieldInfo
from PySide6.QtCore import QSize, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.settings.models import Text
from kiosk.ui.admin.form_context import FormContext
from kiosk.ui.admin.schema_fields import (
    base_type,
    bounds,
    dump,
    list_item_type,
    schema_extra,
    strip_optional,
)
from kiosk.ui.widgets.labels import named_label


class SettingEditor(QWidget):
    """One setting: the editor chosen from its type, its description as help."""

    changed = Signal()

    def __init__(
        self,
        name: str,
        info: FieldInfo,
        value: Any,
        context: FormContext,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.name = name
        self.info = info
        self.context = context
        self.annotation, self.optional = strip_optional(info.annotation)
        self._value: Callable[[], Any] = lambda: None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.editor = self._build(value)
        layout.addWidget(self.editor)
        hints = []
        description = context.description(name, info)
        if description and not schema_extra(info).get("options"):  # a picker needs no format hint
            hints.append(description)
        if schema_extra(info).get("requires_restart"):
            hints.append(context.t("admin.requires_restart"))
        self.help = named_label("fieldHelp", " · ".join(hints))
        self.help.setWordWrap(True)
        layout.addWidget(self.help)
        self.help.setVisible(bool(hints))

    @property
    def title(self) -> str:
        return self.context.title(self.name, self.info)

    # -- the factory -----------------------------------------------------------------------
    def _build(self, value: Any) -> QWidget:
        kind = base_type(self.annotation)
        source = schema_extra(self.info).get("options")
        item = list_item_type(kind)
        if item is not None:
            if isinstance(item, type) and issubclass(item, Enum):
                options = self.context.labelled([m.value for m in item])
                return self._toggles(options, [dump(v) for v in value])
            if source:
                return self._toggles(self.context.options(source), list(value))
            return self._words(list(value))
        if source:
            return self._pick(self.context.options(source), value, source)
        if kind is bool:
            return self._switch(bool(value))
        if kind in (int, float):
            return self._number(kind, value)
        if isinstance(kind, type) and issubclass(kind, Enum):
            return self._segments([m.value for m in kind], value.value if value else None)
        if typing.get_origin(kind) is Literal:
            return self._segments(list(typing.get_args(kind)), value)
        if kind is time:
            edit = QTimeEdit()
            edit.setDisplayFormat("HH:mm")
            edit.setTime(QTime(value.hour, value.minute))
            edit.timeChanged.connect(lambda _t: self.changed.emit())
            self._value = lambda: edit.time().toString("HH:mm")
            return edit
        if kind is Text:
            return self._texts(value)
        line = QLineEdit("" if value is None else str(value))
        line.textChanged.connect(lambda _t: self.changed.emit())
        self._value = lambda: (line.text().strip() or None) if self.optional else line.text()
        return line

    def _switch(self, on: bool) -> QWidget:
        button = QPushButton()
        button.setCheckable(True)
        button.setChecked(on)
        button.setObjectName("switch")

        def show(state: bool) -> None:
            button.setText(self.context.t("admin.on" if state else "admin.off"))

        show(on)
        button.toggled.connect(show)
        button.toggled.connect(lambda _s: self.changed.emit())
        self._value = button.isChecked
        return button

    def _number(self, kind: type, value: Any) -> QWidget:
        low, high = bounds(self.info)
        box: QSpinBox | QDoubleSpinBox
        if kind is int:
            box = QSpinBox()
            box.setRange(int(low if low is not None else -1_000_000), int(high or 1_000_000))
        else:
            box = QDoubleSpinBox()
            box.setDecimals(1)
            box.setRange(low if low is not None else -1e6, high if high is not None else 1e6)
        if self.optional:  # one step below the lowest value stands for "none"
            box.setMinimum(box.minimum() - 1)  # type: ignore[arg-type]
            box.setSpecialValueText(self.context.t("admin.none"))
        box.setValue(box.minimum() if value is None else value)  # type: ignore[arg-type]
        box.valueChanged.connect(lambda _v: self.changed.emit())

        def read() -> Any:
            if self.optional and box.value() == box.minimum():
                return None
            return box.value()

        self._value = read
        return box

    def _segments(self, options: list[Any], current: Any) -> QWidget:
        if len(options) > 4:  # a long row of buttons would not fit beside a list: a drop-down
            return self._pick(self.context.labelled(options), current)
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        group = QButtonGroup(row)
        values: dict[int, Any] = {}
        for index, option in enumerate(options):
            button = QPushButton(self.context.value_label(option))
            button.setCheckable(True)
            button.setChecked(option == current)
            button.setObjectName("segment")
            group.addButton(button, index)
            values[index] = option
            layout.addWidget(button)
        layout.addStretch()
        group.idClicked.connect(lambda _i: self.changed.emit())
        self._value = lambda: values.get(group.checkedId())
        return row

    def _toggles(self, options: dict[str, str], current: list[str]) -> QWidget:
        """Several of a known set: one toggle button each, in the set's order."""
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        buttons: dict[str, QPushButton] = {}
        for option in list(options) + [c for c in current if c not in options]:
            button = QPushButton(options.get(option, option))
            button.setCheckable(True)
            button.setChecked(option in current)
            button.setObjectName("segment")
            button.toggled.connect(lambda _s: self.changed.emit())
            layout.addWidget(button)
            buttons[option] = button
        layout.addStretch()
        self._value = lambda: [o for o, b in buttons.items() if b.isChecked()]
        return row

    def _pick(self, options: dict[str, str], current: Any, source: str = "") -> QWidget:
        combo = QComboBox()
        choices = ([""] if self.optional else []) + list(options)
        if current is not None and current not in choices:
            choices.append(str(current))  # keep what is set, even if it is gone elsewhere
        for option in choices:
            combo.addItem(options.get(option, option) if option else "—", option)
            picture = self.context.picture(source, option) if source and option else None
            if picture is not None:
                combo.setItemIcon(combo.count() - 1, picture)
                combo.setIconSize(QSize(32, 32))
        combo.setCurrentIndex(max(0, combo.findData("" if current is None else current)))
        if len(choices) > 30:  # time zones: type part of a name to find it
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            finder = QCompleter(combo.model(), combo)
            finder.setFilterMode(Qt.MatchFlag.MatchContains)
            finder.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            finder.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            combo.setCompleter(finder)
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self._value = lambda: combo.currentData() or None if self.optional else combo.currentData()
        return combo

    def _words(self, current: list[str]) -> QWidget:
        line = QLineEdit(", ".join(current))
        line.textChanged.connect(lambda _t: self.changed.emit())
        self._value = lambda: [w.strip() for w in line.text().split(",") if w.strip()]
        return line

    def _texts(self, value: Text | None) -> QWidget:
        box = QWidget()
        form = QFormLayout(box)
        form.setContentsMargins(0, 0, 0, 0)
        lines: dict[str, QLineEdit] = {}
        for code in self.context.languages:
            line = QLineEdit(value.root.get(code, "") if value is not None else "")
            line.textChanged.connect(lambda _t: self.changed.emit())
            form.addRow(self.context.language_names.get(code, code), line)
            lines[code] = line

        def read() -> dict[str, str] | None:
            texts = {code: line.text() for code, line in lines.items()}
            if self.optional and not any(t.strip() for t in texts.values()):
                return None
            return texts

        self._value = read
        return box

    def value(self) -> Any:
        return self._value()

    def document(self) -> Any:
        """The value as plain data (what a list of texts stores)."""
        return self._value()

"""Settings pages generated from the pydantic schema: one widget factory, no hand-built forms.

Each field of a settings model becomes an editor chosen from its type and bounds: a switch for
a yes/no, a stepper for a bounded number, segmented buttons for a fixed set of values, a time
editor, one line per language for a visitor-facing text, a line edit for the rest. Titles and
descriptions come from the schema, so adding a field to a settings model adds it to the screen.
Fields marked ``json_schema_extra={"requires_restart": True}`` say so under the editor.

Lists of objects (case types, queues, counters …) are not edited here: they have their own pages.

Signals (SettingsForm):
    changed(): any editor changed.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from datetime import time
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.settings.models import Text
from kiosk.ui.widgets.labels import named_label


def _bounds(info: FieldInfo) -> tuple[float | None, float | None]:
    low = high = None
    for item in info.metadata:
        for name in ("ge", "gt"):
            if getattr(item, name, None) is not None:
                low = float(getattr(item, name))
        for name in ("le", "lt"):
            if getattr(item, name, None) is not None:
                high = float(getattr(item, name))
    return low, high


def _strip_optional(annotation: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


class SettingEditor(QWidget):
    """One setting: a label (the schema's title), the editor, its description as help."""

    changed = Signal()

    def __init__(
        self,
        name: str,
        info: FieldInfo,
        value: Any,
        languages: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.name = name
        self.info = info
        self.languages = languages
        self.annotation, self.optional = _strip_optional(info.annotation)
        self._value: Callable[[], Any] = lambda: None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.editor = self._build(value)
        layout.addWidget(self.editor)
        hints = []
        if info.description:
            hints.append(info.description)
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        if extra.get("requires_restart"):
            hints.append("takes effect after the kiosk restarts")
        self.help = named_label("fieldHelp", " · ".join(hints))
        self.help.setWordWrap(True)
        layout.addWidget(self.help)
        self.help.setVisible(bool(hints))

    @property
    def title(self) -> str:
        return self.info.title or self.name.replace("_", " ").capitalize()

    # -- the factory -----------------------------------------------------------------------
    def _build(self, value: Any) -> QWidget:
        kind = self.annotation
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
        self._value = lambda: (line.text() or None) if self.optional else line.text()
        return line

    def _switch(self, on: bool) -> QWidget:
        button = QPushButton()
        button.setCheckable(True)
        button.setChecked(on)
        button.setObjectName("switch")

        def show(state: bool) -> None:
            button.setText("on" if state else "off")

        show(on)
        button.toggled.connect(show)
        button.toggled.connect(lambda _s: self.changed.emit())
        self._value = button.isChecked
        return button

    def _number(self, kind: type, value: Any) -> QWidget:
        low, high = _bounds(self.info)
        box: QSpinBox | QDoubleSpinBox
        if kind is int:
            box = QSpinBox()
            box.setRange(int(low if low is not None else -1_000_000), int(high or 1_000_000))
            box.setValue(int(value or 0))
        else:
            box = QDoubleSpinBox()
            box.setDecimals(1)
            box.setRange(low if low is not None else -1e6, high if high is not None else 1e6)
            box.setValue(float(value or 0))
        box.valueChanged.connect(lambda _v: self.changed.emit())
        self._value = box.value
        return box

    def _segments(self, options: list[Any], current: Any) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        group = QButtonGroup(row)
        values: dict[int, Any] = {}
        for index, option in enumerate(options):
            button = QPushButton(str(option))
            button.setCheckable(True)
            button.setChecked(option == current)
            group.addButton(button, index)
            values[index] = option
            layout.addWidget(button)
        layout.addStretch()
        group.idClicked.connect(lambda _i: self.changed.emit())
        self._value = lambda: values.get(group.checkedId())
        return row

    def _texts(self, value: Text | None) -> QWidget:
        box = QWidget()
        form = QFormLayout(box)
        form.setContentsMargins(0, 0, 0, 0)
        lines: dict[str, QLineEdit] = {}
        for code in self.languages:
            line = QLineEdit(value.root.get(code, "") if value is not None else "")
            line.textChanged.connect(lambda _t: self.changed.emit())
            form.addRow(code, line)
            lines[code] = line
        self._value = lambda: {code: line.text() for code, line in lines.items()}
        return box

    def value(self) -> Any:
        return self._value()


class SettingsForm(QWidget):
    """All settings of one model (a page of the admin screen), nested models as groups."""

    changed = Signal()

    def __init__(
        self, model: BaseModel, languages: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model_type = type(model)
        self.editors: dict[str, SettingEditor] = {}
        self.groups: dict[str, SettingsForm] = {}
        self.untouched: dict[str, Any] = {}
        form = QFormLayout(self)
        for name, info in self.model_type.model_fields.items():
            value = getattr(model, name)
            annotation, _ = _strip_optional(info.annotation)
            if isinstance(value, BaseModel) and not isinstance(value, Text):
                group = QGroupBox(info.title or name.replace("_", " ").capitalize())
                inner = SettingsForm(value, languages)
                inner.changed.connect(self.changed.emit)
                QVBoxLayout(group).addWidget(inner)
                form.addRow(group)
                self.groups[name] = inner
            elif typing.get_origin(annotation) is list:
                # lists (of texts, objects, choices) have editors of their own elsewhere
                self.untouched[name] = value
            else:
                editor = SettingEditor(name, info, value, languages)
                editor.changed.connect(self.changed.emit)
                form.addRow(editor.title, editor)
                self.editors[name] = editor

    def document(self) -> dict[str, Any]:
        """The edited values as a plain document (validated by the caller, as a whole)."""
        data: dict[str, Any] = {}
        for name, value in self.untouched.items():
            data[name] = [
                v.model_dump(mode="json") if isinstance(v, BaseModel) else v for v in value
            ]
        for name, editor in self.editors.items():
            data[name] = editor.value()
        for name, group in self.groups.items():
            data[name] = group.document()
        return data

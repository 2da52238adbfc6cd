"""Settings pages generated from the pydantic schema: one widget factory, no hand-built forms.

Each field of a settings model becomes an editor chosen from its type and bounds: a switch for
a yes/no, a stepper for a bounded number (with a "none" step when the value is optional),
segmented buttons for a fixed set of values, toggle buttons for a set of enum values, a time
editor, one line per language for a visitor-facing text, a line edit for the rest. A list of
objects (case types, form fields, rules …) becomes a ListEditor: add a copy, remove, move up and
down, and the selected item edited by a generated form of its own.

Titles and descriptions come from the schema (translated when ``admin.field.<name>`` or
``admin.help.<name>`` is in the catalogue), so adding a field to a settings model adds it to the
screen. The schema can say more through ``json_schema_extra``:

- ``{"requires_restart": True}``: a hint under the editor;
- ``{"options": "<source>"}``: pick from a list the screen supplies (queues, icons, printers …);
- ``{"only_when": {"<field>": <value>}}``: shown only while that field of the same model has that
  value; otherwise hidden and saved as its default (choices only for choice questions).

Models may get a companion widget (a live preview, a test button) through FormContext.

Signals:
    changed(): any editor changed (SettingEditor, SettingsForm, ListEditor).
    selected(int): ListEditor: another item was selected.
"""

from __future__ import annotations

import copy
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import time
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from PySide6.QtCore import QSize, Qt, QTime, Signal
from PySide6.QtGui import QIcon, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.settings.models import Text
from kiosk.settings.translations import tr
from kiosk.ui.widgets.labels import named_label


@dataclass
class FormContext:
    """What every generated editor needs besides its own value."""

    languages: list[str]  # the site's languages: one line each for a visitor-facing text
    ui_language: str = "en"  # the administrator's language
    #: values (and how to show them) for ``json_schema_extra={"options": source}``
    options: Callable[[str], dict[str, str]] = lambda _source: {}
    companions: dict[type, Callable[[SettingsForm], QWidget]] = field(default_factory=dict)
    #: a small picture for an option, e.g. the pictogram of a case-type icon
    picture: Callable[[str, str], QIcon | None] = lambda _source, _value: None

    def t(self, key: str, **params: object) -> str:
        return tr(self.ui_language, key, **params)

    def _translated(self, key: str) -> str | None:
        text = tr(self.ui_language, key)
        return None if text == key else text

    def title(self, name: str, info: FieldInfo) -> str:
        return (
            self._translated(f"admin.field.{name}")
            or info.title
            or name.replace("_", " ").capitalize()
        )

    def description(self, name: str, info: FieldInfo) -> str | None:
        return self._translated(f"admin.help.{name}") or info.description

    def value_label(self, value: object) -> str:
        return self._translated(f"admin.value.{value}") or str(value)

    def labelled(self, values: list[Any]) -> dict[Any, str]:
        return {v: self.value_label(v) for v in values}


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


def _base(annotation: Any) -> Any:
    """``Annotated[str, …]`` → ``str``."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def list_item_type(annotation: Any) -> Any | None:
    """The item type of ``list[X]`` (optional or not), else None."""
    annotation, _ = _strip_optional(annotation)
    if typing.get_origin(annotation) is not list:
        return None
    return _base(typing.get_args(annotation)[0])


def _is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, BaseModel)


def _extra(info: FieldInfo) -> dict[str, Any]:
    return info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}


def _dump(value: Any) -> Any:
    return value.model_dump(mode="json") if isinstance(value, BaseModel) else value


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
        self.annotation, self.optional = _strip_optional(info.annotation)
        self._value: Callable[[], Any] = lambda: None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.editor = self._build(value)
        layout.addWidget(self.editor)
        hints = []
        description = context.description(name, info)
        if description and not _extra(info).get("options"):  # a picker needs no format hint
            hints.append(description)
        if _extra(info).get("requires_restart"):
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
        kind = _base(self.annotation)
        source = _extra(self.info).get("options")
        item = list_item_type(kind)
        if item is not None:
            if isinstance(item, type) and issubclass(item, Enum):
                options = self.context.labelled([m.value for m in item])
                return self._toggles(options, [_dump(v) for v in value])
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
        low, high = _bounds(self.info)
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
            form.addRow(code, line)
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


def _item_editor(item_type: type, value: BaseModel, context: FormContext, depth: int) -> QWidget:
    if item_type is Text:
        return SettingEditor("text", FieldInfo.from_annotation(Text), value, context)
    return SettingsForm(value, context, depth=depth)


def caption(document: Any, language: str) -> str:
    """How an item shows in its list: its id and name or label, or the text itself."""

    def text(value: Any) -> str:
        if isinstance(value, dict):
            return str(value.get(language) or next(iter(value.values()), ""))
        return "" if value is None else str(value)

    if not isinstance(document, dict):
        return str(document)
    is_text = all(isinstance(v, str) for v in document.values())
    if is_text and "id" not in document and "code" not in document:
        return text(document)
    key = document.get("id") or document.get("code") or document.get("value") or ""
    name = next(
        (text(document[k]) for k in ("name", "label", "native_name") if document.get(k)), ""
    )
    return f"{key} · {name}" if key and name else str(key or name)


class _Entry:
    def __init__(self, original: BaseModel) -> None:
        self.original = original
        self.editor: QWidget | None = None

    def document(self) -> Any:
        if self.editor is None:
            return _dump(self.original)
        editor = self.editor
        assert isinstance(editor, SettingsForm | SettingEditor)
        return editor.document() if isinstance(editor, SettingsForm) else editor.value()


class ListEditor(QWidget):
    """A list of objects: captions on the left, the selected one's generated form beside them.

    "Add" copies the selected item (with a fresh id), so a new case type or question starts
    from a complete, valid example instead of an empty form.
    """

    changed = Signal()
    selected = Signal(int)

    def __init__(
        self,
        item_type: type,
        values: list[BaseModel],
        context: FormContext,
        parent: QWidget | None = None,
        *,
        page: bool = False,
        depth: int = 0,
    ) -> None:
        """``page``: the list is a whole page: the item's form scrolls beside a full-height list;
        otherwise the list is as tall as its items and the page around it scrolls."""
        super().__init__(parent)
        self.page = page
        self.nesting = depth
        self.item_type = item_type
        self.context = context
        self.entries = [_Entry(v) for v in values]
        self.list = QListWidget()
        self.list.setObjectName("itemList")
        self.list.setMinimumWidth(200)
        self.list.setMaximumWidth(300)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        self.stack.addWidget(named_label("fieldHelp", context.t("admin.list.empty")))
        t = context.t
        self.add_button = QPushButton(t("admin.list.add"))
        self.remove_button = QPushButton(t("admin.list.remove"))
        self.up_button = QPushButton("▲")
        self.down_button = QPushButton("▼")
        self.up_button.setToolTip(t("admin.list.up"))
        self.down_button.setToolTip(t("admin.list.down"))
        self.add_button.clicked.connect(self.add_copy)
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        buttons: QHBoxLayout | QVBoxLayout = QHBoxLayout() if page else QVBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        if page:  # a full-height list beside the selected item's scrolling form
            buttons.addStretch()
            side = QVBoxLayout()
            side.addWidget(self.list, 1)
            side.addLayout(buttons)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            scroll.setWidget(self.stack)
            layout: QHBoxLayout | QVBoxLayout = QHBoxLayout(self)
            layout.addLayout(side)
            layout.addWidget(scroll, 1)
        else:  # inside a form: the list and its buttons above the selected item's form
            buttons.addStretch()
            top = QHBoxLayout()
            top.addWidget(self.list, 1)
            top.addLayout(buttons)
            self.list.setMaximumWidth(16777215)
            layout = QVBoxLayout(self)
            layout.addLayout(top)
            layout.addWidget(self.stack, 1)
        layout.setContentsMargins(0, 0, 0, 0)
        for entry in self.entries:
            self.list.addItem(caption(entry.document(), context.ui_language))
        self._fit_list()
        self.list.currentRowChanged.connect(self._show)
        if self.entries:
            self.list.setCurrentRow(0)
        self._enable()

    # -- reading ---------------------------------------------------------------------------
    def document(self) -> list[Any]:
        return [entry.document() for entry in self.entries]

    def current_row(self) -> int:
        return self.list.currentRow()

    def editor_at(self, row: int) -> QWidget:
        """The generated editor of item ``row`` (built when first needed)."""
        entry = self.entries[row]
        if entry.editor is None:
            entry.editor = _item_editor(
                self.item_type, entry.original, self.context, self.nesting + 1
            )
            entry.editor.changed.connect(lambda e=entry: self._edited(e))  # type: ignore[attr-defined]
            self.stack.addWidget(entry.editor)
        return entry.editor

    # -- editing ---------------------------------------------------------------------------
    def _show(self, row: int) -> None:
        if 0 <= row < len(self.entries):
            self.stack.setCurrentWidget(self.editor_at(row))
        else:
            self.stack.setCurrentIndex(0)
        self._enable()
        self.selected.emit(row)

    def _edited(self, entry: _Entry) -> None:
        row = self.entries.index(entry)
        self.list.item(row).setText(caption(entry.document(), self.context.ui_language))
        self.changed.emit()

    def _fit_list(self) -> None:
        """A list inside a form shows all its items (up to ten) without a scroll bar."""
        if self.page:
            return
        rows = min(max(len(self.entries), 2), 10)
        row_height = max(self.list.sizeHintForRow(0), self.list.fontMetrics().height() + 6)
        self.list.setFixedHeight(rows * row_height + 2 * self.list.frameWidth() + 6)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        self._fit_list()  # the style sheet (and so the row height) is known by now
        super().showEvent(event)

    def _enable(self) -> None:
        row = self.list.currentRow()
        has = 0 <= row < len(self.entries)
        self.add_button.setEnabled(has or self._blank() is not None)
        self.remove_button.setEnabled(has)
        self.up_button.setEnabled(has and row > 0)
        self.down_button.setEnabled(has and row < len(self.entries) - 1)

    def _blank(self) -> BaseModel | None:
        try:
            return self.item_type()  # type: ignore[no-any-return]
        except (TypeError, ValidationError):
            return None

    def add_copy(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.entries):
            document = copy.deepcopy(self.entries[row].document())
            fallback: BaseModel | None = self.entries[row].original
        else:
            fallback = self._blank()
            if fallback is None:
                return
            document = _dump(fallback)
        if isinstance(document, dict):
            self._make_unique(document)
        try:
            item = self.item_type.model_validate(document)  # type: ignore[attr-defined]
        except ValidationError:
            assert fallback is not None
            item = fallback  # the selected item is mid-edit and not valid yet: copy it as saved
        self.entries.insert(row + 1, _Entry(item))
        self.list.insertItem(row + 1, caption(_dump(item), self.context.ui_language))
        self.list.setCurrentRow(row + 1)
        self._fit_list()
        self.changed.emit()

    def _make_unique(self, document: dict[str, Any]) -> None:
        others = self.document()
        for key in ("id", "value", "code"):
            if isinstance(document.get(key), str):
                taken = {o.get(key) for o in others if isinstance(o, dict)}
                stem = document[key][:34].rstrip("_")
                number = 2
                while f"{stem}_{number}" in taken:
                    number += 1
                document[key] = f"{stem}_{number}"
        if isinstance(document.get("number"), int):
            document["number"] = max(o.get("number", 0) for o in others) + 1

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.entries):
            return
        entry = self.entries.pop(row)
        if entry.editor is not None:
            self.stack.removeWidget(entry.editor)
            entry.editor.deleteLater()
        self.list.takeItem(row)
        self.list.setCurrentRow(min(row, len(self.entries) - 1))
        self._fit_list()
        self._enable()
        self.changed.emit()

    def move_selected(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if not (0 <= row < len(self.entries) and 0 <= target < len(self.entries)):
            return
        self.entries.insert(target, self.entries.pop(row))
        self.list.insertItem(target, self.list.takeItem(row))
        self.list.setCurrentRow(target)
        self.changed.emit()


class SettingsForm(QWidget):
    """All settings of one model (a page of the admin screen), nested models as groups."""

    changed = Signal()

    def __init__(
        self,
        model: BaseModel,
        context: FormContext,
        parent: QWidget | None = None,
        *,
        only: list[str] | None = None,
        depth: int = 0,
    ) -> None:
        """``depth``: how deeply nested in other forms and lists; deep forms put each label
        above its editor, so the editors keep their width."""
        super().__init__(parent)
        self.model_type = type(model)
        self.context = context
        self.editors: dict[str, SettingEditor] = {}
        self.groups: dict[str, SettingsForm] = {}
        self.lists: dict[str, ListEditor] = {}
        rows = QWidget()
        form = QFormLayout(rows)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(
            QFormLayout.RowWrapPolicy.WrapAllRows
            if depth >= 2
            else QFormLayout.RowWrapPolicy.WrapLongRows
        )
        for name, info in self.model_type.model_fields.items():
            if only is not None and name not in only:
                continue
            value = getattr(model, name)
            item = list_item_type(info.annotation)
            if isinstance(value, BaseModel) and not isinstance(value, Text):
                group = QGroupBox(context.title(name, info))
                inner = SettingsForm(value, context, depth=depth + 1)
                inner.changed.connect(self.changed.emit)
                QVBoxLayout(group).addWidget(inner)
                form.addRow(group)
                self.groups[name] = inner
            elif isinstance(item, type) and _is_model(item):
                group = QGroupBox(context.title(name, info))
                items = ListEditor(item, list(value or []), context, depth=depth + 1)
                items.changed.connect(self.changed.emit)
                box = QVBoxLayout(group)
                description = context.description(name, info)
                if description:
                    box.addWidget(named_label("fieldHelp", description))
                box.addWidget(items)
                form.addRow(group)
                self.lists[name] = items
            else:
                editor = SettingEditor(name, info, value, context)
                editor.changed.connect(self.changed.emit)
                form.addRow(editor.title, editor)
                self.editors[name] = editor
        self._conditions: dict[str, tuple[dict[str, Any], list[QWidget], Any]] = {}
        for name, info in self.model_type.model_fields.items():
            condition = _extra(info).get("only_when")
            if not condition or (only is not None and name not in only):
                continue
            widgets: list[QWidget] = []
            if name in self.editors:  # the label and the editor of its row
                editor = self.editors[name]
                widgets = [w for w in (form.labelForField(editor), editor) if w is not None]
            elif name in self.lists:  # the group box around the list
                widgets = [w for w in (self.lists[name].parentWidget(),) if w is not None]
            default = _dump(info.get_default(call_default_factory=True))
            self._conditions[name] = (condition, widgets, default)
            for other in condition:
                if other in self.editors:
                    self.editors[other].changed.connect(self._apply_conditions)
        self._apply_conditions()
        companion = context.companions.get(self.model_type)
        self.companion = companion(self) if companion is not None else None
        beside = getattr(self.companion, "beside", False)  # a preview sits next to the form
        layout = QHBoxLayout(self) if beside else QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(rows, 1 if beside else 0)
        if self.companion is not None:
            layout.addWidget(
                self.companion, 0, Qt.AlignmentFlag.AlignTop if beside else Qt.AlignmentFlag(0)
            )
        if not beside:
            layout.addStretch(1)  # the settings at the top, not spread over the page

    def _met(self, condition: dict[str, Any]) -> bool:
        return all(
            other not in self.editors or self.editors[other].value() == value
            for other, value in condition.items()
        )

    def _apply_conditions(self) -> None:
        for condition, widgets, _default in self._conditions.values():
            for widget in widgets:
                widget.setVisible(self._met(condition))

    def document(self) -> dict[str, Any]:
        """The edited values as a plain document (validated by the caller, as a whole)."""
        data: dict[str, Any] = {}
        for name, editor in self.editors.items():
            data[name] = editor.value()
        for name, group in self.groups.items():
            data[name] = group.document()
        for name, items in self.lists.items():
            data[name] = items.document()
        for name, (condition, _widgets, default) in self._conditions.items():
            if not self._met(condition):
                data[name] = default  # a hidden setting keeps no stale value
        return data

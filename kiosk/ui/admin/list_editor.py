"""A list of settings objects (case types, questions, rules …) on the admin screen.

Captions on one side, the selected item's generated form beside or below them; add a copy,
remove, move up and down. Items are edited by a SettingsForm (or, for a list of visitor texts,
a SettingEditor) built the first time they are selected.

Signals:
    changed(): an item was edited, added, removed or moved.
    selected(int): another item was selected.
"""

from __future__ import annotations

import copy
from typing import Any, cast

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.settings.models import Text
from kiosk.ui.admin.form_context import FormContext, ItemForm, MakeForm
from kiosk.ui.admin.schema_fields import dump
from kiosk.ui.admin.setting_editor import SettingEditor
from kiosk.ui.widgets.labels import named_label


def item_editor(
    item_type: type,
    value: BaseModel,
    context: FormContext,
    depth: int,
    make_form: MakeForm | None,
) -> ItemForm:
    """The editor of one list item: a text's lines, or a generated form (``make_form``)."""
    if item_type is Text:
        return SettingEditor("text", FieldInfo.from_annotation(Text), value, context)
    if make_form is None:
        raise TypeError(f"a list of {item_type.__name__} needs a form to edit its items")
    return make_form(value, context, depth)  # type: ignore[no-any-return]


def caption(document: Any, language: str) -> str:
    """How an item shows in its list: its name or label in the administrator's language (its id
    only when it has no name yet), or the text itself."""

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
    return name or str(key)


class _Entry:
    def __init__(self, original: BaseModel) -> None:
        self.original = original
        self.editor: ItemForm | None = None

    def document(self) -> Any:
        if self.editor is None:
            return dump(self.original)
        return self.editor.document()


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
        make_form: MakeForm | None = None,
    ) -> None:
        """``page``: the list is a whole page: the item's form scrolls beside a full-height list;
        otherwise the list is as tall as its items and the page around it scrolls.
        ``make_form`` builds the form of one item (the settings form, given by its user)."""
        super().__init__(parent)
        self.make_form = make_form
        self.page = page
        self.nesting = depth
        self.item_type = item_type
        self.context = context
        self.entries = [_Entry(v) for v in values]
        self.list = QListWidget()
        self.list.setObjectName("itemList")
        self.list.setMinimumWidth(200)
        self.list.setMaximumWidth(300)
        # a long name wraps onto a second line rather than being cut off
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
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

    def editor_at(self, row: int) -> ItemForm:
        """The generated editor of item ``row`` (built when first needed)."""
        entry = self.entries[row]
        if entry.editor is None:
            entry.editor = item_editor(
                self.item_type, entry.original, self.context, self.nesting + 1, self.make_form
            )
            entry.editor.changed.connect(lambda e=entry: self._edited(e))
            self.stack.addWidget(cast(QWidget, entry.editor))
        return entry.editor

    # -- editing ---------------------------------------------------------------------------
    def _show(self, row: int) -> None:
        if 0 <= row < len(self.entries):
            self.stack.setCurrentWidget(cast(QWidget, self.editor_at(row)))
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
            document = dump(fallback)
        if isinstance(document, dict):
            self._make_unique(document)
        try:
            item = self.item_type.model_validate(document)  # type: ignore[attr-defined]
        except ValidationError:
            assert fallback is not None
            item = fallback  # the selected item is mid-edit and not valid yet: copy it as saved
        self.entries.insert(row + 1, _Entry(item))
        self.list.insertItem(row + 1, caption(dump(item), self.context.ui_language))
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
            widget = cast(QWidget, entry.editor)
            self.stack.removeWidget(widget)
            widget.deleteLater()
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

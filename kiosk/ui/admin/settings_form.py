"""Settings pages generated from the pydantic schema: one widget factory, no hand-built forms.

Every field of a settings model becomes a SettingEditor, every nested model a group with a form
of its own, every list of objects a ListEditor. Titles and descriptions come from the schema
(translated when ``admin.field.<name>`` or ``admin.help.<name>`` is in the catalogue), so
adding a field to a settings model adds it to the screen. The schema can say more through
``json_schema_extra``:

- ``{"requires_restart": True}``: a hint under the editor;
- ``{"options": "<source>"}``: pick from a list the screen supplies (queues, icons, printers …);
- ``{"only_when": {"<field>": <value>}}``: shown only while that field of the same model has that
  value; otherwise hidden and saved as its default (choices only for choice questions).

Models may get a companion widget (a live preview, a test button) through FormContext.

Signals:
    changed(): any editor in the form changed.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.settings.models import Text
from kiosk.ui.admin.form_context import FormContext
from kiosk.ui.admin.list_editor import ListEditor
from kiosk.ui.admin.schema_fields import dump, is_model, list_item_type, schema_extra
from kiosk.ui.admin.setting_editor import SettingEditor
from kiosk.ui.widgets.labels import named_label


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
            elif isinstance(item, type) and is_model(item):
                group = QGroupBox(context.title(name, info))
                items = ListEditor(
                    item, list(value or []), context, depth=depth + 1, make_form=make_settings_form
                )
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
            condition = schema_extra(info).get("only_when")
            if not condition or (only is not None and name not in only):
                continue
            widgets: list[QWidget] = []
            if name in self.editors:  # the label and the editor of its row
                editor = self.editors[name]
                widgets = [w for w in (form.labelForField(editor), editor) if w is not None]
            elif name in self.lists:  # the group box around the list
                widgets = [w for w in (self.lists[name].parentWidget(),) if w is not None]
            default = dump(info.get_default(call_default_factory=True))
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


def make_settings_form(model: BaseModel, context: FormContext, depth: int) -> SettingsForm:
    return SettingsForm(model, context, depth=depth)

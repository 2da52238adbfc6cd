"""What every generated settings editor needs besides its own value."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from PySide6.QtCore import SignalInstance
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QWidget

from kiosk.settings.translations import tr


class ItemForm(Protocol):
    """What a list editor needs of the editor of one item (a form, or a text's lines)."""

    @property
    def changed(self) -> SignalInstance: ...

    def document(self) -> Any: ...


#: builds the form of one list item: (its value, the context, how deeply it is nested)
MakeForm = Callable[[BaseModel, "FormContext", int], Any]


@dataclass
class FormContext:
    """What every generated editor needs besides its own value."""

    languages: list[str]  # the site's languages: one line each for a visitor-facing text
    ui_language: str = "en"  # the administrator's language
    #: values (and how to show them) for ``json_schema_extra={"options": source}``
    options: Callable[[str], dict[str, str]] = lambda _source: {}
    #: a widget shown with the form of a model type (a preview, a test print), given the form
    companions: dict[type, Callable[[Any], QWidget]] = field(default_factory=dict)
    #: a small picture for an option, e.g. the pictogram of a case-type icon
    picture: Callable[[str, str], QIcon | None] = lambda _source, _value: None
    #: how each language code is shown (its own name: 简体中文, English)
    language_names: dict[str, str] = field(default_factory=dict)

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

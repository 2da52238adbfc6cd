"""Reading a pydantic field's type for the generated settings screens (no Qt here).

``Optional[X]`` → X and "optional", ``Annotated[str, …]`` → str, ``list[X]`` → X, numeric
bounds from ``ge``/``gt``/``le``/``lt``, and the screen hints in ``json_schema_extra``.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo


def bounds(info: FieldInfo) -> tuple[float | None, float | None]:
    low = high = None
    for item in info.metadata:
        for name in ("ge", "gt"):
            if getattr(item, name, None) is not None:
                low = float(getattr(item, name))
        for name in ("le", "lt"):
            if getattr(item, name, None) is not None:
                high = float(getattr(item, name))
    return low, high


def strip_optional(annotation: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def base_type(annotation: Any) -> Any:
    """``Annotated[str, …]`` → ``str``."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def list_item_type(annotation: Any) -> Any | None:
    """The item type of ``list[X]`` (optional or not), else None."""
    annotation, _ = strip_optional(annotation)
    if typing.get_origin(annotation) is not list:
        return None
    return base_type(typing.get_args(annotation)[0])


def is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, BaseModel)


def schema_extra(info: FieldInfo) -> dict[str, Any]:
    return info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}


def dump(value: Any) -> Any:
    return value.model_dump(mode="json") if isinstance(value, BaseModel) else value

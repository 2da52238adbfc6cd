"""Small helpers for building screens."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def named_label(name: str, text: str = "") -> QLabel:
    """A label with an object name, so the screen's style sheet can address it."""
    label = QLabel(text)
    label.setObjectName(name)
    return label


def restyle(widget: QWidget, name: str) -> None:
    """Give ``widget`` another object name and apply the style sheet's rules for it now."""
    if widget.objectName() == name:
        return  # (polishing again costs the same as a new widget)
    widget.setObjectName(name)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def discard(widget: QWidget) -> None:
    """Take ``widget`` off the screen and out of its parent's children at once (a plain
    ``deleteLater`` leaves it findable, and tappable, until the next turn of the event loop)."""
    widget.hide()
    widget.setParent(None)
    widget.deleteLater()

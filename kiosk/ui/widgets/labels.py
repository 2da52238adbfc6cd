"""Small helpers for building screens."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def named_label(name: str, text: str = "") -> QLabel:
    """A label with an object name, so the screen's style sheet can address it."""
    label = QLabel(text)
    label.setObjectName(name)
    return label

"""What a visitor could not see: widgets outside the window, and pages that only fit by
scrolling (a thin scroll bar is easy to miss: the last rows of a page were never seen).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractScrollArea, QScrollArea, QWidget

#: a page may need this much more than its viewport before it counts as not fitting
TOLERANCE_PX = 4


def _in_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _name(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    label = text() if callable(text) else ""
    name = widget.accessibleName() or widget.objectName() or type(widget).__name__
    return f"{name} {label[:30]!r}" if label else name


def layout_problems(window: QWidget, *, typing: bool = False) -> list[str]:
    """Every visible widget outside ``window``'s area, every scroll area whose content is
    wider than it, and every one whose content is taller than what it shows (not while
    ``typing``: with the keyboard up a page scrolls to the question being answered, which the
    keyboard host keeps in view)."""
    area = window.rect()
    problems = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.width() <= 0 or widget.height() <= 0:
            continue
        inner = widget.widget() if isinstance(widget, QScrollArea) else None
        if isinstance(widget, QScrollArea) and inner is not None:
            if typing:
                continue
            wide = inner.width() - widget.viewport().width()
            if wide > TOLERANCE_PX:  # (no side-ways scrolling on a kiosk: simply cut off)
                problems.append(f"{_name(widget)}: {wide} px cut off at the right")
            hidden = widget.verticalScrollBar().maximum()
            if hidden > TOLERANCE_PX:
                shown = widget.viewport().height()
                problems.append(f"{_name(widget)}: {hidden} px below the {shown} px shown")
            continue
        if _in_scroll_area(widget):
            continue  # judged by its scroll area
        corner = widget.mapTo(window, QPoint(0, 0))
        if not area.contains(QRect(corner, widget.size()).adjusted(1, 1, -1, -1)):
            problems.append(f"{_name(widget)} lies outside the window at {corner.x()},{corner.y()}")
    return problems

"""Putting a new wizard page on screen in short steps, so the screen never stalls.

Building a page, styling it and laying it out takes 20-30 ms on a kiosk's processor; done in
one go, the event loop misses a frame and anything moving on screen (the camera preview, a
countdown, the keyboard's press feedback) stutters. The wizard builds the page; ``PageTurn``
then puts it into the stack (where the style sheet reaches it) on one turn of the event loop
and shows it on the next, each step well under a frame.

While a page is on its way, ``pending`` is true and the wizard ignores taps on the old page.
A newer page replaces one still on its way (a language switched twice, a wipe). ``turned``
is emitted with the page once it is the current one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QStackedWidget, QWidget


class PageTurn(QObject):
    turned = Signal(QWidget, bool)  # the page now shown, from_end

    def __init__(self, stack: QStackedWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stack = stack
        self._incoming: QWidget | None = None
        self._from_end = False

    @property
    def pending(self) -> bool:
        return self._incoming is not None

    def start(self, page: QWidget, from_end: bool = False, *, at_once: bool = False) -> None:
        """Show ``page`` over the next two turns of the event loop (``at_once``: now, for the
        first page of a window not yet on screen)."""
        self._drop_incoming()
        self._incoming, self._from_end = page, from_end
        if at_once:
            self._adopt(page, then=self._reveal)
        else:
            QTimer.singleShot(0, lambda: self._adopt(page))

    def _adopt(self, page: QWidget, then: Callable[[QWidget], None] | None = None) -> None:
        if page is not self._incoming:
            return  # replaced by a newer one meanwhile
        self.stack.addWidget(page)  # the style sheet reaches it here: the costly part
        if then is not None:
            then(page)
        else:
            QTimer.singleShot(0, lambda: self._reveal(page))

    def _reveal(self, page: QWidget) -> None:
        if page is not self._incoming:
            return
        self._incoming = None
        self.stack.setCurrentWidget(page)
        self.turned.emit(page, self._from_end)

    def _drop_incoming(self) -> None:
        page, self._incoming = self._incoming, None
        if page is not None:
            if self.stack.indexOf(page) >= 0:
                self.stack.removeWidget(page)
            page.deleteLater()

    def settle(self) -> None:
        """Finish a turn at once (shutting down)."""
        self._drop_incoming()

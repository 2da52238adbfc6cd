"""Where the wizard's pages live: the page shown, the kept pages and the pages left behind.

The pages every visit passes (welcome, review, ticket) are kept once built and refilled for
the next visit (see WizardPage). Any other page is built when its step is entered; a page left
for good leaves the stack at once and is deleted a moment later, on a turn of the event loop
of its own: deleting a page's widgets costs about as much as drawing the next page, and doing
both at once made page turns stutter.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QStackedWidget, QWidget

from kiosk.domain.intake import Step
from kiosk.ui.visitor.wizard_page import WizardPage

#: pages left for good are deleted this long after, not while the next page is drawn
RETIRED_PAGES_MS = 150


class PageStack(QStackedWidget):
    def __init__(
        self,
        build: Callable[[Step, int], WizardPage],
        refill: Callable[[WizardPage], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._build = build
        self._refill = refill
        self._kept: dict[Step, WizardPage] = {}
        self._retired: list[WizardPage] = []
        self._sweep = QTimer(self)
        self._sweep.setSingleShot(True)
        self._sweep.setInterval(RETIRED_PAGES_MS)
        self._sweep.timeout.connect(self._delete_retired)

    def page_for(self, step: Step, page_index: int) -> WizardPage:
        """The kept page of ``step`` refilled for the visit, or a page built anew (added to
        the stack, not shown yet)."""
        kept = self._kept.pop(step, None)
        if kept is not None:
            if self._refill(kept):
                self._kept[step] = kept
                return kept
            if kept is not self.currentWidget():
                self.retire(kept)  # (the page shown is retired by the turn itself)
        page = self._build(step, page_index)
        self.addWidget(page)
        if page.kept:
            self._kept[step] = page
        return page

    def retire(self, page: WizardPage) -> None:
        """``page`` was left: kept for the next visit, or gone for good."""
        if self._kept.get(page.step) is page:
            return
        self.removeWidget(page)
        page.hide()
        self._retired.append(page)
        self._sweep.start()

    def forget_visitor(self) -> None:
        """The visit was wiped: neither a kept page nor one waiting to be deleted holds
        anything of it any more."""
        for page in [*self._kept.values(), *self._retired]:
            page.blank()

    def _delete_retired(self) -> None:
        retired, self._retired = self._retired, []
        for page in retired:
            page.blank()  # (Qt deletes it on a later turn of the event loop: empty until then)
            page.deleteLater()

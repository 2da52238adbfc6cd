"""What every step of the visitor wizard has in common.

A page is a view of the draft: it is built from the draft (in the draft's language) each time
its step is entered, writes what the visitor entered back with ``collect()``, and says with
``accept()`` whether the visitor may move on. Switching language therefore rebuilds the page
without losing a single answer.

Signals:
    advance(): the visitor made a choice that moves on by itself (a tile, a consent button).
    next_requested(): as if Next were tapped (checked by ``accept()`` first), e.g. Enter on the
        last field of a page.
    part_changed(): a page too tall for the screen turned to another of its parts.

The pages a visit always passes (welcome, review, ticket) are ``kept``: built once, they stay
in the wizard and are ``refill``-ed with the next visit's draft (or another language), which
turns the page two to three times faster than building it again. ``blank()`` drops what a kept
page shows of a visitor as soon as the visit is wiped.

A page too tall for the screen (``splittable`` pages: forms, priority and help, the review) is
shown in parts that each fit, turned by Next and Back: a thin scroll bar is easy to miss, and
the last rows of a long page were never seen. The parts are measured for the room the page has
without the keyboard, so opening the keyboard does not move questions between parts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QLineEdit, QPlainTextEdit, QScrollArea, QVBoxLayout, QWidget

from kiosk.domain.clock import service_day
from kiosk.domain.intake import IntakeDraft, Step
from kiosk.settings import SiteConfig
from kiosk.settings.translations import tr
from kiosk.ui.widgets.labels import named_label


@dataclass
class PageContext:
    site: SiteConfig
    draft: IntakeDraft
    now: Callable[[], datetime]

    def today(self) -> date:
        """The service day now, in the centre's time zone."""
        return service_day(self.now(), self.site.timezone)


def split_into_parts(heights: list[int], room: int, spacing: int) -> list[list[int]]:
    """Indexes of blocks of these heights, in order, grouped so each group fits in ``room``
    (a block taller than the room gets a part of its own)."""
    parts: list[list[int]] = [[]]
    used = 0
    for index, height in enumerate(heights):
        need = height + (spacing if parts[-1] else 0)
        if parts[-1] and used + need > room:
            parts.append([])
            need = height
            used = 0
        parts[-1].append(index)
        used += need
    return parts if parts[0] else []


def _block_height(block: QWidget, width: int) -> int:
    block.ensurePolished()  # (a block not shown yet has its style's fonts only once polished)
    height = block.heightForWidth(width) if block.hasHeightForWidth() else -1
    return max(height, block.sizeHint().height(), block.minimumSizeHint().height())


class WizardPage(QWidget):
    advance = Signal()
    next_requested = Signal()
    part_changed = Signal()
    step: Step = Step.WELCOME
    #: shown in parts when too tall for the screen (see the module's notes)
    splittable = False
    #: kept and refilled rather than built anew (see the module's notes)
    kept = False

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("page")
        # A tap on the page beside the fields takes the focus: the keyboard goes away.
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.title = named_label("screenTitle", self.title_text())
        self.title.setWordWrap(True)
        self.body = QWidget()
        self.body.setObjectName("pageBody")
        self.body.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.content = QVBoxLayout(self.body)
        self.content.setContentsMargins(48, 8, 48, 16)
        self.content.setSpacing(18)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.body)
        self.scroller = scroll
        outer = self._outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        # The title stays put above the part that scrolls: with the keyboard up, the visitor
        # still sees which page this is.
        heading = QVBoxLayout()
        heading.setContentsMargins(48, 16, 48, 0)
        heading.addWidget(self.title)
        outer.addLayout(heading)
        outer.addWidget(scroll, 1)
        self.part_note = named_label("partNote")
        self.part_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.part_note.hide()
        outer.addWidget(self.part_note)
        #: the height this page has without the keyboard (set by the wizard)
        self.room: Callable[[], int] | None = None
        self._blocks: list[QWidget] | None = None
        self._parts: list[list[QWidget]] = []
        self._part = 0
        self._fitted_for = (0, 0)
        self._fit_later = QTimer(self)
        self._fit_later.setSingleShot(True)
        self._fit_later.timeout.connect(self.fit)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt override)
        """A page scrolls: its wrapped title must not make the window's layout reserve the
        height of its whole text (which pushed the keyboard under the Back/Next row)."""
        return False

    # -- to override -----------------------------------------------------------------------
    def title_text(self) -> str:
        return ""

    def stage_detail(self) -> str:
        """A short addition to the current stage's name (the form's "1/2"), or ""."""
        return ""

    def next_text(self) -> str | None:
        """The label of the Next button, or None when this page moves on by its own buttons."""
        return tr(self.language, "wizard.next")

    def collect(self) -> None:
        """Write what the visitor entered into the draft (also when it is not valid yet)."""

    def accept(self) -> bool:
        """Check and keep the visitor's input; True when the wizard may move on."""
        self.collect()
        return True

    def refill(self, context: PageContext) -> bool:
        """Show ``context`` in this kept page; False when it cannot (it is then built anew).
        A subclass that can refills its texts and calls ``_refilled``."""
        return False

    def blank(self) -> None:
        """Forget the visitor now, not when Qt gets round to deleting the page: every field
        is emptied (a kept page also empties the texts that came from the draft)."""
        for line in self.findChildren(QLineEdit):
            line.clear()
        for text in self.findChildren(QPlainTextEdit):
            text.clear()

    def _refilled(self, context: PageContext) -> None:
        self.context = context
        self.title.setText(self.title_text())
        self._part = 0
        self._fitted_for = (0, 0)

    def shown(self) -> None:
        """The page became visible (start a camera, focus a field …)."""

    def leaving(self) -> None:
        """The page is about to be replaced (stop what ``shown`` started)."""

    # -- helpers ---------------------------------------------------------------------------
    @property
    def language(self) -> str:
        return self.context.draft.language

    @property
    def site(self) -> SiteConfig:
        return self.context.site

    def t(self, key: str, **params: object) -> str:
        return tr(self.language, key, **params)

    def ensure_visible(self, widget: QWidget) -> None:
        for index, part in enumerate(self._parts):
            if any(b is widget or b.isAncestorOf(widget) for b in part) and index != self._part:
                self._show_part(index)
        self.scroller.ensureWidgetVisible(widget, 40, 40)

    # -- parts -----------------------------------------------------------------------------
    def accept_part(self, blocks: list[QWidget]) -> bool:
        """May the visitor turn from the part made of ``blocks`` to the next? (forms check
        the questions on it)"""
        return True

    def turn_forward(self) -> bool:
        """Next, within this page: True when it was used here (turned, or refused)."""
        if self._part + 1 >= len(self._parts):
            return False
        if self.accept_part(self._parts[self._part]):
            self._show_part(self._part + 1)
        return True

    def turn_back(self) -> bool:
        """Back, within this page: True when it turned to the part before."""
        if self._part == 0:
            return False
        self._show_part(self._part - 1)
        return True

    @property
    def part(self) -> int:
        """The part shown now (0 when the page is shown whole)."""
        return self._part

    def on_last_part(self) -> bool:
        return self._part + 1 >= len(self._parts)

    def show_last_part(self) -> None:
        if self._parts:
            self._show_part(len(self._parts) - 1)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if self.splittable:
            self._fit_later.start(0)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if self.splittable and event.type() == QEvent.Type.StyleChange:
            self._fitted_for = (0, 0)  # larger text: measured again
            self._fit_later.start(0)

    def fit_in(self, pages: QWidget, keyboard: QWidget, from_end: bool = False) -> None:
        """Measure the parts for the room in ``pages`` (and the docked ``keyboard`` when it
        is up: the room without it); show the last part when coming back (``from_end``)."""
        self.room = lambda: pages.height() + (keyboard.height() if keyboard.isVisible() else 0)
        self.resize(pages.size())
        self._outer.activate()
        self.fit(force=True)
        if from_end:
            self.show_last_part()

    def fit(self, force: bool = False) -> None:
        """Group the page's blocks into parts that fit the room it has (again after a change
        of text size: ``force``)."""
        if not self.splittable or self.room is None:
            return
        room, width = self.room(), self.scroller.width()
        if not force and (room, width) == self._fitted_for:
            return
        self._fitted_for = (room, width)
        if self._blocks is None:
            count = self.content.count()
            items = [self.content.itemAt(i) for i in range(count)]
            widgets = [item.widget() for item in items if item is not None]
            self._blocks = [w for w in widgets if w is not None and not w.isHidden()]
        margins = self.content.contentsMargins()
        inner = width - margins.left() - margins.right()
        heights = [_block_height(block, inner) for block in self._blocks]
        space = room - self.scroller.y() - margins.top() - margins.bottom()
        groups = split_into_parts(heights, space, self.content.spacing())
        if len(groups) > 1:  # the note saying there is more takes room too
            self.part_note.setText(self.t("wizard.part", part=1, parts=2))
            note = _block_height(self.part_note, width)
            groups = split_into_parts(heights, space - note, self.content.spacing())
        focus = self.focusWidget()
        self._parts = [[self._blocks[i] for i in group] for group in groups]
        holding = [i for i, p in enumerate(self._parts) if any(b.isAncestorOf(focus) for b in p)]
        self._show_part(holding[0] if holding else min(self._part, max(len(self._parts) - 1, 0)))

    def _show_part(self, index: int) -> None:
        self._part = index
        for number, part in enumerate(self._parts):
            for block in part:
                block.setVisible(number == index)
        many = len(self._parts) > 1
        self.part_note.setVisible(many)
        if many:
            key = "wizard.part" if index + 1 < len(self._parts) else "wizard.part_last"
            self.part_note.setText(self.t(key, part=index + 1, parts=len(self._parts)))
        self.scroller.verticalScrollBar().setValue(0)
        self.part_changed.emit()

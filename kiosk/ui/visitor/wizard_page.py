"""What every step of the visitor wizard has in common.

A page is a view of the draft: it is built from the draft (in the draft's language) each time
its step is entered, writes what the visitor entered back with ``collect()``, and says with
``accept()`` whether the visitor may move on. Switching language therefore rebuilds the page
without losing a single answer.

Signals:
    advance(): the visitor made a choice that moves on by itself (a tile, a consent button).
    next_requested(): as if Next were tapped (checked by ``accept()`` first), e.g. Enter on the
        last field of a page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from kiosk.domain.intake import IntakeDraft, Step
from kiosk.settings import SiteConfig
from kiosk.settings.translations import tr
from kiosk.ui.widgets.labels import named_label


@dataclass
class PageContext:
    site: SiteConfig
    draft: IntakeDraft
    now: Callable[[], datetime]
    today: Callable[[], date]


class WizardPage(QWidget):
    advance = Signal()
    next_requested = Signal()
    step: Step = Step.WELCOME

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("page")
        self.title = named_label("screenTitle", self.title_text())
        self.title.setWordWrap(True)
        self.body = QWidget()
        self.body.setObjectName("pageBody")
        self.content = QVBoxLayout(self.body)
        self.content.setContentsMargins(48, 16, 48, 16)
        self.content.setSpacing(18)
        self.content.addWidget(self.title)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.body)
        self.scroller = scroll
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    # -- to override -----------------------------------------------------------------------
    def title_text(self) -> str:
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
        self.scroller.ensureWidgetVisible(widget, 40, 40)

"""Help for the visitor on every screen: calling a member of staff, reading the page aloud,
and (from the welcome screen) looking up a ticket they already have.

Call staff sends a help request (this kiosk, the step, the language and any dialect asked
for; nothing personal) to every console and shows a banner: "a member of staff has been
called", then "… is on the way" once a clerk claims it; the visitor can cancel, and a visit
that ends cancels it. Read aloud speaks each page's title and instructions, exactly as shown,
in the visitor's language, and stops as soon as the page changes.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from kiosk.services.help_requests import HelpRequests
from kiosk.services.live_updates import ChangeEvent
from kiosk.services.machine import machine_name
from kiosk.settings.translations import tr
from kiosk.ui.failures import failure_text
from kiosk.ui.jobs import JobRunner
from kiosk.ui.visitor.lookup_panel import PAUSE_SECONDS, WRONG_BEFORE_PAUSE, LookupPanel
from kiosk.ui.visitor.wizard_page import WizardPage
from kiosk.ui.widgets.labels import named_label

log = logging.getLogger(__name__)

#: labels whose words are read aloud, in the order they appear on the page
SPOKEN = ("screenTitle", "subtitle", "rule", "fieldLabel", "fieldHelp", "statusText", "spoken")


class Speaker(Protocol):
    def say(self, text: str, language: str, done: Callable[[bool], None]) -> None: ...

    def stop(self) -> None: ...


def page_words(page: QWidget) -> str:
    """The page's title and instructions as they are on screen, in reading order."""
    labels = [
        label
        for label in page.findChildren(QLabel)
        if label.objectName() in SPOKEN and label.isVisibleTo(page) and label.text().strip()
    ]
    labels.sort(key=lambda label: (label.mapTo(page, label.rect().topLeft()).y(), label.x()))
    return "\n".join(label.text().strip() for label in labels)


class VoiceGuide(QObject):
    """Speaks the page when asked to; one sentence at a time, stopped at once on a new page."""

    def __init__(
        self, parent: QObject, make_speaker: Callable[[], Speaker | None] | None = None
    ) -> None:
        super().__init__(parent)
        #: how the speaker is made, on first use (the display's text-to-speech path)
        self.make_speaker = make_speaker or _qt_speaker
        self._speaker: Speaker | None = None
        self._tried = False
        self.on = False
        self.spoken: list[tuple[str, str]] = []  # (language, words): what was said
        self.finished: list[bool] = []  # each sentence: spoken to the end, or not

    def set_on(self, on: bool) -> None:
        self.on = on
        if not on:
            self.stop()

    def speaker(self) -> Speaker | None:
        if not self._tried:
            self._tried = True
            self._speaker = self.make_speaker()
            if self._speaker is None:
                log.warning("read aloud: no speech engine works on this kiosk")
        return self._speaker

    def read(self, page: QWidget, language: str) -> None:
        self.stop()
        if not self.on:
            return
        words = page_words(page)
        speaker = self.speaker()
        if not words or speaker is None:
            return
        self.spoken.append((language, words))
        speaker.say(words, language, self.finished.append)

    def stop(self) -> None:
        if self._speaker is not None:
            self._speaker.stop()


def _qt_speaker() -> Speaker | None:
    from kiosk.ui.display.qt_audio import make_speaker

    return make_speaker()


class HelpBanner(QFrame):
    """The strip under the header while help is on its way, with the Cancel button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpBanner")
        self.text = named_label("helpText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.cancel = QPushButton()
        self.cancel.setAccessibleName("help:cancel")
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 8, 24, 8)
        row.addWidget(self.text, 1)
        row.addWidget(self.cancel)
        self.hide()


class VisitorAids(QObject):
    """Made by the IntakeWizard (``wizard``; not imported here, which would be a cycle)."""

    def __init__(self, wizard: Any, speaker: Callable[[], Speaker | None] | None = None) -> None:
        super().__init__(wizard)
        self.wizard = wizard
        site = wizard.kiosk.site
        self.help = HelpRequests(site.db, site.clock)
        self.jobs = JobRunner(self, "visitor-aids")
        self.voice = VoiceGuide(self, speaker)
        self.banner = HelpBanner()
        self.banner.cancel.clicked.connect(self.cancel_help)
        self.request_id: int | None = None
        self.coming = False
        self.lookup: LookupPanel | None = None
        self._wrong_lookups = 0
        self._read_part = 0
        self._lookup_paused_until = 0.0
        chrome = wizard.chrome
        chrome.call_staff.connect(self.call_staff)
        chrome.read_aloud_toggled.connect(self._on_read_aloud_toggled)
        wizard.step_changed.connect(self._on_step_changed)
        wizard.wiped.connect(self._on_wiped)

    @property
    def language(self) -> str:
        return str(self.wizard.draft.language)

    # -- calling staff ---------------------------------------------------------------------------
    def call_staff(self) -> None:
        if self.request_id is not None:  # already called: say so again, no second request
            self._show_banner()
            return
        draft, step = self.wizard.draft, self.wizard.position[0].value
        help_requests, kiosk = self.help, machine_name()

        def asked(request_id: int) -> None:
            self.request_id, self.coming = request_id, False
            self._show_banner()

        self.banner.text.setText(tr(self.language, "help.calling"))
        self.banner.cancel.hide()
        self.banner.show()
        self.jobs.run(
            lambda: help_requests.ask(
                kiosk=kiosk, step=step, language=draft.language, dialect=draft.help_language
            ),
            asked,
            self._on_failed,
        )

    def cancel_help(self) -> None:
        request_id, self.request_id = self.request_id, None
        self.banner.hide()
        if request_id is not None:
            help_requests = self.help
            self.jobs.run(
                lambda: help_requests.cancel(request_id), lambda _done: None, self._on_failed
            )

    def on_changes(self, events: list[ChangeEvent]) -> None:
        """The feed: a clerk claimed (or closed) this kiosk's request."""
        mine = self.request_id
        for event in events:
            if event.entity != "help" or mine is None or event.entity_id != str(mine):
                continue
            status = event.details.get("status")
            if status == "claimed":
                self.coming = True
                self._show_banner()
            elif status in ("done", "cancelled"):
                self.request_id = None
                self.banner.hide()

    def _show_banner(self) -> None:
        key = "help.coming" if self.coming else "help.called"
        self.banner.text.setText(tr(self.language, key))
        self.banner.cancel.setText(tr(self.language, "help.cancel"))
        self.banner.cancel.show()
        self.banner.show()

    def _on_failed(self, error: BaseException) -> None:
        self.banner.text.setText(failure_text(error, self.language, "calling staff"))
        self.banner.cancel.setText(tr(self.language, "help.close"))
        self.banner.cancel.show()
        self.banner.show()

    # -- "I already have a ticket" ----------------------------------------------------------------
    def open_lookup(self) -> None:
        """The look-up in place of the welcome page (the keyboard and footer stay usable)."""
        self.close_lookup()
        page = self.wizard.page
        if page is not None:  # the header shows the language the look-up is in
            self.wizard.chrome.show_page(page, self.language, busy=False)
        panel = LookupPanel(self.wizard)
        panel.closed.connect(self.close_lookup)
        self.wizard.pages.addWidget(panel)
        self.wizard.pages.setCurrentWidget(panel)
        panel.setFocus()  # no field chosen yet: the keyboard stays away until one is tapped
        self.lookup = panel
        self.voice.read(panel, self.language)

    def close_lookup(self) -> None:
        panel, self.lookup = self.lookup, None
        if panel is None:
            return
        panel.shutdown()
        pages = self.wizard.pages
        pages.removeWidget(panel)
        panel.deleteLater()
        if self.wizard.page is not None:
            pages.setCurrentWidget(self.wizard.page)

    def lookup_paused(self) -> bool:
        return time.monotonic() < self._lookup_paused_until

    def lookup_answered(self, found: bool) -> None:
        """Count wrong number-and-digits answers in a row; too many pause the look-up."""
        self._wrong_lookups = 0 if found else self._wrong_lookups + 1
        if self._wrong_lookups >= WRONG_BEFORE_PAUSE:
            self._wrong_lookups = 0
            self._lookup_paused_until = time.monotonic() + PAUSE_SECONDS
            log.warning("ticket look-up by number paused on this kiosk after wrong answers")

    # -- the visit's course ------------------------------------------------------------------------
    def _on_step_changed(self, _step: str) -> None:
        self.close_lookup()
        if self.banner.isVisible() and self.request_id is not None:
            self._show_banner()  # in the language now chosen
        page = self.wizard.page
        if page is not None:
            self._read_part = page.part
            page.part_changed.connect(lambda p=page: self._on_part_changed(p))
            self.voice.read(page, self.language)

    def _on_part_changed(self, page: WizardPage) -> None:
        """Next or Back within a page shown in parts: the part now shown is read."""
        if page is self.wizard.page and page.part != self._read_part:
            self._read_part = page.part
            self.voice.read(page, self.language)

    def _on_read_aloud_toggled(self, on: bool) -> None:
        self.voice.set_on(on)
        page = self.wizard.page
        if on and page is not None:
            self.voice.read(page, self.language)

    def _on_wiped(self) -> None:
        self.voice.set_on(False)
        self.cancel_help()  # the visitor has gone: nobody needs to come

    def shutdown(self) -> None:
        self.close_lookup()
        self.voice.stop()
        self.jobs.shutdown()

"""The visitor's intake wizard: welcome to ticket, with keyboards, idle wipe and submission.

The wizard owns the visitor's draft (in memory only) and shows one page at a time, a view of
the draft (see PageStack); a visit keeps the settings version it started with. Database work
runs on the ticket desk's worker thread; a double tap cannot issue two tickets. An idle visit
is asked "still there?", then wiped, leaving only an anonymous count behind.

Signals:
    step_changed(str): the page shown now (a Step value).
    ticket_issued(object): the Submission of a new ticket.
    wiped(): the visitor's data was dropped and the welcome screen is back.
    admin_requested(): the hidden corner gesture (see CornerGesture).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.domain.clock import Clock, system_clock
from kiosk.domain.intake import (
    IntakeDraft,
    LivenessSummary,
    Position,
    Step,
    first_problem,
    next_position,
)
from kiosk.services.intake_service import IntakeIncomplete, Submission
from kiosk.services.visitor_kiosk import VisitorKiosk
from kiosk.settings import SiteConfig
from kiosk.settings.translations import tr
from kiosk.ui.gui_garbage import collect_on_gui_thread
from kiosk.ui.visitor.corner_gesture import CornerGesture
from kiosk.ui.visitor.form_page import FormPage, form_pages
from kiosk.ui.visitor.idle_watch import IdleWatch
from kiosk.ui.visitor.keyboard_host import KeyboardHost
from kiosk.ui.visitor.page_factory import (
    build_page,
    face_check_step,
    missing_face_check,
    refill_page,
    visit_sequence,
)
from kiosk.ui.visitor.page_stack import PageStack
from kiosk.ui.visitor.review_page import ReviewPage
from kiosk.ui.visitor.theme import FONT_FAMILIES, stylesheet
from kiosk.ui.visitor.ticket_desk import TicketDesk
from kiosk.ui.visitor.ticket_page import TicketPage
from kiosk.ui.visitor.visitor_aids import VisitorAids
from kiosk.ui.visitor.wizard_chrome import WizardChrome
from kiosk.ui.visitor.wizard_page import PageContext, WizardPage

if TYPE_CHECKING:
    from kiosk.services.print_results import PrintResult

log = logging.getLogger(__name__)


class IntakeWizard(QWidget):
    step_changed = Signal(str)
    ticket_issued = Signal(object)
    wiped = Signal()
    admin_requested = Signal()

    def __init__(
        self,
        kiosk: VisitorKiosk,
        *,
        clock: Clock = system_clock,
        idle_ms: int | None = None,
        countdown_s: int | None = None,
        portrait: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("wizard")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setFont(QFont(FONT_FAMILIES, 14))  # sizes come from the style sheet
        self.kiosk = kiosk
        active = kiosk.site.in_force.snapshot()
        #: the settings of this visit (a newer version waits for the next welcome screen)
        self.site: SiteConfig = active.site
        self.settings_version = active.version_id
        self.clock = clock
        self.portrait = portrait
        self._idle_ms = idle_ms
        self._countdown_s = countdown_s
        self.draft = IntakeDraft(self.site.default_language)
        self.outcome: Any = None  # the LivenessOutcome, in memory until it is stored
        self.submission: Submission | None = None
        self._print_result: PrintResult | None = None
        self.position: Position = (Step.WELCOME, 0)
        self.page: WizardPage | None = None
        self._return_to_review = False
        self._submitting = False
        self._shut_down = False
        self._preload_scheduled = False
        collect_on_gui_thread()  # jobs run on a worker thread: see gui_garbage

        self.desk = TicketDesk(kiosk, self)
        self.desk.liveness_stored.connect(self._on_desk_liveness_stored)
        self.desk.issued.connect(self._on_desk_issued)
        self.desk.refused.connect(self._on_desk_refused)
        self.desk.failed.connect(self._on_desk_failed)
        self.desk.printed.connect(self._on_desk_printed)
        self.desk.callback_answered.connect(self._on_desk_callback_answered)
        self.input = KeyboardHost(
            self, portrait=portrait, draft=lambda: self.draft, page=lambda: self.page
        )
        self.gesture = CornerGesture(self, enabled=lambda: self.position[0] is Step.WELCOME)
        self.gesture.triggered.connect(self.admin_requested)

        self.chrome = WizardChrome(self)
        self.chrome.set_languages(self.site)
        self.chrome.language_chosen.connect(self.set_language)
        self.chrome.large_text_toggled.connect(self._on_chrome_large_text_toggled)
        self.chrome.high_contrast_toggled.connect(self._on_chrome_high_contrast_toggled)
        self.chrome.back.connect(self.go_back)
        self.chrome.start_over.connect(lambda: self.wipe(abandoned=self.submission is None))
        self.chrome.next.connect(self.go_next)
        self.pages = PageStack(self._build, self._refill)

        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.aids = VisitorAids(self)  # Call staff and Read aloud, on every page
        layout.addWidget(self.chrome.header)
        layout.addWidget(self.aids.banner)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.input.stack)
        layout.addWidget(self.chrome.footer)

        self.idle = IdleWatch(self, self._restart_idle, self.gesture.press)
        self.idle.idle.connect(self._on_idle_idle)
        self.idle.expired.connect(lambda: self.wipe(abandoned=self.submission is None))

        self._apply_style()
        self._show(Step.WELCOME, 0)

    # -- the flow ----------------------------------------------------------------------------
    def sequence(self) -> list[Position]:
        return visit_sequence(self.site, self.draft, self.kiosk.face_check)

    def go_next(self) -> None:
        page = self.page
        if page is None or page.turn_forward():
            return
        if page.step is Step.REVIEW:
            self.submit()
            return
        if page.step is Step.TICKET:
            self.finish()
            return
        if not page.accept():
            return
        self._advance()

    def _advance(self) -> None:
        self._note_missing_face_check()
        sequence = self.sequence()
        if self._return_to_review and self._ready_for_review():
            self._show(Step.REVIEW, 0)
            return
        following = next_position(sequence, self.position)
        if following is not None:
            self._show(*following)

    def _note_missing_face_check(self) -> None:
        """Consent given, but no face check here: the counter checks the ID, the case says why."""
        reason = missing_face_check(self.site, self.draft, self.kiosk.face_check)
        if reason is not None:
            self.draft.liveness = LivenessSummary(False, reason)

    def _ready_for_review(self) -> bool:
        if self.kiosk.intake.problems(self.draft, self.site):
            return False
        camera = face_check_step(self.site, self.draft, self.kiosk.face_check)
        return not (camera and self.draft.liveness is None)

    def go_back(self) -> None:
        if self.page is not None:
            if self.page.turn_back():
                return
            self.page.collect()
        sequence = self.sequence()
        try:
            index = sequence.index(self.position)
        except ValueError:
            index = 1
        if index > 0:
            self._show(*sequence[index - 1], from_end=True)

    def go_to(self, step: Step, page_index: int = 0) -> None:
        """Jump to a step (used by the review page's Edit buttons)."""
        if self.page is not None:
            self.page.collect()
        self._return_to_review = True
        self._show(step, page_index)

    def _show(self, step: Step, page_index: int, from_end: bool = False) -> None:
        old = self.page
        if old is not None:
            old.leaving()
        if step is Step.WELCOME:
            self._take_new_settings()
        self.position = (step, page_index)
        page = self.page = self.pages.page_for(step, page_index)
        # The header and footer first: they decide the room the page is measured for.
        self._update_chrome()
        self._layout.activate()
        self.pages.setCurrentWidget(page)
        page.fit_in(self.pages, self.input.stack, from_end)
        if old is not None and old is not page:
            self.pages.retire(old)
        self._on_desk_printed(None)  # (on a ticket page: how printing went, or screen only)
        page.shown()
        self._restart_idle()
        self.step_changed.emit(step.value)

    def _refill(self, page: WizardPage) -> bool:
        context = PageContext(self.site, self.draft, self.clock)
        return refill_page(page, context, self.submission, self.kiosk.intake.callback_windows)

    def _build(self, step: Step, page_index: int) -> WizardPage:
        consent = self.draft.consent is not None and self.draft.consent.granted
        page = build_page(
            step,
            page_index,
            PageContext(self.site, self.draft, self.clock),
            face_check=self.kiosk.face_check,
            consent=consent,
            portrait=self.portrait,
            submission=self.submission,
            callback_windows=self.kiosk.intake.callback_windows,
        )
        if isinstance(page, ReviewPage):
            page.edit_requested.connect(lambda step, index: self.go_to(Step(step), index))
        elif isinstance(page, TicketPage):
            page.callback_requested.connect(self._on_ticket_callback_requested)
        elif step is Step.LIVENESS:
            page.finished.connect(self._on_liveness_finished)  # type: ignore[attr-defined]
        elif step is Step.WELCOME:
            page.lookup_requested.connect(lambda _c: self.aids.open_lookup())  # type: ignore[attr-defined]
        page.advance.connect(self._advance)
        page.next_requested.connect(self.go_next)
        page.part_changed.connect(self._update_chrome)
        return page

    # -- settings between visitors -------------------------------------------------------------
    def _take_new_settings(self) -> None:
        """On the welcome screen only: the version in force now becomes this kiosk's."""
        active = self.kiosk.site.in_force.snapshot()
        if active.version_id == self.settings_version:
            return
        self.site, self.settings_version = active.site, active.version_id
        log.info("visitor kiosk: settings version %s from the next visitor on", active.version_id)
        if self.draft.language not in {lang.code for lang in self.site.languages}:
            self.draft.language = self.site.default_language
        self.chrome.set_languages(self.site)

    def settings_changed(self) -> None:
        """A new version may be in force; shown now if nobody is in the middle of a visit."""
        newer = self.kiosk.site.settings_version != self.settings_version
        if newer and self.position[0] is Step.WELCOME:
            self._show(Step.WELCOME, 0)

    # -- chrome: progress, buttons, language, style ------------------------------------------
    def _update_chrome(self) -> None:
        page = self.page
        assert page is not None
        self.chrome.show_page(page, self.draft.language, busy=self._submitting)
        self.input.set_language(self.draft.language)

    def set_language(self, code: str) -> None:
        """Switch language on any page; the page is rebuilt from the draft, answers kept."""
        if self.page is not None:
            self.page.collect()
        self.draft.language = code
        if self.position[0] is Step.LIVENESS and getattr(self.page, "running", False):
            self._update_chrome()  # keep the running camera; only the frame around it changes
            return
        self._show(*self.position)

    def _on_chrome_large_text_toggled(self, on: bool) -> None:
        self.draft.large_text = on
        self._apply_style()

    def _on_chrome_high_contrast_toggled(self, on: bool) -> None:
        self.draft.high_contrast = on
        self._apply_style()
        if self.position[0] is Step.CASE_TYPE:
            self._show(*self.position)  # the pictograms take the new colours

    def _apply_style(self) -> None:
        style = stylesheet(large_text=self.draft.large_text, high_contrast=self.draft.high_contrast)
        if style != self.styleSheet():  # polishing the whole window again takes 20 ms
            self.setStyleSheet(style)
        if self.page is not None:
            self._update_chrome()  # the header's rows and the page's parts follow the size

    # -- page events -------------------------------------------------------------------------
    def _on_liveness_finished(self, outcome: Any) -> None:
        if outcome is not None:
            self.outcome = outcome
            self.desk.keep_liveness(self.draft.submission_id, outcome)
        self._update_chrome()
        self._restart_idle()

    def _on_desk_liveness_stored(self, visit: str, summary: LivenessSummary) -> None:
        if visit != self.draft.submission_id or self.submission is not None:
            return  # a visit that has ended meanwhile (its wipe deletes an unused check)
        self.draft.liveness = summary
        self.outcome = None  # in the vault now; drop the copy in memory

    # -- submitting and printing ---------------------------------------------------------------
    def submit(self) -> None:
        """Issue the ticket (once, however often the button is tapped)."""
        if self._submitting or self.submission is not None:
            return
        page = self.page
        assert isinstance(page, ReviewPage)
        self._submitting = True
        self.chrome.next_button.setEnabled(False)
        page.show_problem("")
        page.message.setText(tr(self.draft.language, "wizard.review.issuing"))
        self.desk.submit(self.draft, self.outcome, self.site, self.settings_version)

    def _on_desk_issued(self, submission: Submission) -> None:
        if not self._submitting:
            return  # the visit was wiped meanwhile
        self._submitting = False
        self.submission = submission
        self._print_result = None
        self.outcome = None
        self._return_to_review = False
        self._show(Step.TICKET, 0)
        self.ticket_issued.emit(submission)
        self.desk.print_ticket(submission, self.draft.language)

    def _on_desk_refused(self, error: IntakeIncomplete) -> None:
        self._submitting = False
        pages: list[list[str]] = []
        if self.draft.case_type is not None:
            form = self.site.case_type(self.draft.case_type).form
            pages = [[f.id for f in p] for p in form_pages(form.fields, form.fields_per_page)]
        where = first_problem(error.problems, pages)
        if where is not None:
            self.go_to(*where)
            if isinstance(self.page, FormPage):
                self.page.accept()  # shows the messages

    def _on_desk_failed(self, text: str) -> None:
        self._submitting = False
        if isinstance(self.page, ReviewPage):
            self.page.show_problem(text)
        self.chrome.next_button.setEnabled(True)

    def _on_desk_printed(self, result: PrintResult | None) -> None:
        """How printing went, on the ticket page (again, after a language switch)."""
        if result is not None:
            self._print_result = result
        page = self.page
        if not isinstance(page, TicketPage):
            return
        if self._print_result is not None:
            page.show_print_result(self._print_result)
        elif self.kiosk.printing is None:
            page.set_print_status(tr(self.draft.language, "wizard.ticket.on_screen"))

    def _on_ticket_callback_requested(self, phone: str, window_id: str) -> None:
        submission = self.submission
        assert submission is not None
        self.desk.request_callback(submission.case_id, phone, window_id, self.draft.language)

    def _on_desk_callback_answered(self, ok: bool, text: str) -> None:
        if isinstance(self.page, TicketPage):
            self.page.callback_done(ok, text)

    def finish(self) -> None:
        """The visitor is done: back to welcome for the next person."""
        self.wipe(abandoned=False)

    # -- idle and wiping -----------------------------------------------------------------------
    def _restart_idle(self) -> None:
        if self.idle.asking:
            return
        step = self.position[0]
        camera_running = step is Step.LIVENESS and bool(getattr(self.page, "running", False))
        if step is Step.WELCOME and not (self.draft.large_text or self.draft.high_contrast):
            self.idle.disarm()
        elif camera_running:
            self.idle.disarm()  # the visitor is following prompts, not touching the screen
        else:
            self.idle.arm(self._idle_ms or self.site.idle.timeout_seconds * 1000)

    def _on_idle_idle(self) -> None:
        if self.position[0] is Step.WELCOME:
            self.wipe(abandoned=False)
            return
        log.info("visitor idle at step %s: asking whether they are still there", self.position[0])
        self.idle.ask(self.draft.language, self._countdown_s or self.site.idle.countdown_seconds)

    def wipe(self, *, abandoned: bool) -> None:
        """Drop everything the visitor entered (memory and screen) and show the welcome page."""
        step = self.position[0]
        if self.page is not None:
            self.page.leaving()
            self.page.blank()
        self.pages.forget_visitor()
        self.idle.stop()
        stored = self.draft.liveness if self.submission is None else None
        if abandoned and step is not Step.WELCOME:
            log.info("visit abandoned at step %s", step.value)
            self.desk.forget(step.value, self.draft.submission_id, stored)
        self.input.reset()
        self.draft = IntakeDraft(self.site.default_language)
        self.outcome = None
        self.submission = None
        self._print_result = None
        self._return_to_review = False
        self._submitting = False
        self.chrome.reset_toggles()
        self._apply_style()
        self._show(Step.WELCOME, 0)
        self.wiped.emit()

    # -- lifetime ------------------------------------------------------------------------------
    def showEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self.input.keyboard is None and not self._preload_scheduled:
            # once the welcome screen is up, not before it
            self._preload_scheduled = True
            QTimer.singleShot(500, self.input.preload)

    def shutdown(self) -> None:
        """Stop the camera, timers and the worker; call before the window closes."""
        if self._shut_down:
            return
        self._shut_down = True
        if self.page is not None:
            self.page.leaving()
        self.idle.shutdown()
        self.input.shutdown()
        self.aids.shutdown()
        self.desk.shutdown()

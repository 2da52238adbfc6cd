"""The visitor's intake wizard: welcome to ticket, with keyboards, idle wipe and submission.

The wizard owns the visitor's draft (in memory only) and shows one page at a time, built from
the draft. Submitting and printing run on a worker thread; a double tap cannot issue two
tickets (the button is disabled and the service recognises a repeated submission). After the
configured inactivity the visitor is asked whether they are still there; then the draft is
dropped and the kiosk returns to the welcome screen, leaving only an anonymous count behind.

Signals:
    step_changed(str): the page shown now (a Step value).
    ticket_issued(object): the Submission of a new ticket.
    wiped(): the visitor's data was dropped and the welcome screen is back.
    admin_requested(): five taps in the top-left corner within three seconds (staff only know).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from kiosk.domain.clock import Clock, service_day, system_clock
from kiosk.domain.errors import DomainError
from kiosk.domain.intake import IntakeDraft, Step
from kiosk.services.intake_service import IntakeIncomplete, IntakeService, Submission
from kiosk.settings import SiteConfig
from kiosk.settings.translations import tr
from kiosk.ui.gui_garbage import collect_on_gui_thread
from kiosk.ui.jobs import JobRunner
from kiosk.ui.visitor.acknowledgement_page import AcknowledgementPage
from kiosk.ui.visitor.assistance_page import AssistancePage
from kiosk.ui.visitor.case_type_page import CaseTypePage
from kiosk.ui.visitor.consent_page import ConsentPage
from kiosk.ui.visitor.form_page import FormPage, form_pages
from kiosk.ui.visitor.idle_overlay import IdleOverlay
from kiosk.ui.visitor.keyboards import NumericKeypad, OnScreenKeyboard
from kiosk.ui.visitor.review_page import ReviewPage
from kiosk.ui.visitor.theme import FONT_FAMILIES, stylesheet
from kiosk.ui.visitor.ticket_page import TicketPage
from kiosk.ui.visitor.welcome_page import WelcomePage
from kiosk.ui.visitor.wizard_page import PageContext, WizardPage
from kiosk.ui.widgets.labels import named_label

if TYPE_CHECKING:  # printing (reportlab) loads after the first screen is up
    from kiosk.services.ticket_printing import PrintResult

log = logging.getLogger(__name__)

_ACTIVITY = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
    QEvent.Type.InputMethod,
}


@dataclass
class VisitorServices:
    """What the wizard needs from the rest of the kiosk (all optional parts may be None)."""

    intake: IntakeService
    settings_version: int | None = None
    printing: Any = None  # TicketPrinting, or None: the ticket is shown on screen only
    #: () -> FrameSource and (consent_given) -> LivenessCheck; None: no camera step at all
    open_camera: Callable[[], Any] | None = None
    new_check: Callable[[bool], Any] | None = None
    demo: bool = False


Position = tuple[Step, int]

#: The hidden way to the admin sign-in: this many taps, in this corner, within this time.
CORNER_TAPS = 5
CORNER_PX = 120
CORNER_WINDOW_S = 3.0


class IntakeWizard(QWidget):
    step_changed = Signal(str)
    ticket_issued = Signal(object)
    wiped = Signal()
    admin_requested = Signal()

    def __init__(
        self,
        site: SiteConfig,
        services: VisitorServices,
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
        self.site = site
        self.services = services
        self.clock = clock
        self.portrait = portrait
        self.idle_ms = idle_ms if idle_ms is not None else site.idle.timeout_seconds * 1000
        self.countdown_s = countdown_s if countdown_s is not None else site.idle.countdown_seconds
        self.draft = IntakeDraft(site.default_language)
        self.outcome: Any = None  # the LivenessOutcome, kept in memory until submitted
        self.submission: Submission | None = None
        self._print_result: PrintResult | None = None
        self.position: Position = (Step.WELCOME, 0)
        self.page: WizardPage | None = None
        self._return_to_review = False
        self._submitting = False
        collect_on_gui_thread()  # jobs run on a worker thread: see gui_garbage
        self._jobs = JobRunner(self)
        self._shut_down = False
        self._preload_scheduled = False
        self._preload_pending = False
        self._typing_in: QWidget | None = None
        self._corner_taps: list[float] = []
        self._last_press: tuple[int, int, int] | None = None

        # header: where am I, language, large text, high contrast
        header = QFrame()
        header.setObjectName("header")
        top = QHBoxLayout(header)
        top.setContentsMargins(24, 8, 24, 8)
        self.progress = named_label("progressText")
        self.progress.setWordWrap(True)
        # never let a long step name widen the window past the screen
        self.progress.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top.addWidget(self.progress, 1)
        self.language_buttons: dict[str, QPushButton] = {}
        self._language_row = QHBoxLayout()
        top.addLayout(self._language_row)
        self._build_language_buttons()
        self.large_text = QPushButton()
        self.large_text.setObjectName("toggle")
        self.large_text.setCheckable(True)
        self.large_text.setAccessibleName("large_text")
        self.large_text.toggled.connect(self._on_large_text_toggled)
        self.high_contrast = QPushButton()
        self.high_contrast.setObjectName("toggle")
        self.high_contrast.setCheckable(True)
        self.high_contrast.setAccessibleName("high_contrast")
        self.high_contrast.toggled.connect(self._on_high_contrast_toggled)
        top.addWidget(self.large_text)
        top.addWidget(self.high_contrast)

        self.pages = QStackedWidget()

        # keyboards: nothing, the letter keyboard (made when first needed) or the keypad
        self.keyboard: OnScreenKeyboard | None = None
        self.keypad = NumericKeypad()
        self.keypad.setMaximumWidth(760)
        keypad_row = QWidget()
        row = QHBoxLayout(keypad_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch()
        row.addWidget(self.keypad)
        row.addStretch()
        self.keyboards = QStackedWidget()
        self.keyboards.addWidget(QWidget())
        self.keyboards.addWidget(keypad_row)
        self.keyboards.hide()
        self._keypad_row = keypad_row
        self._keyboard_lent = False

        footer = QFrame()
        footer.setObjectName("footer")
        bottom = QHBoxLayout(footer)
        bottom.setContentsMargins(24, 12, 24, 12)
        self.back_button = QPushButton()
        self.back_button.setAccessibleName("back")
        self.back_button.clicked.connect(self.go_back)
        self.restart_button = QPushButton()
        self.restart_button.setAccessibleName("start_over")
        self.restart_button.clicked.connect(self._on_restart_clicked)
        self.next_button = QPushButton()
        self.next_button.setObjectName("primary")
        self.next_button.setAccessibleName("next")
        self.next_button.clicked.connect(self.go_next)
        self.back_button.setMinimumWidth(220)
        self.next_button.setMinimumWidth(360)
        bottom.addWidget(self.back_button)
        bottom.addWidget(self.restart_button)
        bottom.addStretch()
        bottom.addWidget(self.next_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.keyboards)
        layout.addWidget(footer)

        self.overlay = IdleOverlay(self)
        self.overlay.still_here.connect(self._on_overlay_still_here)
        self.overlay.expired.connect(self._on_overlay_expired)
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self._on_idle_timer_timeout)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
            if isinstance(app, QApplication):
                app.focusChanged.connect(self._on_app_focus_changed)
                app.focusWindowChanged.connect(self._on_app_focus_window_changed)
                QGuiApplication.inputMethod().visibleChanged.connect(
                    self._on_input_method_visible_changed
                )

        self._apply_style()
        self._show(Step.WELCOME, 0)

    # -- the flow ----------------------------------------------------------------------------
    def sequence(self) -> list[Position]:
        draft = self.draft
        steps: list[Position] = [(Step.WELCOME, 0), (Step.ACKNOWLEDGEMENT, 0), (Step.CASE_TYPE, 0)]
        if draft.case_type is not None:
            form = self.site.case_type(draft.case_type).form
            pages = len(form_pages(form.fields, form.fields_per_page))
            steps += [(Step.FORM, i) for i in range(pages)]
        steps += [(Step.ASSISTANCE, 0), (Step.CONSENT, 0)]
        if self._camera_step_needed():
            steps.append((Step.LIVENESS, 0))
        steps.append((Step.REVIEW, 0))
        return steps

    def _camera_step_needed(self) -> bool:
        consent = self.draft.consent
        return (
            consent is not None
            and consent.granted
            and self.site.liveness.enabled
            and self.services.new_check is not None
            and self.services.open_camera is not None
        )

    def go_next(self) -> None:
        page = self.page
        if page is None:
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
        sequence = self.sequence()
        if self._return_to_review and self._ready_for_review():
            self._show(Step.REVIEW, 0)
            return
        try:
            index = sequence.index(self.position)
        except ValueError:
            index = 0
        if index + 1 < len(sequence):
            self._show(*sequence[index + 1])

    def _ready_for_review(self) -> bool:
        if self.services.intake.problems(self.draft):
            return False
        return not (self._camera_step_needed() and self.draft.liveness is None)

    def go_back(self) -> None:
        if self.page is not None:
            self.page.collect()
        sequence = self.sequence()
        try:
            index = sequence.index(self.position)
        except ValueError:
            index = 1
        if index > 0:
            self._show(*sequence[index - 1])

    def go_to(self, step: Step, page_index: int = 0) -> None:
        """Jump to a step (used by the review page's Edit buttons)."""
        if self.page is not None:
            self.page.collect()
        self._return_to_review = True
        self._show(step, page_index)

    def _show(self, step: Step, page_index: int) -> None:
        old = self.page
        if old is not None:
            old.leaving()
        self.position = (step, page_index)
        self.page = self._build(step, page_index)
        self.pages.addWidget(self.page)
        self.pages.setCurrentWidget(self.page)
        if old is not None:
            self.pages.removeWidget(old)
            old.deleteLater()
        self._update_chrome()
        self.page.shown()
        self._restart_idle()
        self.step_changed.emit(step.value)

    def _context(self) -> PageContext:
        return PageContext(self.site, self.draft, self.clock, self._today)

    def _today(self) -> date:
        return service_day(self.clock(), self.site.timezone)

    def _build(self, step: Step, page_index: int) -> WizardPage:
        context = self._context()
        page: WizardPage
        if step is Step.WELCOME:
            page = WelcomePage(context)
        elif step is Step.ACKNOWLEDGEMENT:
            page = AcknowledgementPage(context)
        elif step is Step.CASE_TYPE:
            page = CaseTypePage(context, columns=1 if self.portrait else 2)
        elif step is Step.FORM:
            page = FormPage(context, page_index)
        elif step is Step.ASSISTANCE:
            page = AssistancePage(context)
        elif step is Step.CONSENT:
            page = ConsentPage(context)
        elif step is Step.LIVENESS:
            page = self._liveness_page(context)
        elif step is Step.REVIEW:
            review = ReviewPage(context)
            review.edit_requested.connect(self._on_review_edit_requested)
            page = review
        else:
            assert self.submission is not None
            ticket = TicketPage(
                context,
                self.submission,
                self.services.intake.callback_windows(),
                side_by_side=not self.portrait,
            )
            ticket.callback_requested.connect(self._on_ticket_callback_requested)
            page = ticket
            QTimer.singleShot(0, self._show_print_result)  # once it is the page shown
        page.advance.connect(self._advance)
        page.next_requested.connect(self.go_next)
        return page

    def _liveness_page(self, context: PageContext) -> WizardPage:
        # Imported here: the camera and vision code is not needed for the welcome screen.
        from kiosk.ui.visitor.liveness_page import LivenessPage

        services = self.services
        assert services.open_camera is not None
        assert services.new_check is not None
        new_check = services.new_check
        consent = self.draft.consent is not None and self.draft.consent.granted
        page = LivenessPage(
            context, services.open_camera, lambda: new_check(consent), services.demo
        )
        page.finished.connect(self._on_liveness_finished)
        return page

    def _build_language_buttons(self) -> None:
        """One header button per site language (again when the languages change)."""
        for button in self.language_buttons.values():
            self._language_row.removeWidget(button)
            button.deleteLater()
        self.language_buttons = {}
        for lang in self.site.languages:
            button = QPushButton(lang.native_name)
            button.setObjectName("toggle")
            button.setCheckable(True)
            button.setAccessibleName(f"header-language:{lang.code}")
            button.clicked.connect(lambda _c=False, code=lang.code: self.set_language(code))
            self._language_row.addWidget(button)
            button.show()  # the header is already on screen: a new child must be shown
            self.language_buttons[lang.code] = button

    def use_site(self, site: SiteConfig) -> None:
        """New site settings (only between visitors: on the welcome screen)."""
        self.site = site
        if self.draft.language not in {lang.code for lang in site.languages}:
            self.draft.language = site.default_language
        self._build_language_buttons()
        if self.position[0] is Step.WELCOME:
            self._show(Step.WELCOME, 0)

    # -- chrome: progress, buttons, language, style ------------------------------------------
    def _update_chrome(self) -> None:
        page = self.page
        assert page is not None
        lang = self.draft.language
        step = page.step
        sequence = self.sequence()
        if step is Step.WELCOME:
            self.progress.setText("")
        elif step is Step.TICKET:
            self.progress.setText(tr(lang, "wizard.progress.done"))
        else:
            index = sequence.index(self.position) if self.position in sequence else 0
            self.progress.setText(
                tr(lang, "wizard.progress", step=index, total=len(sequence) - 1)
                + "  ·  "
                + page.title_text().split("  ·  ")[0]
            )
        for code, button in self.language_buttons.items():
            button.setChecked(code == lang)
        self.large_text.setText(tr(lang, "wizard.large_text"))
        self.high_contrast.setText(tr(lang, "wizard.high_contrast"))
        self.back_button.setText("‹  " + tr(lang, "wizard.back"))
        self.restart_button.setText(tr(lang, "wizard.start_over"))
        first = step in (Step.WELCOME, Step.TICKET)
        self.back_button.setVisible(not first)
        self.restart_button.setVisible(step is not Step.WELCOME and step is not Step.TICKET)
        label = page.next_text()
        self.next_button.setVisible(label is not None)
        self.next_button.setEnabled(not self._submitting)
        if label is not None:
            self.next_button.setText(label + ("" if step is Step.TICKET else "  ›"))
        if self.keyboard is not None:
            self.keyboard.set_language(lang)

    def set_language(self, code: str) -> None:
        """Switch language on any page; the page is rebuilt from the draft, answers kept."""
        if self.page is not None:
            self.page.collect()
        self.draft.language = code
        if self.position[0] is Step.LIVENESS and getattr(self.page, "running", False):
            self._update_chrome()  # keep the running camera; only the frame around it changes
            return
        self._show(*self.position)

    def _on_large_text_toggled(self, on: bool) -> None:
        self.draft.large_text = on
        self._apply_style()

    def _on_high_contrast_toggled(self, on: bool) -> None:
        self.draft.high_contrast = on
        self._apply_style()
        if self.position[0] is Step.CASE_TYPE:
            self._show(*self.position)  # the pictograms take the new colours

    def _apply_style(self) -> None:
        self.setStyleSheet(
            stylesheet(large_text=self.draft.large_text, high_contrast=self.draft.high_contrast)
        )

    # -- page events -------------------------------------------------------------------------
    def _on_review_edit_requested(self, step: str, page_index: int) -> None:
        self.go_to(Step(step), page_index)

    def _on_liveness_finished(self, outcome: Any) -> None:
        if outcome is not None:
            self.outcome = outcome
        self._update_chrome()
        self._restart_idle()

    # -- submitting and printing ---------------------------------------------------------------
    def submit(self) -> None:
        """Issue the ticket (once, however often the button is tapped)."""
        if self._submitting or self.submission is not None:
            return
        page = self.page
        assert isinstance(page, ReviewPage)
        self._submitting = True
        self.next_button.setEnabled(False)
        page.show_problem("")
        page.message.setText(tr(self.draft.language, "wizard.review.issuing"))
        intake = self.services.intake
        draft, outcome = self.draft, self.outcome
        version = self.services.settings_version
        self._jobs.run(
            lambda: intake.submit(draft, outcome, settings_version=version),
            self._on_submit_done,
            self._on_submit_failed,
        )

    def _on_submit_done(self, submission: Submission) -> None:
        self._submitting = False
        self.submission = submission
        self._print_result = None
        self.outcome = None  # the video is in the vault now; drop the copy in memory
        self._return_to_review = False
        self._show(Step.TICKET, 0)
        self.ticket_issued.emit(submission)
        self._print(submission)

    def _on_submit_failed(self, error: BaseException) -> None:
        self._submitting = False
        lang = self.draft.language
        if isinstance(error, IntakeIncomplete):
            log.info("intake not complete: %s", ", ".join(sorted(error.problems)))
            self._show_first_problem(error)
            return
        log.error("ticket could not be issued: %s", type(error).__name__, exc_info=error)
        key = "wizard.error.domain" if isinstance(error, DomainError) else "wizard.error.database"
        if isinstance(self.page, ReviewPage):
            self.page.show_problem(tr(lang, key))
        self.next_button.setEnabled(True)

    def _show_first_problem(self, error: IntakeIncomplete) -> None:
        problems = error.problems
        if "acknowledgement" in problems:
            self.go_to(Step.ACKNOWLEDGEMENT)
        elif "case_type" in problems:
            self.go_to(Step.CASE_TYPE)
        elif "consent" in problems:
            self.go_to(Step.CONSENT)
        elif self.draft.case_type is not None:
            form = self.site.case_type(self.draft.case_type).form
            for index, fields in enumerate(form_pages(form.fields, form.fields_per_page)):
                if any(f.id in problems for f in fields):
                    self.go_to(Step.FORM, index)
                    if isinstance(self.page, FormPage):
                        self.page.accept()  # shows the messages
                    return

    def _print(self, submission: Submission) -> None:
        printing = self.services.printing
        lang = self.draft.language
        page = self.page
        if printing is None:
            if isinstance(page, TicketPage):
                page.set_print_status(tr(lang, "wizard.ticket.on_screen"))
            return
        ticket_id = submission.ticket.id

        def done(result: PrintResult) -> None:
            self._print_result = result  # kept: a language switch rebuilds the page
            self._show_print_result()

        def failed(error: BaseException) -> None:
            log.error("printing failed: %s", type(error).__name__, exc_info=error)
            if isinstance(self.page, TicketPage) and self.page.submission is submission:
                self.page.set_print_status(tr(lang, "print.failed", code=submission.ticket.code))

        self._jobs.run(lambda: printing.print_ticket(ticket_id, lang), done, failed)

    def _show_print_result(self) -> None:
        page, result, printing = self.page, self._print_result, self.services.printing
        if result is None or printing is None or not isinstance(page, TicketPage):
            return
        if page.submission.ticket.id == result.ticket.id:
            page.set_print_status(printing.describe(result, self.draft.language), result.printed)

    def _on_ticket_callback_requested(self, phone: str, window_id: str) -> None:
        submission = self.submission
        assert submission is not None
        lang = self.draft.language
        intake = self.services.intake

        def done(_window: Any) -> None:
            if isinstance(self.page, TicketPage):
                self.page.callback_done(True, tr(lang, "wizard.callback.done"))

        def failed(error: BaseException) -> None:
            if isinstance(error, IntakeIncomplete):
                problem = next(iter(error.problems.values()))
                text = tr(lang, f"problem.{problem.code}", **problem.params)
            else:
                log.error("callback not recorded: %s", type(error).__name__, exc_info=error)
                text = tr(lang, "wizard.error.database")
            if isinstance(self.page, TicketPage):
                self.page.callback_done(False, text)

        self._jobs.run(
            lambda: intake.request_callback(submission.case_id, phone, window_id), done, failed
        )

    def finish(self) -> None:
        """The visitor is done: back to welcome for the next person."""
        self.wipe(abandoned=False)

    # -- idle and wiping -----------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if (
            event.type() in _ACTIVITY
            and isinstance(watched, QWidget)
            and (watched is self or self.isAncestorOf(watched))
        ):
            self._restart_idle()
            if event.type() == QEvent.Type.MouseButtonPress:
                self._count_corner_tap(event)
        return False

    def _count_corner_tap(self, event: QEvent) -> None:
        position = getattr(event, "globalPosition", None)
        if position is None:
            return
        point = position().toPoint()
        # A press the child ignores travels on to its parents: count each press once.
        key = (getattr(event, "timestamp", lambda: 0)(), point.x(), point.y())
        if key == self._last_press:
            return
        self._last_press = key
        local = self.mapFromGlobal(point)
        if not (0 <= local.x() < CORNER_PX and 0 <= local.y() < CORNER_PX):
            return
        now = time.monotonic()
        self._corner_taps = [t for t in self._corner_taps if now - t < CORNER_WINDOW_S]
        self._corner_taps.append(now)
        if len(self._corner_taps) >= CORNER_TAPS:
            self._corner_taps.clear()
            log.info("admin sign-in requested on the kiosk")
            self.admin_requested.emit()

    def _restart_idle(self) -> None:
        if self.overlay.running:
            return
        step = self.position[0]
        camera_running = step is Step.LIVENESS and bool(getattr(self.page, "running", False))
        if step is Step.WELCOME and not (self.draft.large_text or self.draft.high_contrast):
            self.idle_timer.stop()
        elif camera_running:
            self.idle_timer.stop()  # the visitor is following prompts, not touching the screen
        else:
            self.idle_timer.start(self.idle_ms)

    def _on_idle_timer_timeout(self) -> None:
        if self.position[0] is Step.WELCOME:
            self.wipe(abandoned=False)
            return
        log.info("visitor idle at step %s: asking whether they are still there", self.position[0])
        self.overlay.start(self.draft.language, self.countdown_s)

    def _on_overlay_still_here(self) -> None:
        self._restart_idle()

    def _on_overlay_expired(self) -> None:
        self.wipe(abandoned=self.submission is None)

    def _on_restart_clicked(self) -> None:
        self.wipe(abandoned=self.submission is None)

    def wipe(self, *, abandoned: bool) -> None:
        """Drop everything the visitor entered (memory and screen) and show the welcome page."""
        step = self.position[0]
        if self.page is not None:
            self.page.leaving()
            # blank every field now, not when Qt gets round to deleting the page
            for line in self.page.findChildren(QLineEdit):
                line.clear()
            for text in self.page.findChildren(QPlainTextEdit):
                text.clear()
        self._typing_in = None
        self.overlay.stop()
        self.idle_timer.stop()
        stored_liveness = self.draft.liveness if self.submission is None else None
        if abandoned and step is not Step.WELCOME:
            intake = self.services.intake
            log.info("visit abandoned at step %s", step.value)

            def forget() -> None:
                intake.record_abandoned(step.value)
                intake.discard_liveness(stored_liveness)

            self._jobs.run(
                forget,
                lambda _r: None,
                lambda e: log.error("abandoned visit not counted: %s", type(e).__name__),
            )
        QGuiApplication.inputMethod().reset()
        self.keypad.attach(None)
        self.keyboards.hide()
        self.draft = IntakeDraft(self.site.default_language)
        self.outcome = None
        self.submission = None
        self._print_result = None
        self._return_to_review = False
        self._submitting = False
        for toggle in (self.large_text, self.high_contrast):
            toggle.blockSignals(True)
            toggle.setChecked(False)
            toggle.blockSignals(False)
        self._apply_style()
        self._show(Step.WELCOME, 0)
        self.wiped.emit()

    # -- keyboards -----------------------------------------------------------------------------
    def lend_keyboard(self) -> OnScreenKeyboard | None:
        """The loaded letter keyboard, for another window of this kiosk (the admin sign-in):
        Qt's virtual keyboard can only work in one place at a time."""
        keyboard = self.keyboard
        if keyboard is None or not keyboard.ready or self._keyboard_lent:
            return None
        self.keyboards.hide()
        self.keyboards.removeWidget(keyboard)
        self._keyboard_lent = True
        return keyboard

    def take_back_keyboard(self) -> None:
        keyboard = self.keyboard
        if not self._keyboard_lent or keyboard is None:
            return
        self._keyboard_lent = False
        keyboard.set_language(self.draft.language)
        self.keyboards.insertWidget(1, keyboard)

    def on_screen_keyboard(self) -> OnScreenKeyboard | None:
        """The letter keyboard, loaded the first time it is needed."""
        if self._keyboard_lent:
            return None
        if self.keyboard is None:
            self.keyboard = OnScreenKeyboard()
            self.keyboard.set_language(self.draft.language)
            self.keyboard.loaded.connect(self._on_keyboard_loaded)
            self.keyboards.insertWidget(1, self.keyboard)
        return self.keyboard if self.keyboard.ready else None

    def _on_keyboard_loaded(self, ok: bool) -> None:
        if not ok:
            return
        focus = QApplication.focusWidget()
        if focus is not None and self.isAncestorOf(focus):
            # The keyboard learns of a field only when it gains focus: focus it once more.
            focus.clearFocus()
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self._preload_pending:
            self.preload_keyboard()

    def preload_keyboard(self) -> None:
        """Load the keyboard early and show it once, hidden again at once.

        The first time its Qt Quick surface becomes visible the window is re-created (and loses
        the input focus); better now, on the welcome screen, than under the visitor's fingers.
        """
        if self._shut_down:
            return
        keyboard = self.on_screen_keyboard()
        self._preload_pending = keyboard is None  # again once it has loaded
        if keyboard is None or not self.isVisible() or self.keyboards.isVisible():
            return
        self.keyboards.setCurrentWidget(keyboard)
        self.keyboards.setFixedHeight(1)
        self.keyboards.show()
        QTimer.singleShot(50, self._after_preload)

    def _after_preload(self) -> None:
        if self.keypad.target is None and not (
            QApplication.focusWidget() and isinstance(QApplication.focusWidget(), QLineEdit)
        ):
            self.keyboards.hide()
        self.window().activateWindow()

    def _on_app_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None or not self.isAncestorOf(new):
            return
        # Not inside the focus signal: loading the keyboard there can stall Qt Quick.
        QTimer.singleShot(0, lambda w=new: self._show_input_for(w))

    def _show_input_for(self, new: QWidget) -> None:
        if not isValid(new) or not new.hasFocus():
            return
        self._typing_in = new if isinstance(new, QLineEdit | QPlainTextEdit) else None
        if isinstance(new, QLineEdit) and new.property("keypad") is not None:
            self.keypad.attach(new, str(new.property("keypad")))
            self.keyboards.setCurrentWidget(self._keypad_row)
            self.keyboards.setFixedHeight(self.keypad.sizeHint().height() + 8)
            self.keyboards.show()
        elif isinstance(new, QLineEdit | QPlainTextEdit):
            keyboard = self.on_screen_keyboard()
            if keyboard is None:
                self.keyboards.hide()
                return
            self.keypad.attach(None)
            self.keyboards.setCurrentWidget(keyboard)
            self.keyboards.setFixedHeight(340 if not self.portrait else 360)
            self.keyboards.show()
        elif not self._is_keyboard(new):
            self.keypad.attach(None)
            self.keyboards.hide()
        if self.page is not None:
            # after the keyboard has taken its room, scroll the field into view
            QTimer.singleShot(80, lambda w=new: self._keep_visible(w))

    def _on_input_method_visible_changed(self) -> None:
        """The keyboard's own hide key (and a tap on the field to bring it back): the room
        kept for the letter keyboard follows it, instead of staying as an empty black band."""
        keyboard = self.keyboard
        if self._shut_down or keyboard is None or self.keyboards.currentWidget() is not keyboard:
            return
        field = self._typing_in
        if not QGuiApplication.inputMethod().isVisible():
            self.keyboards.hide()
        elif field is not None and isValid(field) and field.hasFocus():
            self.keyboards.show()

    def _on_app_focus_window_changed(self, window: object) -> None:
        if window is None and self.isVisible() and not self._shut_down:
            # The first time the keyboard's Qt Quick surface appears, the window is re-created
            # and loses the input focus: give it back to the field being typed in.
            QTimer.singleShot(0, self._refocus)

    def _refocus(self) -> None:
        if self._shut_down or QGuiApplication.focusWindow() is not None:
            return
        widget = self._typing_in
        self.window().activateWindow()
        if widget is not None and isValid(widget) and self.isAncestorOf(widget):
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _keep_visible(self, widget: QWidget) -> None:
        if not isValid(widget):  # the page was replaced meanwhile
            return
        if self.page is not None and self.page.isAncestorOf(widget):
            self.page.ensure_visible(widget)

    def _is_keyboard(self, widget: QWidget) -> bool:
        return self.keyboards.isAncestorOf(widget)

    # -- lifetime ------------------------------------------------------------------------------
    def showEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self.keyboard is None and not self._preload_scheduled:
            # once the welcome screen is up, not before it
            self._preload_scheduled = True
            QTimer.singleShot(500, self.preload_keyboard)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if self.overlay.isVisible():
            self.overlay._place()

    def shutdown(self) -> None:
        """Stop the camera, timers and the worker; call before the window closes."""
        if self._shut_down:
            return
        self._shut_down = True
        if self.page is not None:
            self.page.leaving()
        self.idle_timer.stop()
        self.overlay.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
            if isinstance(app, QApplication):
                app.focusChanged.disconnect(self._on_app_focus_changed)
                app.focusWindowChanged.disconnect(self._on_app_focus_window_changed)
                QGuiApplication.inputMethod().visibleChanged.disconnect(
                    self._on_input_method_visible_changed
                )
        self._jobs.shutdown()

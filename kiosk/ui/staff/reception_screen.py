"""Reception: a member of staff fills in the intake for a visitor who cannot use the kiosk.

The form is the case type's own, generated from the schema as on the kiosk, and its questions
are shown in the visitor's language so that they can be read out. The security rules are read
out too; the visitor's answers are recorded as given orally, with the staff member's name.
With a camera at the desk, a visitor who agrees (orally, to the consent read out to them) has
the kiosk's own face check there; otherwise the ticket carries the manual-ID flag and the
counter checks the ID.
Priority reasons and a language or dialect the visitor needs are set here like on the kiosk.

Submitting goes through the kiosk's own intake service (one submission path: the same rules,
the same ticket numbers), audited as assisted by the member of staff; the ticket prints on the
printer chosen here (this desk's own CUPS queue, or the site's ticket printer). Everything that
touches the database or a printer runs on the screen's worker thread.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.intake import Agreement, IntakeDraft, LivenessSummary, text_fingerprint
from kiosk.services.face_check import FaceCheckParts
from kiosk.services.intake_service import IntakeIncomplete, IntakeService, Submission
from kiosk.services.printers import CupsPrinter, cups_queues
from kiosk.services.site_context import SiteContext
from kiosk.services.staff_accounts import StaffMember
from kiosk.services.ticket_printing import TicketPrinting
from kiosk.settings.translations import tr
from kiosk.ui.failures import failure_text
from kiosk.ui.jobs import JobRunner
from kiosk.ui.staff.reception_face_check import ReceptionFaceCheck
from kiosk.ui.widgets.form_fields import FieldEditor, build_editors
from kiosk.ui.widgets.labels import discard, named_label, restyle

log = logging.getLogger(__name__)

#: the printer choice that means "the site's ticket printer"
SITE_PRINTER = ""


class ReceptionScreen(QWidget):
    def __init__(
        self,
        site: SiteContext,
        member: StaffMember,
        language: str,
        face_check: FaceCheckParts | None = None,
    ) -> None:
        super().__init__()
        self.site = site
        self.member = member
        self.language = language
        self.jobs = JobRunner(self, "reception")
        self.face_check = face_check if face_check is not None and face_check.available else None
        self.intake = IntakeService(site.queue, self.face_check, site.clock)
        self.checking: ReceptionFaceCheck | None = None
        self.draft = IntakeDraft(site.site.default_language)
        self.editors: list[FieldEditor] = []
        t = self.t

        self.languages = QButtonGroup(self)
        self.languages.setExclusive(True)
        language_row = QHBoxLayout()
        for lang in site.site.languages:
            button = QPushButton(lang.native_name)
            button.setCheckable(True)
            button.setObjectName("segment")
            button.setAccessibleName(f"language:{lang.code}")
            button.setChecked(lang.code == self.draft.language)
            self.languages.addButton(button)
            language_row.addWidget(button)
            button.clicked.connect(lambda _c=False, code=lang.code: self.choose_language(code))
        language_row.addStretch()
        self.case_type = QComboBox()
        for case in site.site.case_types:
            self.case_type.addItem(case.name.get(language), case.id)
        self.case_type.currentIndexChanged.connect(lambda _i: self._rebuild_form())
        self.form_box = QWidget()
        self.form_rows = QVBoxLayout(self.form_box)
        form_scroll = QScrollArea()
        form_scroll.setWidgetResizable(True)
        form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        form_scroll.setWidget(self.form_box)

        self.reasons: dict[str, QCheckBox] = {}
        reasons = QVBoxLayout()
        for reason in site.site.assistance.reasons:
            box = QCheckBox(reason.label.get(language))
            self.reasons[reason.id] = box
            reasons.addWidget(box)
        self.help_language = QComboBox()
        self.help_language.addItem(t("reception.nobody"), None)
        for spoken in site.site.assistance.help_languages:
            self.help_language.addItem(spoken.name.get(language), spoken.code)
        self.rules = named_label("rulesText")
        self.rules.setWordWrap(True)
        self.rules.setTextFormat(Qt.TextFormat.PlainText)
        self.rules_heard = QCheckBox(t("reception.rules_confirmed"))
        self.face_agreed = QRadioButton(t("reception.face_agreed"))
        self.face_skipped = QRadioButton(t("reception.face_skipped"))
        self.face_skipped.setChecked(True)
        self.face_agreed.setEnabled(self.face_check is not None)
        self.face_agreed.toggled.connect(lambda _on: self._show_consent())
        self.consent = named_label("rulesText")
        self.consent.setWordWrap(True)
        self.consent.setTextFormat(Qt.TextFormat.PlainText)
        self.consent.hide()
        self.printer = QComboBox()
        self.printer.addItem(t("reception.site_printer"), SITE_PRINTER)
        self.issue_button = QPushButton(t("reception.issue"))
        self.issue_button.setObjectName("primary")
        self.issue_button.setMinimumHeight(64)
        self.issue_button.clicked.connect(self.issue)
        self.message = named_label("message")
        self.message.setWordWrap(True)
        self.ticket = named_label("ticketCode")
        self.next_button = QPushButton(t("reception.next"))
        self.next_button.clicked.connect(self.next_visitor)
        self.next_button.hide()

        left = QVBoxLayout()
        left.addWidget(named_label("section", t("reception.language")))
        left.addLayout(language_row)
        left.addWidget(named_label("section", t("reception.case_type")))
        left.addWidget(self.case_type)
        left.addWidget(form_scroll, 1)
        side = QFormLayout()
        side.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # labels above: room
        side.addRow(t("reception.priority"), reasons)
        side.addRow(t("reception.help_language"), self.help_language)
        side.addRow(t("reception.printer"), self.printer)
        details = QWidget()  # scrolls on a small screen; the result and buttons stay put
        right_top = QVBoxLayout(details)
        right_top.addLayout(side)
        right_top.addWidget(named_label("section", t("reception.rules")))
        right_top.addWidget(self.rules)
        right_top.addWidget(self.rules_heard)
        right_top.addWidget(named_label("section", t("reception.face")))
        right_top.addWidget(self.face_agreed)
        right_top.addWidget(self.consent)
        right_top.addWidget(self.face_skipped)
        if self.face_check is None:
            no_camera = named_label("note", t("reception.no_camera"))
            no_camera.setWordWrap(True)
            right_top.addWidget(no_camera)
        right_top.addStretch()
        details_scroll = QScrollArea()
        details_scroll.setWidgetResizable(True)
        details_scroll.setFrameShape(QFrame.Shape.NoFrame)
        details_scroll.setWidget(details)
        details_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        right = QVBoxLayout()
        right.addWidget(details_scroll, 1)
        right.addWidget(self.message)
        right.addWidget(self.ticket)
        right.addWidget(self.issue_button)
        right.addWidget(self.next_button)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addSpacing(24)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(named_label("header", t("reception.title", name=member.name)))
        about = named_label("note", t("reception.about"))
        about.setWordWrap(True)
        layout.addWidget(about)
        layout.addLayout(body, 1)
        self.setStyleSheet(
            "QWidget { font-size: 22px; } #header { font-size: 30px; font-weight: bold; }"
            "#section { font-weight: bold; margin-top: 10px; } #note { color: #454b54; }"
            "#error { color: #b00020; } #ticketCode { font-size: 72px; font-weight: bold;"
            " color: #0b3d91; } #rulesText { background: #ffffff; padding: 8px; }"
            "#primary { background: #0b57d0; color: white; font-weight: bold; }"
            "QPushButton#segment:checked { background: #0b57d0; color: white; }"
            "QCheckBox, QRadioButton { spacing: 12px; }"
            "QCheckBox::indicator, QRadioButton::indicator { width: 30px; height: 30px; }"
        )
        self._rebuild_form()
        self.jobs.run(cups_queues, self._show_printers, lambda _e: None)

    def t(self, key: str, **params: object) -> str:
        return tr(self.language, key, **params)

    # -- the form ----------------------------------------------------------------------------
    def choose_language(self, code: str) -> None:
        """The questions and the rules in the visitor's language; answers so far are kept."""
        self.draft.language = code
        self._rebuild_form()

    def _rebuild_form(self) -> None:
        self._collect()
        site = self.site.site
        case_type = str(self.case_type.currentData())
        self.draft.choose_case_type(case_type)
        self._clear_editors()
        self.editors = build_editors(site.case_type(case_type).form.fields, self.draft.language)
        for editor in self.editors:
            if editor.field.id in self.draft.answers:
                editor.set_value(self.draft.answers[editor.field.id])
            self.form_rows.addWidget(editor)
        self.rules.setText("\n".join(site.acknowledgement.shown(self.draft.language)))
        self._show_consent()

    def _show_consent(self) -> None:
        """What the visitor agrees to before the face check, to be read out to them."""
        site = self.site.site
        points = site.consent.shown_points(self.draft.language, site.retention.media_days)
        self.consent.setText("\n".join(points))
        self.consent.setVisible(self.face_agreed.isChecked())

    def _collect(self) -> None:
        for editor in self.editors:
            self.draft.answers[editor.field.id] = editor.value()

    def _show_printers(self, queues: list[str]) -> None:
        for queue in queues:
            self.printer.addItem(queue, queue)

    # -- issuing -----------------------------------------------------------------------------
    def _ready(self) -> bool:
        """Every answer accepted and the rules confirmed; else say what is missing."""
        self._collect()
        today = self.intake.today()
        bad = [e for e in self.editors if not e.validate(today)]
        if bad:
            bad[0].input_widget.setFocus()
            self._say(self.t("reception.fix"), error=True)
            return False
        if not self.rules_heard.isChecked():
            self._say(self.t("reception.confirm_rules"), error=True)
            return False
        return True

    def _agreements(self) -> None:
        """The rules confirmed and the face check agreed to or not, both heard by this member
        of staff."""
        site, draft, now = self.site.site, self.draft, self.site.clock()
        language, witness = draft.language, self.member.name
        draft.acknowledgement = Agreement(
            version=site.acknowledgement.version,
            sha256=text_fingerprint(site.acknowledgement.shown(language)),
            language=language,
            at=now,
            witness=witness,
        )
        agreed = self.face_agreed.isChecked() and self.face_check is not None
        told = site.consent.answered(language, site.retention.media_days, granted=agreed)
        if draft.consent is None or draft.consent.granted != agreed:
            draft.consent = Agreement(
                version=site.consent.version,
                sha256=text_fingerprint(told),
                language=language,
                at=now,
                granted=agreed,
                witness=witness,
            )
        if not agreed:
            draft.liveness = None
        draft.assistance = {rid for rid, box in self.reasons.items() if box.isChecked()}
        draft.help_language = self.help_language.currentData()
        draft.assisted_by = witness

    def issue(self) -> None:
        if not self.issue_button.isEnabled() or not self._ready():
            return
        self._agreements()
        agreed = self.draft.consent is not None and self.draft.consent.granted
        if agreed and self.draft.liveness is None and self.face_check is not None:
            self._run_face_check(self.face_check)
            return
        self.issue_button.setEnabled(False)
        self._say(self.t("reception.issuing"))
        draft, site, actor = self.draft, self.site, self.member.name
        chosen = self.printer.currentData() or SITE_PRINTER
        intake = self.intake

        def submit_and_print() -> tuple[Submission, str]:
            submission = intake.submit(
                draft, site=site.site, settings_version=site.settings_version, actor=actor
            )
            try:
                printing = TicketPrinting(
                    site.queue, printer=CupsPrinter(chosen) if chosen else None
                )
            except ValueError as exc:  # the site names no usable printer
                return submission, str(exc)
            result = printing.print_ticket(submission.ticket.id, draft.language, actor=actor)
            return submission, TicketPrinting.describe(result, self.language)

        self.jobs.run(submit_and_print, self._issued, self._refused)

    def _run_face_check(self, parts: FaceCheckParts) -> None:
        """The kiosk's face check on this desk's camera; the ticket is issued when it ends."""
        site = self.site.site
        dialog = ReceptionFaceCheck(
            parts, self.intake, self.draft.language, self.language,
            site.liveness.max_attempts, self,
        )  # fmt: skip
        self.checking = dialog
        dialog.checked.connect(self._face_checked)
        dialog.finished.connect(lambda _r: self._face_check_closed(dialog))
        dialog.begin()

    def _face_checked(self, summary: LivenessSummary) -> None:
        self.draft.liveness = summary
        self.issue()

    def _face_check_closed(self, dialog: ReceptionFaceCheck) -> None:
        dialog.shutdown()
        dialog.deleteLater()
        if self.checking is dialog:
            self.checking = None

    def _issued(self, outcome: tuple[Submission, str]) -> None:
        submission, printed = outcome
        self.ticket.setText(submission.ticket.code)
        self._say(self.t("reception.issued", code=submission.ticket.code) + "\n" + printed)
        self.issue_button.hide()
        self.next_button.show()
        log.info("reception issued ticket %s", submission.ticket.code)

    def _refused(self, error: BaseException) -> None:
        self.issue_button.setEnabled(True)
        if isinstance(error, IntakeIncomplete):
            self._ready()  # the editors show each problem
            return
        self._say(failure_text(error, self.language, "issuing a ticket at reception"), error=True)

    def next_visitor(self) -> None:
        """A clean form for the next visitor: nothing of the last one stays on screen."""
        self._clear_editors()  # before the new draft: nothing is collected from them
        self.draft = IntakeDraft(self.site.site.default_language)
        for button in self.languages.buttons():
            button.setChecked(button.accessibleName() == f"language:{self.draft.language}")
        self._rebuild_form()
        for box in self.reasons.values():
            box.setChecked(False)
        self.help_language.setCurrentIndex(0)
        self.rules_heard.setChecked(False)
        self.face_skipped.setChecked(True)
        self.ticket.clear()
        self.message.clear()
        self.next_button.hide()
        self.issue_button.show()
        self.issue_button.setEnabled(True)

    def _clear_editors(self) -> None:
        for editor in self.editors:
            self.form_rows.removeWidget(editor)
            discard(editor)
        self.editors = []

    def _say(self, text: str, *, error: bool = False) -> None:
        restyle(self.message, "error" if error else "message")
        self.message.setText(text)

    def shutdown(self) -> None:
        if self.checking is not None:
            self.checking.shutdown()
        self.jobs.shutdown()

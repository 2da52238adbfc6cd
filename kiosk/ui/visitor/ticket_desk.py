"""The visitor kiosk's database work, off the GUI thread: keeping a face check, issuing the
ticket, printing it, a call-back request, and forgetting an abandoned visit.

Every job gets copies of what it needs (never the wizard's draft itself) and its result comes
back to the GUI thread as a signal, so only the GUI thread ever touches the draft or a widget.
Jobs run one at a time on one worker thread, in the order asked; face checks already kept are
remembered there per visit, so a visit's check is stored once however its jobs interleave.

Signals:
    liveness_stored(str, object): the visit's id and the LivenessSummary of its face check,
        now kept (with its id).
    issued(object): the Submission of a new (or repeated) ticket.
    refused(object): the IntakeIncomplete that says which answers are missing.
    failed(str): the ticket could not be issued; the visitor keeps every answer (the text).
    printed(object): the PrintResult of the ticket's print.
    callback_answered(bool, str): whether the call-back was recorded, and what to say.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.domain.errors import DatabaseUnavailable, DomainError
from kiosk.domain.intake import IntakeDraft, LivenessSummary
from kiosk.services.intake_service import IntakeIncomplete, Submission
from kiosk.services.visitor_kiosk import VisitorKiosk
from kiosk.settings import SiteConfig
from kiosk.settings.translations import tr
from kiosk.ui.failures import failure_text
from kiosk.ui.jobs import JobRunner

log = logging.getLogger(__name__)


class TicketDesk(QObject):
    liveness_stored = Signal(str, object)
    issued = Signal(object)
    refused = Signal(object)
    failed = Signal(str)
    printed = Signal(object)
    callback_answered = Signal(bool, str)

    def __init__(self, kiosk: VisitorKiosk, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kiosk = kiosk
        self._jobs = JobRunner(self)
        #: visit id -> its stored face check (read and written on the worker thread only)
        self._kept: dict[str, LivenessSummary] = {}

    def _keep(self, visit: str, outcome: Any) -> LivenessSummary:
        """On the worker thread: the visit's check, stored now unless it already is."""
        kept = self._kept.get(visit)
        if kept is None:
            kept = self.kiosk.intake.store_liveness(outcome)
            self._kept[visit] = kept
        return kept

    # -- the face check ------------------------------------------------------------------------
    def keep_liveness(self, visit: str, outcome: Any) -> None:
        """Store a finished face check now; if that fails it is stored again at submit."""

        def failed(error: BaseException) -> None:
            _log_only(error, "keeping the face check")

        self._jobs.run(
            lambda: self._keep(visit, outcome),
            lambda summary: self.liveness_stored.emit(visit, summary),
            failed,
        )

    # -- the ticket ----------------------------------------------------------------------------
    def submit(
        self, draft: IntakeDraft, outcome: Any, site: SiteConfig, settings_version: int | None
    ) -> None:
        """Issue the ticket for a copy of ``draft`` (the visit's settings: ``site``)."""
        intake = self.kiosk.intake
        frozen = copy.deepcopy(draft)
        language = draft.language
        visit = draft.submission_id

        def job() -> tuple[LivenessSummary | None, Submission | BaseException]:
            stored: LivenessSummary | None = None
            summary = frozen.liveness
            if outcome is not None and (summary is None or summary.check_id is None):
                try:
                    stored = self._keep(visit, outcome)
                except Exception as exc:  # reported as the submission's failure below
                    return None, exc
                frozen.liveness = stored
            try:
                submission = intake.submit(frozen, site=site, settings_version=settings_version)
            except Exception as exc:
                return stored, exc
            self._kept.pop(visit, None)  # part of the case now
            return stored, submission

        def done(result: tuple[LivenessSummary | None, Submission | BaseException]) -> None:
            stored, answer = result
            if stored is not None:
                self.liveness_stored.emit(visit, stored)  # kept, even if the ticket failed
            if isinstance(answer, Submission):
                self.issued.emit(answer)
            elif isinstance(answer, IntakeIncomplete):
                log.info("intake not complete: %s", ", ".join(sorted(answer.problems)))
                self.refused.emit(answer)
            else:
                failure_text(answer, language, "issuing a ticket")
                if isinstance(answer, DatabaseUnavailable):
                    key = "wizard.error.database"
                elif isinstance(answer, DomainError):
                    key = "wizard.error.domain"
                else:
                    key = "wizard.error.internal"
                self.failed.emit(tr(language, key))

        self._jobs.run(job, done, lambda error: done((None, error)))

    def print_ticket(self, submission: Submission, language: str) -> None:
        """Print in the background (nothing, on a kiosk that shows tickets on screen only)."""
        printing = self.kiosk.printing
        if printing is None:
            return
        ticket_id = submission.ticket.id

        def failed(error: BaseException) -> None:
            from kiosk.services.print_results import PrintResult
            from kiosk.services.printers import PrinterState

            failure_text(error, language, "printing a ticket")
            detail = type(error).__name__
            self.printed.emit(
                PrintResult(submission.ticket, False, PrinterState.ERROR, "", detail, 0)
            )

        self._jobs.run(
            lambda: printing.print_ticket(ticket_id, language), self.printed.emit, failed
        )

    def request_callback(self, case_id: int, phone: str, window_id: str, language: str) -> None:
        intake = self.kiosk.intake

        def failed(error: BaseException) -> None:
            if isinstance(error, IntakeIncomplete):
                problem = next(iter(error.problems.values()))
                text = tr(language, f"problem.{problem.code}", **problem.params)
            else:
                failure_text(error, language, "recording a call-back")
                text = tr(language, "wizard.error.database")
            self.callback_answered.emit(False, text)

        self._jobs.run(
            lambda: intake.request_callback(case_id, phone, window_id),
            lambda _window: self.callback_answered.emit(True, tr(language, "wizard.callback.done")),
            failed,
        )

    # -- a visit that ended without a ticket ---------------------------------------------------
    def forget(self, step: str, visit: str, stored: LivenessSummary | None) -> None:
        """Count the abandoned visit (anonymously) and delete its stored face check."""
        intake = self.kiosk.intake

        def job() -> None:
            intake.discard_liveness(self._kept.pop(visit, None) or stored)
            intake.record_abandoned(step)

        self._jobs.run(
            job,
            lambda _result: None,
            lambda error: _log_only(error, "forgetting an abandoned visit"),
        )

    def shutdown(self) -> None:
        self._jobs.shutdown()


def _log_only(error: BaseException, what: str) -> None:
    """A background job the visitor need not hear about: logged as it deserves."""
    failure_text(error, "en", what)

"""Intake submission: a visitor's draft becomes a ticket and a case in one transaction.

The ticket, the case with its answers, the acknowledgement and consent records and the link to
the liveness result are written together: either the visitor has a ticket with everything they
entered, or nothing was stored and they can try again. The draft's ``submission_id`` makes a
second submit of the same draft (a double tap, a retry after a lost reply) return the first
ticket instead of issuing another.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy.exc import IntegrityError

from kiosk.domain.clock import Clock, service_day, system_clock
from kiosk.domain.errors import DomainError
from kiosk.domain.forms import FieldProblem, FieldType, normalise_phone
from kiosk.domain.intake import (
    CallbackWindow,
    IntakeDraft,
    LivenessSummary,
    callback_windows,
    form_problems,
    priority_class_for,
)
from kiosk.domain.ticket import CALLABLE, Ticket
from kiosk.domain.waits import WaitEstimate
from kiosk.services.queue_service import QueueService
from kiosk.settings import SiteConfig
from kiosk.settings.models import FormField
from kiosk.storage import cases as case_rows
from kiosk.storage import tickets as rows
from kiosk.storage.audit import record

if TYPE_CHECKING:
    from kiosk.vision.liveness_check import LivenessOutcome

log = logging.getLogger(__name__)

#: a visitor asks for a call-back on the ticket screen, right after the ticket
CALLBACK_WITHIN = timedelta(hours=2)


class LivenessStore(Protocol):
    """Where face-check results go (the kiosk's face-check parts, or a LivenessService)."""

    def keep(self, outcome: LivenessOutcome, *, actor: str = ...) -> LivenessSummary: ...

    def discard(self, check_id: int) -> None: ...


class IntakeIncomplete(DomainError):
    """The draft cannot become a ticket yet; ``problems`` names the fields (or steps)."""

    def __init__(self, problems: dict[str, FieldProblem]) -> None:
        self.problems = problems
        super().__init__(f"the intake is not complete: {', '.join(sorted(problems))}")


@dataclass(frozen=True, slots=True)
class Submission:
    ticket: Ticket
    case_id: int
    wait: WaitEstimate | None
    offer_callback: bool
    repeated: bool = False


def contact_last4(fields: list[FormField], answers: Mapping[str, Any]) -> str | None:
    """The last four digits of the first phone number answered (to look a ticket up)."""
    for field in fields:
        value = answers.get(field.id)
        if field.type is FieldType.PHONE and isinstance(value, str):
            digits = "".join(c for c in value if c.isdigit())
            if len(digits) >= 4:
                return digits[-4:]
    return None


class IntakeService:
    """Turns drafts into tickets and cases. The site's rules come from the queue service's
    settings, or, for a visit, from the version the visitor started with (``site=``)."""

    def __init__(
        self,
        queue: QueueService,
        liveness: LivenessStore | None = None,
        clock: Clock = system_clock,
    ) -> None:
        self.queue = queue
        self.db = queue.db
        self.liveness = liveness
        self.clock = clock

    @property
    def site(self) -> SiteConfig:
        return self.queue.site

    def today(self, site: SiteConfig | None = None) -> date:
        return service_day(self.clock(), (site or self.site).timezone)

    # -- checks ----------------------------------------------------------------------------
    def problems(
        self, draft: IntakeDraft, site: SiteConfig | None = None
    ) -> dict[str, FieldProblem]:
        """What stops this draft from being submitted (empty when nothing does)."""
        site = site or self.site
        problems: dict[str, FieldProblem] = {}
        if draft.acknowledgement is None:
            problems["acknowledgement"] = FieldProblem("required")
        if draft.case_type is None:
            problems["case_type"] = FieldProblem("required")
            return problems
        form = site.case_type(draft.case_type).form
        rules = {f.id: f.rules() for f in form.fields}
        problems.update(form_problems(rules, draft.answers, self.today(site)))
        if draft.consent is None:
            problems["consent"] = FieldProblem("required")
        return problems

    def priority_class(self, draft: IntakeDraft, site: SiteConfig | None = None) -> str:
        site = site or self.site
        return priority_class_for(
            draft.assistance,
            {r.id: r.priority_class for r in site.assistance.reasons},
            {p.id: p.head_start_minutes for p in site.priority_classes},
        )

    # -- face checks -----------------------------------------------------------------------
    def store_liveness(self, outcome: LivenessOutcome) -> LivenessSummary:
        """Keep a finished face check (result, video, best frame) until the visit ends."""
        if self.liveness is None:
            raise DomainError("this kiosk keeps no face checks")
        return self.liveness.keep(outcome, actor="kiosk")

    # -- submitting ------------------------------------------------------------------------
    def submit(
        self,
        draft: IntakeDraft,
        *,
        site: SiteConfig | None = None,
        settings_version: int | None = None,
        actor: str = "kiosk",
    ) -> Submission:
        """Issue the ticket and store the case, or nothing at all. ``draft.liveness`` must
        already be stored (``store_liveness``) if there was a face check."""
        site = site or self.site
        problems = self.problems(draft, site)
        if problems:
            raise IntakeIncomplete(problems)
        existing = self._existing(draft.submission_id)
        if existing is not None:
            return existing
        assert draft.case_type is not None
        assert draft.acknowledgement is not None
        assert draft.consent is not None
        case_type = site.case_type(draft.case_type)
        form = case_type.form
        answers = {f.id: _stored_answer(f.type, draft.answers.get(f.id)) for f in form.fields}
        summary = draft.liveness
        try:
            with self.db.write() as conn:
                ticket = self.queue.issue_within(
                    conn,
                    site,
                    case_type=case_type.id,
                    priority_class=self.priority_class(draft, site),
                    language=draft.language,
                    flags=draft.flags(),
                    actor=actor,
                )
                new_case = case_rows.NewCase(
                    ticket_id=ticket.id,
                    case_type=case_type.id,
                    settings_version=settings_version,
                    form_version=form.version,
                    language=draft.language,
                    manual_id_check=draft.needs_manual_id_check,
                    liveness=None
                    if summary is None
                    else {"passed": summary.passed, "reason": summary.reason},
                    created_at=ticket.arrived_at,
                    submission_id=draft.submission_id,
                    priority_reasons=sorted(draft.assistance),
                    contact_last4=contact_last4(form.fields, answers),
                    assisted_by=draft.assisted_by,
                )
                case_id = case_rows.insert_case(
                    conn,
                    new_case,
                    answers,
                    draft.acknowledgement,
                    draft.consent,
                    summary.check_id if summary is not None else None,
                )
                record(
                    conn,
                    at=ticket.arrived_at,
                    actor=actor,
                    action="case_submitted",
                    entity="case",
                    entity_id=case_id,
                    details={
                        "code": ticket.code,
                        "case_type": ticket.case_type,
                        "manual_id_check": draft.needs_manual_id_check,
                        "consent": draft.consent.granted,
                        **(
                            {"assisted_by": draft.assisted_by, "consent_given": "orally"}
                            if draft.assisted_by
                            else {}
                        ),
                    },
                )
        except IntegrityError:
            existing = self._existing(draft.submission_id)
            if existing is None:
                raise
            return existing
        log.info(
            "intake submitted: ticket %s, case %s, manual ID check %s",
            ticket.code,
            case_id,
            draft.needs_manual_id_check,
        )
        return self._submission(ticket, case_id)

    def _existing(self, submission_id: str) -> Submission | None:
        with self.db.read() as conn:
            found = case_rows.find_submission(conn, submission_id)
            if found is None:
                return None
            ticket = rows.board_ticket(conn, found[1])
        return replace(self._submission(ticket, found[0]), repeated=True)

    def _submission(self, ticket: Ticket, case_id: int) -> Submission:
        wait = self.queue.estimate_if_waiting(ticket.id) if ticket.state in CALLABLE else None
        return Submission(ticket, case_id, wait, self.offers_callback(ticket, wait))

    def offers_callback(self, ticket: Ticket, wait: WaitEstimate | None) -> bool:
        """Specialist cases always; others when the estimated wait passes the queue's limit."""
        site = self.site
        if ticket.case_type and site.case_type(ticket.case_type).offers_callback:
            return True
        limit = site.queue(ticket.queue_id).callback_after_wait_minutes
        return wait is not None and limit is not None and wait.minutes > limit

    # -- after the ticket ------------------------------------------------------------------
    def callback_windows(self) -> list[CallbackWindow]:
        return callback_windows(self.clock(), self.site.timezone)

    def request_callback(self, case_id: int, phone: str, window_id: str) -> CallbackWindow:
        """The visitor goes home; a specialist calls back. The ticket leaves the queue."""
        number = normalise_phone(phone)
        digits = number.removeprefix("+")
        if not digits.isdigit() or not 5 <= len(digits) <= 15:
            raise IntakeIncomplete({"callback_phone": FieldProblem("not_a_phone")})
        window = next((w for w in self.callback_windows() if w.id == window_id), None)
        if window is None:
            raise IntakeIncomplete({"callback_window": FieldProblem("not_a_choice")})
        now = self.clock()
        site = self.site
        with self.db.write() as conn:
            found = case_rows.ticket_and_type(conn, case_id)
            if found is None:
                raise DomainError(f"there is no case {case_id}")
            queue_id = site.case_type(found[1]).queue
            done = case_rows.request_callback(
                conn,
                case_id,
                phone=number,
                window=window.id,
                due=window.starts,
                queue_id=queue_id,
                now=now,
                recent=now - CALLBACK_WITHIN,
            )
            if done is None:
                raise DomainError("a call-back can only be asked for right after the ticket")
            ticket = rows.board_ticket(conn, done[0])
            if done[1]:  # the ticket left the queue: the counters and the display hear of it
                record(
                    conn,
                    at=now,
                    actor="kiosk",
                    action="cancelled",
                    entity="ticket",
                    entity_id=ticket.id,
                    details={"code": ticket.code, "queue": ticket.queue_id, "state": "cancelled"},
                )
            record(
                conn,
                at=now,
                actor="kiosk",
                action="callback_requested",
                entity="case",
                entity_id=case_id,
                details={"code": ticket.code, "window": window.id, "queue": queue_id},
            )
        log.info("callback requested for case %s (%s)", case_id, window.id)
        return window

    def record_abandoned(self, step: str) -> None:
        """An abandoned visit leaves only this: which step it stopped at, and when."""
        with self.db.write() as conn:
            record(
                conn,
                at=self.clock(),
                actor="kiosk",
                action="intake_abandoned",
                entity="intake",
                entity_id=None,
                details={"step": step},
            )

    def discard_liveness(self, summary: LivenessSummary | None) -> None:
        """A stored face check whose visitor left before the ticket: delete it now."""
        if summary is None or summary.check_id is None or self.liveness is None:
            return
        self.liveness.discard(summary.check_id)

    def abandoned_count(self) -> int:
        """Abandoned visits so far (all days): the anonymous count, nothing else."""
        with self.db.read() as conn:
            return case_rows.count_actions(conn, "intake_abandoned")


def _stored_answer(field_type: FieldType, value: object) -> object:
    if isinstance(value, str):
        value = value.strip()
        if field_type is FieldType.PHONE:
            return normalise_phone(value)
        return value or None
    return value

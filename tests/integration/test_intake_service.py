"""Intake submission on a real database (SQLite and PostgreSQL): one ticket, everything kept."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from kiosk.domain.clock import ManualClock
from kiosk.domain.intake import LivenessSummary
from kiosk.domain.ticket import TicketState
from kiosk.services.case_view import case_file
from kiosk.services.intake_service import IntakeIncomplete, IntakeService
from kiosk.services.liveness_service import LivenessService
from kiosk.services.queue_service import QueueService
from kiosk.settings import SiteConfig
from kiosk.storage import Database
from kiosk.storage.schema import audit_log, cases, liveness_checks, media, tickets
from kiosk.vision.liveness_check import LivenessOutcome
from kiosk.vision.recorder import Recording
from tests.intake_answers import CASE_TYPES, complete_draft

MORNING = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(MORNING)


@pytest.fixture
def intake(db: Database, site: SiteConfig, clock: ManualClock) -> IntakeService:
    return IntakeService(QueueService(db, site, clock), LivenessService(db, site, clock), clock)


def count(db: Database, table: object) -> int:
    with db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


@pytest.mark.parametrize("case_type", CASE_TYPES)
def test_every_case_type_becomes_a_ticket_and_a_case(
    intake: IntakeService, db: Database, site: SiteConfig, case_type: str
) -> None:
    draft = complete_draft(site, case_type)
    draft.assistance = {"age_65"}
    draft.help_language = "yue"
    submission = intake.submit(draft, settings_version=None)
    ticket = submission.ticket
    assert ticket.prefix == site.case_type(case_type).prefix
    assert ticket.state is TicketState.WAITING
    assert ticket.priority_class == "priority"
    assert {"language_help", "help:yue", "manual_id_check"} <= ticket.flags
    stored = case_file(db, ticket.id)
    assert stored.case is not None
    assert stored.case["case_type"] == case_type
    assert stored.case["manual_id_check"] is True  # no face check in this draft
    assert stored.case["priority_reasons"] == ["age_65"]
    fields = site.case_type(case_type).form.fields
    assert set(stored.answers) == {f.id for f in fields}
    phone_fields = [f.id for f in fields if f.type.value == "phone"]
    for field_id in phone_fields:
        assert stored.answers[field_id] == "13800138000"  # normalised
    assert stored.acknowledgement is not None
    assert stored.acknowledgement["text_version"] == site.acknowledgement.version
    assert stored.consent is not None
    assert stored.consent["granted"] is True
    assert submission.offer_callback == site.case_type(case_type).offers_callback


def test_an_incomplete_draft_names_what_is_missing(
    intake: IntakeService, db: Database, site: SiteConfig
) -> None:
    draft = complete_draft(site, "wallet_reactivation")
    draft.answers["bound_phone"] = "12"
    draft.answers.pop("account_id")
    draft.consent = None
    with pytest.raises(IntakeIncomplete) as refused:
        intake.submit(draft)
    assert set(refused.value.problems) == {"bound_phone", "account_id", "consent"}
    assert refused.value.problems["bound_phone"].code == "not_a_phone"
    assert count(db, tickets) == 0
    assert count(db, cases) == 0


def test_submitting_the_same_draft_twice_gives_the_first_ticket(
    intake: IntakeService, db: Database, site: SiteConfig
) -> None:
    draft = complete_draft(site, "other")
    first = intake.submit(draft)
    again = intake.submit(draft)
    assert again.repeated
    assert again.ticket.id == first.ticket.id
    assert count(db, tickets) == 1


def test_two_threads_submitting_one_draft_issue_one_ticket(
    db: Database, site: SiteConfig, clock: ManualClock
) -> None:
    draft = complete_draft(site, "other")
    results: list[int] = []
    errors: list[BaseException] = []

    def submit() -> None:
        try:
            service = IntakeService(QueueService(db, site, clock), None, clock)
            results.append(service.submit(draft).ticket.id)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(results)) == 1
    assert count(db, tickets) == 1


def test_declined_consent_still_gives_a_ticket_for_a_manual_id_check(
    intake: IntakeService, db: Database, site: SiteConfig
) -> None:
    submission = intake.submit(complete_draft(site, "superapp_appeal", consent=False))
    assert "manual_id_check" in submission.ticket.flags
    stored = case_file(db, submission.ticket.id)
    assert stored.consent is not None
    assert stored.consent["granted"] is False
    assert stored.liveness is None


def test_the_face_check_is_stored_with_the_case(
    intake: IntakeService, db: Database, site: SiteConfig
) -> None:
    draft = complete_draft(site, "wallet_reactivation")
    outcome = LivenessOutcome(
        {"passed": True, "reasons": ["every prompt was answered in time"]},
        Recording(video=b"KVID1-video", best_frame=b"jpeg-bytes", frames=3, duration_ms=100),
    )
    draft.liveness = intake.store_liveness(outcome)
    assert draft.liveness.check_id is not None
    submission = intake.submit(draft)
    assert "manual_id_check" not in submission.ticket.flags
    stored = case_file(db, submission.ticket.id)
    assert stored.liveness is not None
    assert stored.liveness["passed"] is True
    assert stored.liveness["video_id"] is not None
    assert count(db, media) == 2


def test_a_callback_takes_the_visitor_out_of_the_queue(
    intake: IntakeService, db: Database, site: SiteConfig
) -> None:
    submission = intake.submit(complete_draft(site, "minor_spending_refund"))
    assert submission.offer_callback
    with pytest.raises(IntakeIncomplete):
        intake.request_callback(submission.case_id, "12", "today_afternoon")
    window = intake.request_callback(submission.case_id, "+86 138-0013-8000", "today_afternoon")
    stored = case_file(db, submission.ticket.id)
    assert stored.case is not None
    assert stored.case["callback_phone"] == "+8613800138000"
    assert stored.case["callback_window"] == "today_afternoon"
    assert stored.case["callback_due"] == window.starts
    assert stored.case["callback_queue"] == "specialist"
    assert intake.queue.get(submission.ticket.id).state is TicketState.CANCELLED


def test_an_abandoned_visit_leaves_only_a_count(
    intake: IntakeService, db: Database, site: SiteConfig
) -> None:
    outcome = LivenessOutcome(
        {"passed": True, "reasons": []},
        Recording(video=b"video", best_frame=b"frame", frames=2, duration_ms=66),
    )
    assert intake.liveness is not None
    check_id = intake.liveness.save(outcome)
    intake.record_abandoned("review")
    intake.discard_liveness(LivenessSummary(True, check_id=check_id))
    assert intake.abandoned_count() == 1
    assert count(db, liveness_checks) == 0
    assert count(db, media) == 0
    assert count(db, cases) == 0
    with db.read() as conn:
        details = conn.execute(
            select(audit_log.c.details).where(audit_log.c.action == "intake_abandoned")
        ).scalar_one()
    assert details == {"step": "review"}

"""Which pages a visit has, and the page that shows each step, built from the draft."""

from __future__ import annotations

from collections.abc import Callable

from kiosk.domain.intake import CallbackWindow, IntakeDraft, Position, Step, visit_steps
from kiosk.services.face_check import FaceCheckParts
from kiosk.services.intake_service import Submission
from kiosk.settings import SiteConfig
from kiosk.ui.visitor.acknowledgement_page import AcknowledgementPage
from kiosk.ui.visitor.assistance_page import AssistancePage
from kiosk.ui.visitor.case_type_page import CaseTypePage
from kiosk.ui.visitor.consent_page import ConsentPage
from kiosk.ui.visitor.form_page import FormPage, form_pages
from kiosk.ui.visitor.review_page import ReviewPage
from kiosk.ui.visitor.ticket_page import TicketPage
from kiosk.ui.visitor.welcome_page import WelcomePage
from kiosk.ui.visitor.wizard_page import PageContext, WizardPage


def face_check_step(
    site: SiteConfig, draft: IntakeDraft, face_check: FaceCheckParts | None
) -> bool:
    """The visitor agreed, the site checks faces and this kiosk has a usable camera."""
    consent = draft.consent
    return (
        consent is not None
        and consent.granted
        and site.liveness.enabled
        and face_check is not None
        and face_check.available
    )


def missing_face_check(
    site: SiteConfig, draft: IntakeDraft, face_check: FaceCheckParts | None
) -> str | None:
    """Why a visitor who agreed has no face check here (no camera, a refused recording, the
    site switched it off), or None when there is one or nothing to say."""
    consent = draft.consent
    if consent is None or not consent.granted or draft.liveness is not None:
        return None
    if face_check_step(site, draft, face_check):
        return None
    if not site.liveness.enabled:
        return "face_check_off"
    return (face_check.camera.reason if face_check is not None else "") or "no_camera"


def visit_sequence(
    site: SiteConfig, draft: IntakeDraft, face_check: FaceCheckParts | None
) -> list[Position]:
    pages = None
    if draft.case_type is not None:
        form = site.case_type(draft.case_type).form
        pages = len(form_pages(form.fields, form.fields_per_page))
    return visit_steps(pages, face_check_step(site, draft, face_check))


def build_page(
    step: Step,
    page_index: int,
    context: PageContext,
    *,
    face_check: FaceCheckParts | None,
    consent: bool,
    portrait: bool,
    submission: Submission | None,
    callback_windows: Callable[[], list[CallbackWindow]],
) -> WizardPage:
    if step is Step.WELCOME:
        return WelcomePage(context, side_by_side=not portrait)
    if step is Step.ACKNOWLEDGEMENT:
        return AcknowledgementPage(context)
    if step is Step.CASE_TYPE:
        return CaseTypePage(context, columns=1 if portrait else 2)
    if step is Step.FORM:
        return FormPage(context, page_index)
    if step is Step.ASSISTANCE:
        return AssistancePage(context)
    if step is Step.CONSENT:
        return ConsentPage(context, side_by_side=not portrait)
    if step is Step.LIVENESS:
        # Imported here: the camera and vision code is not needed for the welcome screen.
        from kiosk.ui.visitor.liveness_page import LivenessPage

        assert face_check is not None
        return LivenessPage(
            context,
            face_check.open_camera,
            lambda: face_check.new_check(consent),
            face_check.demo,
            face_check.judge,
        )
    if step is Step.REVIEW:
        return ReviewPage(context)
    assert submission is not None
    return TicketPage(context, submission, callback_windows(), side_by_side=not portrait)


def refill_page(
    page: WizardPage,
    context: PageContext,
    submission: Submission | None,
    callback_windows: Callable[[], list[CallbackWindow]],
) -> bool:
    """Show ``context`` in a kept ``page`` of its step; False when it must be built anew."""
    if isinstance(page, TicketPage):
        return submission is not None and page.show_ticket(context, submission, callback_windows())
    return page.refill(context)

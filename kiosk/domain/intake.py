"""What a visitor has told the kiosk so far, and the rules that turn it into a ticket.

The draft lives only in the kiosk's memory until the visitor submits it; an abandoned draft is
simply dropped (the kiosk then records an anonymous count and nothing else).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.domain.forms import FieldProblem, FieldRules, check_answer


class Step(StrEnum):
    """The wizard's steps, in order; also the names used for abandonment counts."""

    WELCOME = "welcome"
    ACKNOWLEDGEMENT = "acknowledgement"
    CASE_TYPE = "case_type"
    FORM = "form"
    ASSISTANCE = "assistance"
    CONSENT = "consent"
    LIVENESS = "liveness"
    REVIEW = "review"
    TICKET = "ticket"


Position = tuple[Step, int]


class Stage(StrEnum):
    """What the visitor is told about where they are: a few named stages, always the same
    number of them (the steps behind a stage vary with the case type and the camera)."""

    RULES = "rules"
    CASE = "case"
    DETAILS = "details"
    FACE_CHECK = "face_check"
    REVIEW = "review"
    TICKET = "ticket"


STAGE_OF_STEP = {
    Step.ACKNOWLEDGEMENT: Stage.RULES,
    Step.CASE_TYPE: Stage.CASE,
    Step.FORM: Stage.DETAILS,
    Step.ASSISTANCE: Stage.DETAILS,
    Step.CONSENT: Stage.FACE_CHECK,
    Step.LIVENESS: Stage.FACE_CHECK,
    Step.REVIEW: Stage.REVIEW,
    Step.TICKET: Stage.TICKET,
}


def visit_steps(form_pages: int | None, face_check: bool) -> list[Position]:
    """The pages of a visit in order: (step, page of the step). ``form_pages`` is None until
    a case type is chosen; ``face_check`` when the visitor agreed and the kiosk has a camera."""
    steps: list[Position] = [(Step.WELCOME, 0), (Step.ACKNOWLEDGEMENT, 0), (Step.CASE_TYPE, 0)]
    steps += [(Step.FORM, index) for index in range(form_pages or 0)]
    steps += [(Step.ASSISTANCE, 0), (Step.CONSENT, 0)]
    if face_check:
        steps.append((Step.LIVENESS, 0))
    steps.append((Step.REVIEW, 0))
    return steps


def next_position(sequence: list[Position], position: Position) -> Position | None:
    """The page after ``position`` in ``sequence``; for a page no longer in it (the face check
    after consent was withdrawn), the page after the last one that comes before it."""
    order = list(Step)
    if position in sequence:
        index = sequence.index(position)
    else:
        before = [
            i for i, p in enumerate(sequence) if order.index(p[0]) <= order.index(position[0])
        ]
        index = before[-1] if before else -1
    return sequence[index + 1] if index + 1 < len(sequence) else None


def first_problem(problems: Iterable[str], form_pages: list[list[str]]) -> Position | None:
    """Where a visitor fixes the first of ``problems`` (field ids, or the steps' names);
    ``form_pages`` lists the field ids of each form page."""
    wrong = set(problems)
    for step in (Step.ACKNOWLEDGEMENT, Step.CASE_TYPE, Step.CONSENT):
        if step.value in wrong:
            return (step, 0)
    for index, fields in enumerate(form_pages):
        if wrong.intersection(fields):
            return (Step.FORM, index)
    return None


#: Ticket flags the counters see.
MANUAL_ID_CHECK = "manual_id_check"
LANGUAGE_HELP = "language_help"
#: filled in at reception by a member of staff for the visitor
ASSISTED = "assisted"
HELP_LANGUAGE_PREFIX = "help:"


def text_fingerprint(parts: Iterable[str]) -> str:
    """sha256 of a shown text (its parts joined by newlines): proves which wording was agreed."""
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Agreement:
    """A text the visitor answered: which version, its fingerprint, in which language, when.
    ``witness``: the member of staff who read it out and heard the visitor's answer (an
    agreement given orally at reception); None when the visitor tapped it on a kiosk."""

    version: int
    sha256: str
    language: str
    at: datetime
    granted: bool = True
    witness: str | None = None


@dataclass(frozen=True, slots=True)
class LivenessSummary:
    passed: bool
    reason: str = ""
    check_id: int | None = None


@dataclass
class IntakeDraft:
    """Everything one visitor entered. ``submission_id`` makes a repeated submit harmless."""

    language: str
    large_text: bool = False
    high_contrast: bool = False
    acknowledgement: Agreement | None = None
    case_type: str | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    assistance: set[str] = field(default_factory=set)
    help_language: str | None = None
    consent: Agreement | None = None
    liveness: LivenessSummary | None = None
    #: the member of staff who filled the intake in with the visitor (reception)
    assisted_by: str | None = None
    submission_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def needs_manual_id_check(self) -> bool:
        """Declined consent, a failed or impossible face check: staff check the ID instead."""
        if self.consent is None or not self.consent.granted:
            return True
        return self.liveness is None or not self.liveness.passed

    def flags(self) -> set[str]:
        flags: set[str] = set()
        if self.needs_manual_id_check:
            flags.add(MANUAL_ID_CHECK)
        if self.help_language:
            flags.update({LANGUAGE_HELP, HELP_LANGUAGE_PREFIX + self.help_language})
        if self.assisted_by:
            flags.add(ASSISTED)
        return flags

    def choose_case_type(self, case_type: str) -> None:
        """A different case type has a different form: earlier answers no longer apply."""
        if case_type != self.case_type:
            self.answers.clear()
        self.case_type = case_type


def priority_class_for(
    reasons: Iterable[str], class_of_reason: Mapping[str, str], head_start: Mapping[str, float]
) -> str:
    """The class with the largest head start among the visitor's reasons; "normal" without."""
    classes = [class_of_reason[r] for r in reasons if r in class_of_reason]
    if not classes:
        return "normal"
    return max(classes, key=lambda c: (head_start.get(c, 0.0), c))


def form_problems(
    rules: Mapping[str, FieldRules], answers: Mapping[str, Any], today: date
) -> dict[str, FieldProblem]:
    """Every field whose answer would be refused (missing required answers included)."""
    problems: dict[str, FieldProblem] = {}
    for field_id, field_rules in rules.items():
        problem = check_answer(field_rules, answers.get(field_id), today)
        if problem is not None:
            problems[field_id] = problem
    return problems


# -- callbacks ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CallbackWindow:
    id: str
    starts: datetime
    ends: datetime


_WINDOWS = (("morning", time(9, 0), time(12, 0)), ("afternoon", time(14, 0), time(17, 30)))


def callback_windows(now: datetime, timezone: str) -> list[CallbackWindow]:
    """Today's and tomorrow's call-back windows that are not yet (nearly) over."""
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    windows: list[CallbackWindow] = []
    for offset, day_name in enumerate(("today", "tomorrow")):
        day = local.date() + timedelta(days=offset)
        for name, start, end in _WINDOWS:
            starts = datetime.combine(day, start, zone)
            ends = datetime.combine(day, end, zone)
            if ends - timedelta(minutes=30) <= local:
                continue
            windows.append(CallbackWindow(f"{day_name}_{name}", max(starts, local), ends))
    return windows

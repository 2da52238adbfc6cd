"""Pydantic models of the whole site configuration.

The admin screen is generated from these models, so titles, descriptions and bounds here are
what an administrator reads. Every model forbids unknown fields: a typo in a settings file is
an error with its path, never a silently ignored option.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import time
from enum import StrEnum
from pathlib import PurePosixPath
from typing import Annotated, Any, Final, Literal, Protocol, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, RootModel, field_validator, model_validator

from kiosk.domain.errors import NotFound
from kiosk.domain.forms import FieldRules, FieldType, asks_for_password
from kiosk.domain.liveness import Challenge

SCHEMA_VERSION: Final = 3

Identifier = Annotated[
    str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$", description="lower-case letters, digits, _")
]
Prefix = Annotated[str, Field(pattern=r"^[A-Z]{1,2}$", description="one or two capital letters")]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


#: The longest visitor-facing text in one language, and the most languages a text may have.
TEXT_LIMIT = 2000
TEXTS_PER_LANGUAGE_LIMIT = 20

#: ESC/POS printers: the network, USB, or a printer device file, and nothing else.
ESCPOS_TARGET = (
    r"^(tcp://[A-Za-z0-9.\-]{1,253}(:[0-9]{1,5})?"
    r"|usb:[0-9A-Fa-f]{4}:[0-9A-Fa-f]{4}"
    r"|/dev/(usb/lp|lp|ttyUSB|ttyACM|ttyS)[0-9]{1,3})$"
)


class Text(RootModel[dict[str, str]]):
    """A visitor-facing text, one entry per language code (``zh_CN``, ``en`` …)."""

    model_config = ConfigDict(frozen=True)

    def get(self, language: str, fallback: str = "en") -> str:
        values = self.root
        return values.get(language) or values.get(fallback) or next(iter(values.values()), "")

    @model_validator(mode="after")
    def _not_empty(self) -> Text:
        if not self.root:
            raise ValueError("needs a text for at least one language")
        if len(self.root) > TEXTS_PER_LANGUAGE_LIMIT:
            raise ValueError(f"has texts for more than {TEXTS_PER_LANGUAGE_LIMIT} languages")
        for code, value in self.root.items():
            if not re.fullmatch(r"[a-z]{2,3}(_[A-Za-z]{2,4})?", code):
                raise ValueError(f"'{code[:20]}' is not a language code")
            if len(value) > TEXT_LIMIT:
                raise ValueError(f"the text for {code} is longer than {TEXT_LIMIT} characters")
        blank = [code for code, value in self.root.items() if not value.strip()]
        if blank:
            raise ValueError(f"the text for {', '.join(blank)} is empty")
        return self


class Language(Model):
    code: str = Field(pattern=r"^[a-z]{2}(_[A-Z]{2})?$", title="Language code")
    native_name: str = Field(title="Name shown on the welcome screen", min_length=1, max_length=40)
    speech_locale: str | None = Field(
        default=None,
        max_length=40,
        title="Voice for announcements",
        description="empty: no spoken text",
    )


class Acknowledgement(Model):
    """The security rules every visitor confirms before starting."""

    version: int = Field(
        ge=1, title="Text version", description="goes up by itself when the text changes"
    )
    title: Text = Field(title="Heading")
    rules: list[Text] = Field(
        min_length=1, max_length=30, title="Rules, one per line on the screen"
    )
    confirm_label: Text = Field(title="Confirm button")

    def shown(self, language: str) -> list[str]:
        """Exactly what a visitor reads and confirms (or hears read out), for its fingerprint."""
        return [
            self.title.get(language),
            *(rule.get(language) for rule in self.rules),
            self.confirm_label.get(language),
        ]


class BiometricConsent(Model):
    """What the kiosk tells the visitor before the face check; a new text needs a new version."""

    version: int = Field(
        ge=1, title="Text version", description="goes up by itself when the text changes"
    )
    title: Text = Field(title="Heading")
    points: list[Text] = Field(
        min_length=1,
        max_length=20,
        title="What the visitor is told",
        description="{days} stands for the days the video is kept",
    )
    accept_label: Text = Field(title="Accept button")
    decline_label: Text = Field(title="Decline button")

    def shown_points(self, language: str, media_days: int) -> list[str]:
        return [p.get(language).replace("{days}", str(media_days)) for p in self.points]

    def answered(self, language: str, media_days: int, granted: bool) -> list[str]:
        """What the visitor was told and the answer they chose, for its fingerprint."""
        label = self.accept_label if granted else self.decline_label
        return [
            self.title.get(language),
            *self.shown_points(language, media_days),
            label.get(language),
        ]


class AssistanceReason(Model):
    id: Identifier
    label: Text
    priority_class: Identifier = Field(
        title="Priority class it gives", json_schema_extra={"options": "priority_classes"}
    )


class HelpLanguage(Model):
    code: str = Field(pattern=r"^[a-z]{2,3}(_[A-Za-z]{2,4})?$", title="Language code")
    name: Text


class Assistance(Model):
    """Reasons for priority and the languages or dialects counters can help in."""

    reasons: list[AssistanceReason] = Field(
        default_factory=list, max_length=20, title="Reasons for priority"
    )
    help_languages: list[HelpLanguage] = Field(
        default_factory=list, max_length=40, title="Languages and dialects counters can help in"
    )


class Choice(Model):
    value: Identifier
    label: Text


class FormField(Model):
    id: Identifier
    type: FieldType = Field(title="Answer type")
    label: Text = Field(title="Question")
    help: Text | None = Field(default=None, title="Help under the question")
    required: bool = Field(default=False, title="Must be answered")
    min_length: int | None = Field(default=None, ge=0, le=2000, title="At least (characters)")
    max_length: int | None = Field(default=None, ge=1, le=2000, title="At most (characters)")
    pattern: str | None = Field(
        default=None,
        max_length=200,
        title="Pattern",
        description="regular expression the answer matches",
    )
    pattern_message: Text | None = Field(
        default=None, title="Message when the pattern does not match"
    )
    choices: list[Choice] = Field(
        default_factory=list,
        max_length=50,
        title="Choices",
        json_schema_extra={"only_when": {"type": "choice"}},
    )
    multiple: bool = Field(
        default=False,
        title="Several answers allowed",
        json_schema_extra={"only_when": {"type": "choice"}},
    )

    @model_validator(mode="after")
    def _coherent(self) -> FormField:
        if asks_for_password(self.id, *self.label.root.values()):
            raise ValueError(
                f"field '{self.id}' asks for a password; the centre never collects passwords"
            )
        if self.type is FieldType.CHOICE and len(self.choices) < 2:
            raise ValueError(f"choice field '{self.id}' needs at least two choices")
        if self.type is not FieldType.CHOICE and self.choices:
            raise ValueError(f"field '{self.id}' has choices but is of type {self.type.value}")
        if (
            self.min_length is not None
            and self.max_length is not None
            and self.min_length > self.max_length
        ):
            raise ValueError(f"field '{self.id}': min_length is larger than max_length")
        if self.pattern is not None:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise ValueError(f"field '{self.id}': pattern is not valid ({exc})") from exc
        return self

    def rules(self) -> FieldRules:
        return FieldRules(
            type=self.type,
            required=self.required,
            min_length=self.min_length,
            max_length=self.max_length,
            pattern=self.pattern,
            choices=tuple(c.value for c in self.choices),
            multiple=self.multiple,
        )


class IntakeForm(Model):
    version: int = Field(default=1, ge=1)
    fields: list[FormField] = Field(min_length=1, max_length=80, title="Questions")
    fields_per_page: int = Field(default=2, ge=1, le=6, title="Questions per screen")

    @model_validator(mode="after")
    def _unique_ids(self) -> IntakeForm:
        _no_duplicates([f.id for f in self.fields], "field id")
        return self


class CaseType(Model):
    id: Identifier
    prefix: Prefix = Field(title="Ticket prefix")
    name: Text
    explanation: Text = Field(title="One-line explanation on the tile")
    icon: str = Field(
        default="help",
        pattern=r"^[a-z_]+$",
        title="Picture",
        json_schema_extra={"options": "icons"},
    )
    queue: Identifier = Field(
        title="Queue the tickets go to", json_schema_extra={"options": "queues"}
    )
    offers_callback: bool = Field(default=False, title="Offer a callback instead of waiting")
    form: IntakeForm = Field(title="Intake form")


class PriorityClass(Model):
    id: Identifier
    name: Text
    head_start_minutes: float = Field(
        ge=0,
        le=240,
        title="Head start (minutes)",
        description="goes ahead of people who arrived up to this long before",
    )


class Queue(Model):
    id: Identifier
    prefix: Prefix
    name: Text
    head_start_minutes: float = Field(default=0, ge=0, le=240)
    default_service_minutes: float = Field(
        default=12, gt=0, le=240, title="Expected minutes per visitor (before data exists)"
    )
    recalls_before_no_show: int = Field(default=2, ge=0, le=10, title="Recalls before no-show")
    callback_after_wait_minutes: int | None = Field(
        default=None, ge=1, le=600, title="Offer a callback when the wait is longer than"
    )
    specialist: bool = Field(default=False, title="Specialist queue")
    waiting_area: Text | None = Field(default=None, title="Waiting area printed on the ticket")


class Counter(Model):
    id: Identifier
    number: int = Field(ge=1, le=999, title="Number shown on the display")
    name: Text
    queues: list[Identifier] = Field(
        min_length=1, max_length=40, title="Queues served", json_schema_extra={"options": "queues"}
    )
    languages: list[Annotated[str, Field(max_length=12)]] = Field(
        default_factory=list,
        max_length=20,
        title="Languages spoken at this counter",
        json_schema_extra={"options": "languages"},
    )


class LivenessSettings(Model):
    enabled: bool = Field(default=True, title="Face check")
    challenges: list[Challenge] = Field(
        default_factory=lambda: list(Challenge),
        min_length=2,
        max_length=10,
        title="Prompts the kiosk may ask",
    )
    prompts_min: int = Field(default=2, ge=1, le=5, title="Prompts per attempt, at least")
    prompts_max: int = Field(default=3, ge=1, le=5, title="Prompts per attempt, at most")
    response_window_seconds: float = Field(
        default=5.0, ge=1.5, le=20, title="Seconds to answer each prompt"
    )
    session_limit_seconds: float = Field(
        default=45.0, ge=10, le=180, title="Longest face check (seconds)"
    )
    max_attempts: int = Field(default=3, ge=1, le=5, title="Attempts before a manual ID check")
    camera_index: int = Field(
        default=0, ge=0, le=9, title="Camera number", json_schema_extra={"requires_restart": True}
    )

    @model_validator(mode="after")
    def _bounds(self) -> LivenessSettings:
        if self.prompts_min > self.prompts_max:
            raise ValueError("prompts_min is larger than prompts_max")
        return self


class PrinterBackend(StrEnum):
    PDF_FOLDER = "pdf_folder"
    CUPS = "cups"
    ESCPOS = "escpos"


class PrinterSettings(Model):
    backend: PrinterBackend = Field(default=PrinterBackend.PDF_FOLDER, title="Printer type")
    paper_width_mm: Literal[58, 80] = Field(default=80, title="Paper width (mm)")
    cups_queue: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9_.\-]{1,127}$",
        title="CUPS printer",
        json_schema_extra={"options": "cups_queues"},
    )
    escpos_target: str | None = Field(
        default=None,
        pattern=ESCPOS_TARGET,
        title="Receipt printer address",
        description="tcp://host:port, usb:VID:PID or a printer device (/dev/usb/lp0)",
    )
    pdf_folder: str | None = Field(
        default=None,
        max_length=400,
        title="Folder for PDF tickets",
        description="empty: the kiosk's data folder",
    )
    house_rules_reminder: list[Text] = Field(
        default_factory=list, title="Short reminders printed on every ticket", max_length=4
    )

    @field_validator("pdf_folder")
    @classmethod
    def _plain_folder(cls, value: str | None) -> str | None:
        if value is None:
            return value
        path = PurePosixPath(value)
        if not path.is_absolute() or ".." in path.parts or "\0" in value:
            raise ValueError("must be an absolute folder path without '..'")
        return value


class RetentionSettings(Model):
    media_days: int = Field(default=30, ge=1, le=365, title="Keep liveness videos (days)")
    case_days: int = Field(default=180, ge=1, le=3650, title="Keep cases and answers (days)")
    audit_days: int = Field(default=730, ge=30, le=3650, title="Keep the audit log (days)")
    purge_time: time = Field(default=time(3, 0), title="Daily purge at (local time)")


class SecuritySettings(Model):
    """Sign-in rules, sessions that end by themselves, alerts."""

    admin_pin_min: int = Field(default=6, ge=6, le=12, title="Shortest PIN of administrators")
    clerk_pin_min: int = Field(default=4, ge=4, le=12, title="Shortest PIN of clerks")
    failures_before_lock: int = Field(
        default=5, ge=3, le=10, title="Wrong PINs in a row before an account is locked"
    )
    lock_minutes: int = Field(default=10, ge=1, le=240, title="Locked for (minutes)")
    console_idle_minutes: int = Field(
        default=10, ge=1, le=120, title="A counter's console locks after (minutes without use)"
    )
    kiosk_admin_idle_seconds: int = Field(
        default=60,
        ge=15,
        le=600,
        title="The admin screen on a kiosk returns to the visitors after (seconds)",
    )
    kiosk_admin_failures: int = Field(
        default=3, ge=1, le=10, title="Failed admin sign-ins on a kiosk before a pause"
    )
    kiosk_admin_pause_minutes: int = Field(
        default=10, ge=1, le=120, title="Admin sign-in on that kiosk paused for (minutes)"
    )
    face_alert_failures: int = Field(
        default=5,
        ge=2,
        le=50,
        title="Staff are alerted when one kiosk has more failed face checks than",
    )
    face_alert_minutes: int = Field(default=3, ge=1, le=60, title="… within (minutes)")
    kiosk_reprints: int = Field(
        default=1, ge=0, le=3, title="Reprints a visitor may make at a kiosk (more: at a counter)"
    )


class IdleSettings(Model):
    timeout_seconds: int = Field(default=60, ge=15, le=600, title="Ask 'still there?' after")
    countdown_seconds: int = Field(default=15, ge=5, le=120, title="Then wipe after")


class SiteConfig(Model):
    schema_version: Literal[3] = SCHEMA_VERSION
    site_name: Text = Field(title="Name of the centre")
    timezone: str = Field(
        default="Asia/Shanghai",
        max_length=64,
        title="Site time zone (numbers reset at midnight)",
        json_schema_extra={"options": "timezones"},
    )
    languages: list[Language] = Field(min_length=1, max_length=10)
    default_language: str = Field(
        default="zh_CN",
        max_length=12,
        title="Language the kiosk starts in",
        json_schema_extra={"options": "site_languages"},
    )
    acknowledgement: Acknowledgement
    consent: BiometricConsent
    assistance: Assistance = Field(default_factory=Assistance)
    priority_classes: list[PriorityClass] = Field(min_length=1, max_length=10)
    queues: list[Queue] = Field(min_length=1, max_length=40)
    case_types: list[CaseType] = Field(min_length=1, max_length=40)
    counters: list[Counter] = Field(min_length=1, max_length=200)
    liveness: LivenessSettings = Field(default_factory=LivenessSettings)
    printer: PrinterSettings = Field(default_factory=PrinterSettings)
    retention: RetentionSettings = Field(default_factory=RetentionSettings)
    idle: IdleSettings = Field(default_factory=IdleSettings)
    security: SecuritySettings = Field(default_factory=SecuritySettings)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone '{value}'") from exc
        return value

    @model_validator(mode="after")
    def _consistent(self) -> SiteConfig:
        """Rules across sections; every broken one is reported, each with its path."""
        problems: list[str] = []

        def unique(path: str, items: list[Any], key: str, what: str) -> None:
            for index in _duplicates([getattr(item, key) for item in items]):
                value = getattr(items[index], key)
                problems.append(f"{path}[{index}].{key}: {what} '{value}' is used twice")

        codes = [lang.code for lang in self.languages]
        unique("languages", self.languages, "code", "language")
        if self.default_language not in codes:
            problems.append(
                f"default_language: '{self.default_language}' is not one of the languages"
            )
        for path, text in _texts(self, ""):
            missing = [c for c in codes if c not in text.root]
            if missing:
                problems.append(f"{path.lstrip('.')}: no text for {', '.join(missing)}")
        unique("priority_classes", self.priority_classes, "id", "priority class")
        unique("queues", self.queues, "id", "queue id")
        unique("queues", self.queues, "prefix", "queue prefix")
        unique("case_types", self.case_types, "id", "case type id")
        unique("case_types", self.case_types, "prefix", "ticket prefix")
        unique("counters", self.counters, "id", "counter id")
        unique("counters", self.counters, "number", "counter number")
        unique("assistance.reasons", self.assistance.reasons, "id", "assistance reason")
        unique("assistance.help_languages", self.assistance.help_languages, "code", "language")
        queue_ids = {q.id for q in self.queues}
        queue_of_prefix = {q.prefix: q.id for q in self.queues}
        for index, case in enumerate(self.case_types):
            if case.queue not in queue_ids:
                problems.append(
                    f"case_types[{index}].queue: case type '{case.id}' sends tickets to "
                    f"unknown queue '{case.queue}'"
                )
            owner = queue_of_prefix.get(case.prefix)
            if owner is not None and owner != case.queue:
                problems.append(
                    f"case_types[{index}].prefix: case type '{case.id}' uses prefix "
                    f"{case.prefix}, which already belongs to queue '{owner}'"
                )
        class_ids = {p.id for p in self.priority_classes}
        for index, reason in enumerate(self.assistance.reasons):
            if reason.priority_class not in class_ids:
                problems.append(
                    f"assistance.reasons[{index}].priority_class: unknown priority class "
                    f"'{reason.priority_class}'"
                )
        for index, counter in enumerate(self.counters):
            unknown = [q for q in counter.queues if q not in queue_ids]
            if unknown:
                problems.append(
                    f"counters[{index}].queues: counter '{counter.id}' serves unknown "
                    f"queue(s) {', '.join(unknown)}"
                )
        served = {q for c in self.counters for q in c.queues}
        unserved = sorted(queue_ids - served)
        if unserved:
            problems.append(f"counters: no counter serves queue(s) {', '.join(unserved)}")
        if problems:
            raise ValueError("\n".join(problems))
        return self

    # Look-ups used across the application.
    def queue(self, queue_id: str) -> Queue:
        return _find(self.queues, queue_id, "queue")

    def case_type(self, case_type_id: str) -> CaseType:
        return _find(self.case_types, case_type_id, "case type")

    def counter(self, counter_id: str) -> Counter:
        return _find(self.counters, counter_id, "counter")

    def priority_class(self, class_id: str) -> PriorityClass:
        return _find(self.priority_classes, class_id, "priority class")


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_Item = TypeVar("_Item", bound=_HasId)


def _find(items: list[_Item], item_id: str, kind: str) -> _Item:
    for item in items:
        if item.id == item_id:
            return item
    raise NotFound(f"unknown {kind} '{item_id}'")


def _duplicates(values: list[Any]) -> list[int]:
    """Indexes of values already seen earlier in the list."""
    seen: set[Any] = set()
    repeated = []
    for index, value in enumerate(values):
        if value in seen:
            repeated.append(index)
        seen.add(value)
    return repeated


def _no_duplicates(values: list[Any], what: str) -> None:
    seen: set[Any] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{what} '{value}' is used twice")
        seen.add(value)


def _texts(node: object, path: str) -> Iterator[tuple[str, Text]]:
    if isinstance(node, Text):
        yield path, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _texts(getattr(node, name), f"{path}.{name}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _texts(item, f"{path}[{index}]")

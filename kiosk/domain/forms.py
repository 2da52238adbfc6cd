"""Intake-form answers and the rules they must meet, independent of any screen.

Validation returns a :class:`FieldProblem` (a code plus parameters) instead of a sentence, so
that the screen can say it in the visitor's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class FieldType(StrEnum):
    """What a field holds, which also says how it is typed: ``text`` and ``multiline`` on the
    visitor's own keyboard (Pinyin for Chinese); ``identifier`` (account, wallet or order
    numbers) and ``email`` on the Latin letter keyboard; digits, phone and date on the keypad."""

    TEXT = "text"
    IDENTIFIER = "identifier"
    EMAIL = "email"
    DIGITS = "digits"
    PHONE = "phone"
    DATE = "date"
    CHOICE = "choice"
    MULTILINE = "multiline"
    YES_NO = "yes_no"


@dataclass(frozen=True, slots=True)
class FieldRules:
    """What an answer must satisfy; built from the site configuration's field definition."""

    type: FieldType
    required: bool = False
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    choices: tuple[str, ...] = ()
    multiple: bool = False


@dataclass(frozen=True, slots=True)
class FieldProblem:
    code: str
    params: dict[str, int | str] = field(default_factory=dict)


_PHONE_SEPARATORS = re.compile(r"[\s\-()]")
#: letters, digits and the few marks ids use (wxid_ab-12, shop.88, 9131…X)
_IDENTIFIER = re.compile(r"[A-Za-z0-9._@\-]+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_DATE_FORMS = (
    (re.compile(r"^(\d{4})$"), 1),
    (re.compile(r"^(\d{4})-(\d{1,2})$"), 2),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), 3),
)


def normalise_phone(raw: str) -> str:
    """Digits with an optional leading +, separators removed."""
    return _PHONE_SEPARATORS.sub("", raw.strip())


def parse_partial_date(raw: str) -> date | None:
    """YYYY, YYYY-MM or YYYY-MM-DD (visitors often remember only the year); None if invalid."""
    text = raw.strip().replace("/", "-").replace(".", "-")
    for pattern, parts in _DATE_FORMS:
        match = pattern.match(text)
        if not match:
            continue
        numbers = [int(g) for g in match.groups()] + [1] * (3 - parts)
        try:
            return date(numbers[0], numbers[1], numbers[2])
        except ValueError:
            return None
    return None


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str | list | tuple) and len(value) == 0)


def check_answer(rules: FieldRules, value: object, today: date) -> FieldProblem | None:
    """The first problem with ``value``, or None when it is acceptable."""
    if isinstance(value, str):
        value = value.strip()
    if _is_blank(value):
        return FieldProblem("required") if rules.required else None

    if rules.type is FieldType.YES_NO:
        return None if isinstance(value, bool) else FieldProblem("not_yes_no")

    if rules.type is FieldType.CHOICE:
        picked = value if isinstance(value, list | tuple) else [value]
        if not rules.multiple and len(picked) > 1:
            return FieldProblem("one_choice_only")
        for item in picked:
            if item not in rules.choices:
                return FieldProblem("not_a_choice")
        return None

    if not isinstance(value, str):
        return FieldProblem("not_text")

    if rules.type is FieldType.DIGITS and not value.isdigit():
        return FieldProblem("digits_only")
    if rules.type is FieldType.IDENTIFIER and not _IDENTIFIER.fullmatch(value):
        return FieldProblem("not_an_identifier")
    if rules.type is FieldType.EMAIL and not _EMAIL.fullmatch(value):
        return FieldProblem("not_an_email")
    if rules.type is FieldType.PHONE:
        phone = normalise_phone(value)
        digits = phone.removeprefix("+")
        if not digits.isdigit() or not 5 <= len(digits) <= 15:
            return FieldProblem("not_a_phone")
        value = phone
    if rules.type is FieldType.DATE:
        parsed = parse_partial_date(value)
        if parsed is None:
            return FieldProblem("not_a_date")
        if parsed > today:
            return FieldProblem("date_in_future")
        if parsed.year < 1990:
            return FieldProblem("date_too_early", {"year": 1990})
        return None

    length = len(value)
    if rules.min_length is not None and length < rules.min_length:
        return FieldProblem("too_short", {"min": rules.min_length})
    if rules.max_length is not None and length > rules.max_length:
        return FieldProblem("too_long", {"max": rules.max_length})
    if rules.pattern is not None and not re.fullmatch(rules.pattern, value):
        return FieldProblem("pattern")
    return None


#: Words that must never label or name a field: the centre never collects passwords.
FORBIDDEN_FIELD_WORDS = ("password", "passwd", "passcode", "密码", "口令", "pwd")


def asks_for_password(*texts: str) -> bool:
    lowered = " ".join(texts).lower()
    return any(word in lowered for word in FORBIDDEN_FIELD_WORDS)

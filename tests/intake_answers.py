"""Valid answers for any case type's form, derived from its schema (shared by tests)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from kiosk.domain.forms import FieldType
from kiosk.domain.intake import Agreement, IntakeDraft
from kiosk.settings import SiteConfig, default_site
from kiosk.settings.models import FormField

#: Every case type of the shipped site, for tests that go through each of them.
CASE_TYPES = [case.id for case in default_site().case_types]


def valid_answer(field: FormField) -> Any:
    kind = field.type
    if kind is FieldType.CHOICE:
        first = field.choices[0].value
        return [first] if field.multiple else first
    if kind is FieldType.YES_NO:
        return True
    if kind is FieldType.PHONE:
        return "138 0013 8000"
    if kind is FieldType.DATE:
        return "2024-05"
    if kind is FieldType.DIGITS:
        return "1" * max(field.min_length or 1, min(field.max_length or 4, 4))
    if field.pattern == "[0-9A-Z]{18}":
        return "91310000MA1FL0000X"
    if kind is FieldType.EMAIL:
        return "chen.li@example.com"
    if kind is FieldType.IDENTIFIER:
        return "wxid_chenli1956"[: field.max_length or 15].ljust(field.min_length or 1, "0")
    length = max(field.min_length or 0, 12 if kind is FieldType.MULTILINE else 6)
    if field.max_length is not None:
        length = min(length, field.max_length)
    return ("answer " * 200)[:length].strip().ljust(length, "x")


def valid_answers(site: SiteConfig, case_type: str) -> dict[str, Any]:
    return {f.id: valid_answer(f) for f in site.case_type(case_type).form.fields}


def complete_draft(
    site: SiteConfig, case_type: str, *, consent: bool = True, language: str = "en"
) -> IntakeDraft:
    now = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
    draft = IntakeDraft(language)
    draft.acknowledgement = Agreement(site.acknowledgement.version, "a" * 64, language, now)
    draft.choose_case_type(case_type)
    draft.answers.update(valid_answers(site, case_type))
    draft.consent = Agreement(site.consent.version, "c" * 64, language, now, granted=consent)
    return draft

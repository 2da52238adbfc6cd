"""A language added to the site starts with a copy of the default language's texts.

Every visitor-facing text must exist in every site language, so a new language could never be
saved on its own; instead its texts start as copies, and the administrator translates them on
each page (which now shows a line for the new language).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from kiosk.settings.models import SiteConfig, Text


def _fill(model: Any, document: Any, added: list[str], source: str) -> int:
    if isinstance(model, Text) and isinstance(document, dict):
        original = model.get(source)
        missing = [code for code in added if not document.get(code)]
        for code in missing:
            document[code] = original
        return len(missing)
    if isinstance(model, BaseModel) and isinstance(document, dict):
        return sum(
            _fill(getattr(model, name), document[name], added, source)
            for name in type(model).model_fields
            if name in document
        )
    if isinstance(model, list) and isinstance(document, list):
        return sum(_fill(m, d, added, source) for m, d in zip(model, document, strict=False))
    return 0


def copy_texts_for_new_languages(
    old: SiteConfig, document: dict[str, Any]
) -> tuple[list[str], int]:
    """Give every text of ``document`` (``old`` with edits) the languages it adds, copied from
    the default language; the languages added and how many texts were filled."""
    before = {lang.code for lang in old.languages}
    codes = [lang.get("code") for lang in document.get("languages", []) if isinstance(lang, dict)]
    added = [c for c in codes if isinstance(c, str) and c not in before]
    if not added:
        return [], 0
    return added, _fill(old, document, added, old.default_language)

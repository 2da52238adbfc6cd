"""Fixed visitor-facing sentences of the software itself, per language.

Site-specific texts (case types, rules, forms) live in the site configuration; the sentences
here belong to the program (receipts, printer messages, screens) and ship in
``resources/translations/<language>.json``. A sentence missing in one language falls back to
English, then to its key, so a screen never shows nothing.
"""

from __future__ import annotations

import json
from functools import cache

from kiosk.resources import resource_path

FALLBACK = "en"


@cache
def catalog(language: str) -> dict[str, str]:
    path = resource_path("translations", f"{language}.json")
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.items()}


def tr(language: str, key: str, **params: object) -> str:
    text = catalog(language).get(key) or catalog(FALLBACK).get(key) or key
    return text.format(**params) if params else text

"""Upgrades of older settings documents to the current ``schema_version``.

Each step takes the plain JSON document of version N and returns version N+1; steps never
validate (the models do that once, at the end). A site exported by an older kiosk therefore
imports into a newer one unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from kiosk.settings.models import SCHEMA_VERSION

Document = dict[str, Any]
Step = Callable[[Document], Document]


def _add_consent_and_assistance(document: Document) -> Document:
    """2: the biometric consent text and the assistance options became site settings.

    An older site gets the texts shipped with the kiosk; the administrator can change them.
    """
    from kiosk.resources import resource_path

    shipped = json.loads(resource_path("site", "default_site.json").read_text(encoding="utf-8"))
    upgraded = dict(document)
    upgraded.setdefault("consent", shipped["consent"])
    upgraded.setdefault("assistance", shipped["assistance"])
    return upgraded


def _add_security(document: Document) -> Document:
    """3: sign-in, session and alert rules became settings (their defaults, unless given)."""
    upgraded = dict(document)
    upgraded.setdefault("security", {})
    return upgraded


#: version N -> function turning a version-N document into version N+1
STEPS: dict[int, Step] = {1: _add_consent_and_assistance, 2: _add_security}


class MigrationError(ValueError):
    pass


def migrate(document: Document, steps: dict[int, Step] | None = None) -> Document:
    """Bring ``document`` up to :data:`SCHEMA_VERSION`."""
    steps = STEPS if steps is None else steps
    version = document.get("schema_version", 1)
    if not isinstance(version, int) or version < 1:
        raise MigrationError(f"schema_version must be a whole number ≥ 1, not {version!r}")
    if version > SCHEMA_VERSION:
        raise MigrationError(
            f"schema_version {version} is newer than this kiosk understands ({SCHEMA_VERSION}); "
            "update the kiosk software first"
        )
    upgraded = dict(document)
    while version < SCHEMA_VERSION:
        step = steps.get(version)
        if step is None:
            raise MigrationError(f"no migration from schema_version {version}")
        upgraded = step(upgraded)
        version += 1
        upgraded["schema_version"] = version
    return upgraded

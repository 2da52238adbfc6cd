"""Reading site configurations from files and database documents, with errors that say where."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kiosk.settings.migrations import MigrationError, migrate
from kiosk.settings.models import SiteConfig


class SettingsError(ValueError):
    """A settings document that cannot be used; ``problems`` holds one line per problem."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        listing = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"settings in {source} are not valid:\n{listing}")


def _location(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path or "(top level)"


def describe_validation_error(error: ValidationError) -> list[str]:
    problems = []
    for item in error.errors():
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown field (not part of the settings schema)"
        if not item["loc"]:  # rules across sections: one problem per line, each with its path
            problems.extend(message.splitlines())
            continue
        problems.append(f"{_location(item['loc'])}: {message}")
    return problems


def parse_site(document: Any, source: str) -> SiteConfig:
    """Validate a decoded JSON document, migrating it from older schema versions first."""
    if not isinstance(document, dict):
        raise SettingsError(source, ["the top level must be a JSON object"])
    try:
        upgraded = migrate(document)
    except MigrationError as exc:
        raise SettingsError(source, [f"schema_version: {exc}"]) from exc
    try:
        return SiteConfig.model_validate(upgraded)
    except ValidationError as exc:
        raise SettingsError(source, describe_validation_error(exc)) from exc


def load_site_file(path: Path) -> SiteConfig:
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SettingsError(str(path), [f"cannot read the file ({exc.strerror})"]) from exc
    try:
        document = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise SettingsError(
            str(path), [f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"]
        ) from exc
    return parse_site(document, str(path))


def site_to_document(site: SiteConfig) -> dict[str, Any]:
    return site.model_dump(mode="json")


@cache
def default_site() -> SiteConfig:
    """The site shipped in ``resources/site/default_site.json``."""
    from kiosk.resources import resource_path

    return load_site_file(resource_path("site", "default_site.json"))

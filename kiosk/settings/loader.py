"""Reading site configurations from files and database documents, with errors that say where."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import PydanticSerializationError, to_json

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
    """``printer.pdf_folder``, ``counters[2].queues``; a key that is not a plain name (it
    may be anything a file holds) is quoted: ``site_name["z h"]``."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part.isidentifier() and part.isascii():
            path += f".{part}" if path else part
        else:
            shown = part if len(part) <= 40 else part[:40] + "…"
            path += f"[{json.dumps(shown, ensure_ascii=False)}]"
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


#: A settings file larger than this is refused before it is read.
FILE_LIMIT = 2_000_000


def parse_site(document: Any, source: str) -> SiteConfig:
    """Validate a decoded JSON document, migrating it from older schema versions first.

    Types are strict, as JSON has them: "30" is not 30 and "no" is not false (a time, a date
    or a choice is still written as a string)."""
    if not isinstance(document, dict):
        raise SettingsError(source, ["the top level must be a JSON object"])
    try:
        upgraded = migrate(document)
    except MigrationError as exc:
        raise SettingsError(source, [f"schema_version: {exc}"]) from exc
    try:
        raw = to_json(upgraded)
    except (PydanticSerializationError, RecursionError, ValueError) as exc:
        raise SettingsError(source, ["the settings cannot be read (nested too deeply)"]) from exc
    try:
        return SiteConfig.model_validate_json(raw, strict=True)
    except ValidationError as exc:
        raise SettingsError(source, describe_validation_error(exc)) from exc
    except RecursionError as exc:
        raise SettingsError(source, ["the settings are nested too deeply"]) from exc


def load_site_file(path: Path) -> SiteConfig:
    try:
        if path.stat().st_size > FILE_LIMIT:
            raise SettingsError(str(path), [f"the file is larger than {FILE_LIMIT:,} bytes"])
        data = path.read_bytes()
    except OSError as exc:
        raise SettingsError(str(path), [f"cannot read the file ({exc.strerror})"]) from exc
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SettingsError(
            str(path), [f"not UTF-8 text (a wrong byte at position {exc.start})"]
        ) from exc
    try:
        document = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise SettingsError(
            str(path), [f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"]
        ) from exc
    except RecursionError as exc:
        raise SettingsError(str(path), ["the JSON is nested too deeply"]) from exc
    return parse_site(document, str(path))


def site_to_document(site: SiteConfig) -> dict[str, Any]:
    return site.model_dump(mode="json")


@cache
def default_site() -> SiteConfig:
    """The site shipped in ``resources/site/default_site.json``."""
    from kiosk.resources import resource_path

    return load_site_file(resource_path("site", "default_site.json"))

"""The site configuration in force, shared by every machine through the database."""

from __future__ import annotations

import copy
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.domain.clock import Clock, system_clock
from kiosk.settings import SettingsError, SiteConfig, default_site, load_site_file, parse_site
from kiosk.settings.loader import site_to_document
from kiosk.settings.new_language import copy_texts_for_new_languages
from kiosk.settings.text_versions import raise_changed_versions
from kiosk.storage import Database
from kiosk.storage import settings_store as store
from kiosk.storage.audit import record

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ActiveSettings:
    version_id: int
    site: SiteConfig


class SiteSettings:
    """Reads, saves, imports and restores settings versions.

    The newest version that validates is in force. A version that no longer validates (written
    by hand into the database, say) is skipped with a log line, so one bad save never takes the
    site down.
    """

    def __init__(self, db: Database, clock: Clock = system_clock) -> None:
        self._db = db
        self._clock = clock

    def current(self) -> ActiveSettings:
        active = self.newer_than(None)
        assert active is not None
        return active

    def newer_than(self, version_id: int | None) -> ActiveSettings | None:
        """The version in force if it is not ``version_id`` (one cheap query when it is)."""
        with self._db.read() as conn:
            newest = store.newest_version_id(conn)
            if newest is not None and newest == version_id:
                return None
            stored = store.get_version(conn, newest) if newest is not None else None
            candidates = [stored] if stored is not None else []
        for candidate in candidates:
            try:
                return ActiveSettings(
                    candidate.id, parse_site(candidate.document, f"version {candidate.id}")
                )
            except SettingsError as exc:
                log.error("skipping settings version %s: %s", candidate.id, "; ".join(exc.problems))
        if newest is None:
            return self._seed()
        with self._db.read() as conn:
            older = store.versions_older_than(conn, newest)
        for candidate in older:
            try:
                active = ActiveSettings(
                    candidate.id, parse_site(candidate.document, f"version {candidate.id}")
                )
            except SettingsError as exc:
                log.error("skipping settings version %s: %s", candidate.id, "; ".join(exc.problems))
                continue
            return None if active.version_id == version_id else active
        return self._seed()

    def _seed(self) -> ActiveSettings:
        site = default_site()
        version_id = self.save(site, actor="setup", comment="default site")
        return ActiveSettings(version_id, site)

    def save(self, site: SiteConfig, *, actor: str, comment: str = "") -> int:
        document = site_to_document(site)
        now = self._clock()
        with self._db.write() as conn:
            version_id = store.save_version(
                conn, document, created_at=now, created_by=actor, comment=comment
            )
            record(
                conn,
                at=now,
                actor=actor,
                action="settings_saved",
                entity="settings",
                entity_id=version_id,
                details={"comment": comment[:80]},
            )
        log.info("settings version %s saved by %s", version_id, actor)
        return version_id

    def save_changes(self, changes: dict[str, Any], *, actor: str, comment: str = "") -> int:
        """The settings in force with ``changes`` (top-level sections) applied, checked as a
        whole and saved as a new version; raises SettingsError listing every problem."""
        current = self.current().site
        before = site_to_document(current)
        document = copy.deepcopy(before)
        document.update(copy.deepcopy(changes))
        added, filled = copy_texts_for_new_languages(current, document)
        raised = raise_changed_versions(before, document)
        site = parse_site(document, "the edited settings")
        summary = "edited " + ", ".join(changes)
        if added:
            summary += f"; {filled} texts copied for {', '.join(added)} (to translate)"
        if raised:
            summary += "; new text version for " + ", ".join(raised)
        return self.save(site, actor=actor, comment=comment or summary)

    def import_file(self, path: Path, *, actor: str) -> int:
        """Validate a JSON file as a whole and save it as a new version; raises SettingsError."""
        site = load_site_file(path)
        return self.save(site, actor=actor, comment=f"imported from {path.name}")

    def export_file(self, path: Path) -> int:
        active = self.current()
        path.write_text(
            json.dumps(site_to_document(active.site), ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )
        return active.version_id

    def history(self, limit: int = 50) -> list[store.StoredSettings]:
        with self._db.read() as conn:
            return store.versions_newest_first(conn, limit)

    def restore(self, version_id: int, *, actor: str) -> int:
        with self._db.read() as conn:
            stored = store.get_version(conn, version_id)
        if stored is None:
            raise SettingsError(f"version {version_id}", ["no such settings version"])
        site = parse_site(stored.document, f"version {version_id}")
        return self.save(site, actor=actor, comment=f"restored version {version_id}")

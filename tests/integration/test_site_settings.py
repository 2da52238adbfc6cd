"""Settings live in the database, versioned, shared by every machine of the site."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from kiosk.domain.clock import system_clock
from kiosk.services.site_settings import SiteSettings
from kiosk.settings import SettingsError, SiteConfig
from kiosk.settings.loader import site_to_document
from kiosk.storage import Database
from kiosk.storage.settings_store import save_version


def renamed(site: SiteConfig, english: str) -> SiteConfig:
    doc = site_to_document(site)
    doc["site_name"]["en"] = english
    return SiteConfig.model_validate(doc)


def test_first_start_seeds_the_default_site(db: Database, site: SiteConfig) -> None:
    settings = SiteSettings(db)
    active = settings.current()
    assert active.site == site
    assert [v.created_by for v in settings.history()] == ["setup"]
    assert settings.current().version_id == active.version_id  # seeded once


def test_a_saved_version_is_seen_by_another_machine(
    db: Database, database_url: str, site: SiteConfig
) -> None:
    SiteSettings(db).current()
    version = SiteSettings(db).save(renamed(site, "North Hall"), actor="admin", comment="rename")
    other = Database(database_url)
    active = SiteSettings(other).current()
    assert (active.version_id, active.site.site_name.get("en")) == (version, "North Hall")
    other.dispose()


def test_a_bad_import_changes_nothing(db: Database, site: SiteConfig, tmp_path: Path) -> None:
    settings = SiteSettings(db)
    before = settings.current()
    doc = site_to_document(site)
    doc["counters"][0]["number"] = "one"
    doc["printer"]["speed"] = 3
    path = tmp_path / "new-site.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        settings.import_file(path, actor="admin")
    assert str(path) in str(caught.value)
    assert any(p.startswith("counters[0].number:") for p in caught.value.problems)
    assert any(p.startswith("printer.speed: unknown field") for p in caught.value.problems)
    assert settings.current() == before
    assert len(settings.history()) == 1


def test_a_corrupt_stored_version_is_skipped_with_a_log_line(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    settings = SiteSettings(db)
    good = settings.current()
    with db.write() as conn:
        broken = save_version(
            conn, {"schema_version": 1, "site_name": 5}, created_at=system_clock(), created_by="x"
        )
    with caplog.at_level(logging.ERROR):
        active = settings.current()
    assert active.version_id == good.version_id
    assert f"skipping settings version {broken}" in caplog.text


def test_export_import_and_restore(db: Database, site: SiteConfig, tmp_path: Path) -> None:
    settings = SiteSettings(db)
    first = settings.current().version_id
    settings.save(renamed(site, "Annex"), actor="admin")
    exported = tmp_path / "site.json"
    assert settings.export_file(exported) == first + 1
    assert json.loads(exported.read_text(encoding="utf-8"))["site_name"]["en"] == "Annex"
    restored = settings.restore(first, actor="admin")
    assert settings.current().version_id == restored
    assert settings.current().site.site_name.get("en") == site.site_name.get("en")
    imported = settings.import_file(exported, actor="admin")
    assert settings.current().site.site_name.get("en") == "Annex"
    assert imported == restored + 1
    with pytest.raises(SettingsError, match="no such settings version"):
        settings.restore(999, actor="admin")

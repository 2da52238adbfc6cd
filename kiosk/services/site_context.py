"""Everything a screen needs about its site, opened once: database, settings, services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kiosk.domain.clock import Clock, system_clock
from kiosk.services.live_updates import ChangeEvent, ChangeFeed
from kiosk.services.queue_service import QueueService
from kiosk.services.site_settings import SiteSettings
from kiosk.services.staff_accounts import StaffAccounts
from kiosk.settings import SiteConfig
from kiosk.storage import Database


@dataclass
class SiteContext:
    db: Database
    settings: SiteSettings
    site: SiteConfig
    settings_version: int
    queue: QueueService
    staff: StaffAccounts

    def change_feed(
        self,
        on_change: Callable[[list[ChangeEvent]], None],
        on_status: Callable[[bool], None],
    ) -> ChangeFeed:
        return ChangeFeed(self.db, on_change, on_status)

    def reload_settings(self) -> bool:
        """Pick up a settings version saved on another machine; True when it changed."""
        active = self.settings.current()
        if active.version_id == self.settings_version:
            return False
        self.site, self.settings_version = active.site, active.version_id
        self.queue.site = active.site
        return True

    def close(self) -> None:
        self.db.dispose()


def open_site(database_url: str | None = None, clock: Clock = system_clock) -> SiteContext:
    """Connect (DatabaseUnavailable if the database is away), migrate, load the settings."""
    db = Database(database_url)
    db.upgrade()
    settings = SiteSettings(db, clock)
    active = settings.current()
    return SiteContext(
        db=db,
        settings=settings,
        site=active.site,
        settings_version=active.version_id,
        queue=QueueService(db, active.site, clock),
        staff=StaffAccounts(db, clock),
    )

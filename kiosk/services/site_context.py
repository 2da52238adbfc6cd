"""Everything a machine needs about its site, opened once: database, settings, services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kiosk.domain.clock import Clock, system_clock
from kiosk.domain.errors import DatabaseUnavailable
from kiosk.services.live_updates import RESYNC, ChangeEvent, ChangeFeed
from kiosk.services.queue_service import QueueService
from kiosk.services.settings_in_force import SettingsInForce
from kiosk.services.site_kind import DEMO, claim_site_kind
from kiosk.services.site_settings import SiteSettings
from kiosk.services.staff_accounts import StaffAccounts
from kiosk.settings import SiteConfig
from kiosk.storage import Database


@dataclass
class SiteContext:
    db: Database
    settings: SiteSettings
    in_force: SettingsInForce
    queue: QueueService
    staff: StaffAccounts
    clock: Clock = system_clock
    #: made by ``kiosk demo`` on a new, empty database: only there do demo parts work
    demo_site: bool = False
    _settings_stale: bool = False

    @property
    def site(self) -> SiteConfig:
        """The settings in force now (read it when acting; do not keep it)."""
        return self.in_force.site

    @property
    def settings_version(self) -> int:
        return self.in_force.version

    def change_feed(
        self,
        on_change: Callable[[list[ChangeEvent]], None],
        on_status: Callable[[bool], None],
        *,
        resync_on_first_connect: bool = False,
    ) -> ChangeFeed:
        """Live changes from every machine of the site. A new settings version is read into
        :attr:`in_force` (in the feed's thread) before ``on_change`` hears of it."""

        def deliver(events: list[ChangeEvent]) -> None:
            if self._settings_stale or any(
                e.entity == "settings" or e.action == RESYNC for e in events
            ):
                try:
                    self.in_force.refresh()
                    self._settings_stale = False
                except DatabaseUnavailable:  # read again with the next change that arrives
                    self._settings_stale = True
            on_change(events)

        return ChangeFeed(
            self.db, deliver, on_status, resync_on_first_connect=resync_on_first_connect
        )

    def close(self) -> None:
        self.db.dispose()


def open_site(
    database_url: str | None = None, clock: Clock = system_clock, *, demo: bool = False
) -> SiteContext:
    """Connect (DatabaseUnavailable if the database is away), bring the schema up to date
    where this machine may, load the settings. ``demo``: make a new, empty site a demo site."""
    db = Database(database_url)
    db.ensure_schema()
    demo_site = claim_site_kind(db, clock(), demo=demo) == DEMO
    settings = SiteSettings(db, clock)
    in_force = SettingsInForce(settings)
    return SiteContext(
        db=db,
        settings=settings,
        in_force=in_force,
        queue=QueueService(db, in_force, clock),
        staff=StaffAccounts(db, in_force, clock, demo_site=demo_site),
        clock=clock,
        demo_site=demo_site,
    )

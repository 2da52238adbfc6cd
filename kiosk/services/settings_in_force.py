"""The one holder of the site settings in force on this machine.

Services never keep a ``SiteConfig`` of their own: they read ``site`` from a settings source
each time they act, so a version saved on any machine of the site takes effect here as soon
as the holder learns of it. The holder learns of it from the change feed (``refresh()`` runs
in the feed's thread, never on a screen's) or when asked.

When a new version takes effect, per role:
    visitor kiosk   at its next welcome screen: a visit keeps the version it started with
    staff console   at once: calling order, names, queues and counters
    display         at once: queues, names and languages
    printer         at the next print
    liveness        at the next face check (prompts, attempts) and the next save (retention)
    retention       at the next run
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from kiosk.services.site_settings import ActiveSettings, SiteSettings
from kiosk.settings import SiteConfig

log = logging.getLogger(__name__)


class SettingsSource(Protocol):
    """Anything that says which site settings are in force now."""

    @property
    def site(self) -> SiteConfig: ...


@dataclass(frozen=True, slots=True)
class FixedSettings:
    """One version, for good: a one-shot command, a simulation, a test."""

    site: SiteConfig
    version: int | None = None


def settings_source(value: SiteConfig | SettingsSource) -> SettingsSource:
    return FixedSettings(value) if isinstance(value, SiteConfig) else value


Listener = Callable[[ActiveSettings], None]


class SettingsInForce:
    """The newest valid settings version, as this machine last read it.

    ``site`` and ``snapshot()`` never touch the database; ``refresh()`` does (one cheap query
    when nothing changed) and tells the listeners, in the refreshing thread, when it did.
    """

    def __init__(self, settings: SiteSettings, active: ActiveSettings | None = None) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._active = active if active is not None else settings.current()
        self._listeners: list[Listener] = []

    @property
    def site(self) -> SiteConfig:
        return self._active.site

    @property
    def version(self) -> int:
        return self._active.version_id

    def snapshot(self) -> ActiveSettings:
        """The version in force and its settings, read together."""
        return self._active

    def refresh(self) -> bool:
        """Read the newest version (DatabaseUnavailable when the database is away); True when
        it changed. Safe to call from any thread."""
        with self._lock:
            newer = self.settings.newer_than(self._active.version_id)
            if newer is None:
                return False
            self._active = newer
            listeners = list(self._listeners)
        _tell(listeners, newer)
        return True

    def adopt(self, active: ActiveSettings) -> None:
        """A version this machine just saved: in force here without reading it back."""
        with self._lock:
            if active.version_id <= self._active.version_id:
                return
            self._active = active
            listeners = list(self._listeners)
        _tell(listeners, active)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with every new version; returns the way to stop."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe


def _tell(listeners: list[Listener], active: ActiveSettings) -> None:
    log.info("settings version %s in force", active.version_id)
    for listener in listeners:
        try:
            listener(active)
        except Exception:
            log.exception("a settings listener failed")

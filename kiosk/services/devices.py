"""Heartbeats and the machines of a site: each running machine reports every 30 s (role,
version, camera and printer state); one not seen for 2 minutes counts as offline.

The admin screen's Devices page lists them; the counters are told of a kiosk that is out of
paper, cannot print, has lost its camera, or is offline.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk import __version__
from kiosk.domain.clock import Clock, system_clock
from kiosk.storage import Database
from kiosk.storage import devices as rows

log = logging.getLogger(__name__)

BEAT_EVERY = timedelta(seconds=30)
OFFLINE_AFTER = timedelta(minutes=2)
#: printer states a counter should hear of (a kiosk that cannot give tickets)
PRINTER_TROUBLE = frozenset(
    {"media_empty", "paused", "offline", "rejecting", "unreachable", "error"}
)
#: a camera that went away (a kiosk built without one is not in trouble: it sends visitors to
#: an ID check by design)
CAMERA_TROUBLE = frozenset({"failed"})


@dataclass(frozen=True, slots=True)
class Device:
    name: str
    role: str
    version: str
    camera: str | None
    printer: str | None
    started_at: datetime
    last_seen: datetime
    offline: bool

    @property
    def trouble(self) -> list[str]:
        """What is wrong with it, as keys: "offline", "printer:media_empty", "camera:failed"."""
        if self.offline:
            return ["offline"]
        found = []
        if self.printer in PRINTER_TROUBLE:
            found.append(f"printer:{self.printer}")
        if self.role == "visitor" and self.camera in CAMERA_TROUBLE:
            found.append(f"camera:{self.camera}")
        return found


class Devices:
    def __init__(self, db: Database, clock: Clock = system_clock) -> None:
        self.db = db
        self.clock = clock
        self.started_at = clock()

    def beat(
        self, name: str, role: str, *, camera: str | None = None, printer: str | None = None
    ) -> None:
        with self.db.write() as conn:
            rows.beat(
                conn,
                name=name,
                role=role,
                version=__version__,
                camera=camera,
                printer=printer,
                now=self.clock(),
                started_at=self.started_at,
            )

    def all(self) -> list[Device]:
        now = self.clock()
        with self.db.read() as conn:
            found = rows.all_devices(conn)
        return [
            Device(
                name=r["name"],
                role=r["role"],
                version=r["version"],
                camera=r["camera"],
                printer=r["printer"],
                started_at=r["started_at"],
                last_seen=r["last_seen"],
                offline=now - r["last_seen"] > OFFLINE_AFTER,
            )
            for r in found
        ]

    def in_trouble(self) -> list[Device]:
        """Machines that give out tickets (kiosks, reception) with something wrong."""
        return [d for d in self.all() if d.role in ("visitor", "reception") and d.trouble]

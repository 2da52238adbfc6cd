"""Live updates for screens: what changed, from any machine of the site (see the change feed)."""

from kiosk.storage.audit import ChangeEvent
from kiosk.storage.change_feed import RESYNC, ChangeFeed

__all__ = ["RESYNC", "ChangeEvent", "ChangeFeed"]

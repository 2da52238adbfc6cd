"""Alerts for staff that a pattern, not a single event, calls for.

FailureWindow counts failures in a sliding window and says when they pass the limit: more
than ``limit`` failed face checks at one kiosk within ``window`` (cloud liveness services
advise watching for bursts like this: someone trying photos, screens or masks in turn). It
raises an alert once per burst and never locks anyone out.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta


class FailureWindow:
    def __init__(self) -> None:
        self._failures: deque[datetime] = deque()

    def failed(self, at: datetime, *, limit: int, window: timedelta) -> int | None:
        """Count a failure at ``at``; the number of failures within ``window`` when that is
        more than ``limit`` (an alert is due), else None. After an alert the count starts
        again, so one burst raises one alert, and a burst that goes on raises another."""
        self._failures.append(at)
        while self._failures and at - self._failures[0] > window:
            self._failures.popleft()
        count = len(self._failures)
        if count <= limit:
            return None
        self._failures.clear()
        return count

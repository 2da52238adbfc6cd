"""How long a visitor will wait: people ahead × service time ÷ open counters."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

#: How many recent services the rolling mean looks at.
ROLLING_WINDOW = 20
#: How strongly the configured default holds when few services have been measured today:
#: it counts as this many services of its own length.
PRIOR_WEIGHT = 3


def rolling_service_minutes(recent: Sequence[float], default_minutes: float) -> float:
    """Mean of the latest services, pulled toward the configured default while data is thin."""
    window = [m for m in recent[-ROLLING_WINDOW:] if m >= 0]
    total = sum(window) + PRIOR_WEIGHT * default_minutes
    return total / (len(window) + PRIOR_WEIGHT)


@dataclass(frozen=True, slots=True)
class WaitEstimate:
    people_ahead: int
    minutes: int
    counters_open: int
    service_minutes: float

    @property
    def no_counter_open(self) -> bool:
        return self.counters_open == 0


def estimate_wait(people_ahead: int, service_minutes: float, counters_open: int) -> WaitEstimate:
    """Rounded up to whole minutes; with no counter open, counts as one (the centre opens one)."""
    if people_ahead < 0:
        raise ValueError("people_ahead cannot be negative")
    effective = max(1, counters_open)
    minutes = math.ceil(people_ahead * service_minutes / effective) if people_ahead else 0
    return WaitEstimate(people_ahead, minutes, counters_open, service_minutes)

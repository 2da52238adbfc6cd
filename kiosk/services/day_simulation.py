"""A seeded simulation of a busy day, run through the real intake and queue services.

Visitors arrive over the opening hours (more in the late morning and early afternoon), fill
in the intake (answers made up from each field's rules), agree to the face check or not, and
wait; a few ask for someone who speaks their language, a few ask to be called back instead of
waiting; counters call the next ticket whenever they are free (a quarter of them only from the
second hour), a few visitors do not come when called, services take a random time around the
queue's usual length and end with an outcome.
Everything is written through the services, with a manual clock, so reports, the display and
the console can be exercised on a realistic day.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.domain.clock import ManualClock
from kiosk.domain.forms import FieldType
from kiosk.domain.intake import Agreement, IntakeDraft, LivenessSummary
from kiosk.domain.ticket import Outcome, Ticket
from kiosk.services.intake_service import IntakeService
from kiosk.services.queue_service import QueueService
from kiosk.settings import SiteConfig
from kiosk.settings.models import Counter, FormField
from kiosk.storage import Database

#: Relative arrivals per opening hour, 09:00 … 16:00.
ARRIVAL_PROFILE = (6, 10, 12, 8, 9, 11, 9, 5)
OPENS = time(9, 0)
TICK = timedelta(seconds=30)


@dataclass(frozen=True)
class DaySummary:
    day: date
    visitors: int
    tickets_done: int
    no_shows: int
    still_waiting: int
    callbacks: int = 0


def with_counters(site: SiteConfig, count: int) -> SiteConfig:
    """The site with ``count`` counters, serving the queues of the existing ones in turn."""
    existing = site.counters
    counters: list[Counter] = []
    for index in range(count):
        model = existing[index % len(existing)]
        number = index + 1
        names = {
            code: f"{number} 号窗口" if code.startswith("zh") else f"Counter {number}"
            for code in model.name.root
        }
        counters.append(
            Counter.model_validate(
                {
                    "id": f"c{number}",
                    "number": number,
                    "name": names,
                    "queues": model.queues,
                    "languages": model.languages,
                }
            )
        )
    return site.model_copy(update={"counters": counters})


def made_up_answer(field: FormField, rng: random.Random) -> Any:
    """An answer the field's rules accept (for simulations and demonstrations)."""
    kind = field.type
    if kind is FieldType.CHOICE:
        values = [c.value for c in field.choices]
        return [rng.choice(values)] if field.multiple else rng.choice(values)
    if kind is FieldType.YES_NO:
        return rng.random() < 0.5
    if kind is FieldType.PHONE:
        return "13" + "".join(rng.choice("0123456789") for _ in range(9))
    if kind is FieldType.DATE:
        return f"{rng.randint(2012, 2025)}-{rng.randint(1, 12):02d}"
    if kind is FieldType.DIGITS:
        length = field.min_length or 1
        return "".join(rng.choice("123456789") for _ in range(max(length, 1)))
    if field.pattern is not None:
        return None if not field.required else "X" * (field.min_length or 2)
    if kind is FieldType.EMAIL:
        return "visitor@example.com"
    length = max(field.min_length or 0, 12 if kind is FieldType.MULTILINE else 6)
    if field.max_length is not None:
        length = min(length, field.max_length)
    return "".join(rng.choice("abcdefghij") for _ in range(length))


class DaySimulation:
    def __init__(self, db: Database, site: SiteConfig, day: date, seed: int = 0) -> None:
        self.site = site
        self.day = day
        self.rng = random.Random(seed)
        # Help and call-back wishes come from a stream of their own, so that adding them left
        # the rest of a seeded day as it was.
        self.wishes = random.Random(seed + 1_000_003)
        zone = ZoneInfo(site.timezone)
        self.opening = datetime.combine(day, OPENS, zone).astimezone(UTC)
        self.clock = ManualClock(self.opening)
        self.queue = QueueService(db, site, self.clock)
        self.intake = IntakeService(self.queue, None, self.clock)

    # -- visitors ----------------------------------------------------------------------------
    def arrival_times(self, visitors: int) -> list[datetime]:
        hours = self.rng.choices(range(len(ARRIVAL_PROFILE)), ARRIVAL_PROFILE, k=visitors)
        return sorted(
            self.opening + timedelta(hours=h, seconds=self.rng.uniform(0, 3600)) for h in hours
        )

    def draft(self, at: datetime) -> IntakeDraft:
        site, rng = self.site, self.rng
        language = rng.choice([lang.code for lang in site.languages])
        case = rng.choice(site.case_types)
        draft = IntakeDraft(language)
        draft.acknowledgement = Agreement(site.acknowledgement.version, "s" * 64, language, at)
        draft.choose_case_type(case.id)
        for field in case.form.fields:
            answer = made_up_answer(field, rng)
            if answer is not None:
                draft.answers[field.id] = answer
        consent = rng.random() < 0.9
        draft.consent = Agreement(site.consent.version, "c" * 64, language, at, consent)
        if consent:
            draft.liveness = LivenessSummary(passed=rng.random() < 0.85)
        if rng.random() < 0.15 and site.assistance.reasons:
            draft.assistance = {rng.choice(site.assistance.reasons).id}
        if self.wishes.random() < 0.06 and site.assistance.help_languages:
            draft.help_language = self.wishes.choice(site.assistance.help_languages).code
        return draft

    def maybe_callback(self, case_id: int) -> bool:
        """One visitor in thirty goes home and asks to be called back."""
        if self.wishes.random() >= 1 / 30:
            return False
        windows = self.intake.callback_windows()
        if not windows:
            return False
        self.intake.request_callback(case_id, "13800138000", windows[-1].id)
        return True

    # -- the day -------------------------------------------------------------------------------
    def run(self, visitors: int) -> DaySummary:
        arrivals = self.arrival_times(visitors)
        # Services as long as the counters can afford on such a day (a busy day is short ones).
        counters_minutes = len(self.site.counters) * len(ARRIVAL_PROFILE) * 60 * 0.95
        self.service_minutes = max(2.0, counters_minutes / max(visitors, 1))
        busy_until: dict[str, datetime] = {}
        serving: dict[str, tuple[Ticket, datetime, bool]] = {}
        waiting = 0
        done = no_shows = callbacks = 0
        late_counters = {c.id for c in self.site.counters[::4]}
        second_hour = self.opening + timedelta(hours=1)
        now = self.opening
        index = 0
        counters = self.site.counters
        while index < len(arrivals) or waiting or serving:
            self.clock.set(now)
            while index < len(arrivals) and arrivals[index] <= now:
                self.clock.set(arrivals[index])
                submission = self.intake.submit(self.draft(arrivals[index]))
                if self.maybe_callback(submission.case_id):
                    callbacks += 1
                else:
                    waiting += 1
                index += 1
            self.clock.set(now)
            for counter in counters:
                current = serving.get(counter.id)
                if current is not None and busy_until[counter.id] <= now:
                    ticket, _, came = serving.pop(counter.id)
                    if came:
                        outcome = self.rng.choices(list(Outcome), (70, 12, 10, 8))[0]
                        self.queue.complete(ticket.id, outcome, actor=counter.id)
                        done += 1
                    else:
                        self.queue.no_show(ticket.id, actor=counter.id)
                        no_shows += 1
                opened = counter.id not in late_counters or now >= second_hour
                if counter.id not in serving and waiting and opened:
                    ticket_called = self.queue.call_next(counter.id, actor=counter.id)
                    if ticket_called is None:
                        continue
                    waiting -= 1
                    came = self.rng.random() >= 0.05
                    if came:
                        self.clock.set(now + timedelta(seconds=self.rng.uniform(20, 90)))
                        self.queue.start(ticket_called.id, actor=counter.id)
                        mean = self.service_minutes
                        length = timedelta(minutes=max(1.0, self.rng.gauss(mean, mean / 3)))
                    else:
                        recalls = self.site.queue(ticket_called.queue_id).recalls_before_no_show
                        for _ in range(recalls):
                            self.queue.recall(ticket_called.id, actor=counter.id)
                        length = timedelta(minutes=2)
                    serving[counter.id] = (ticket_called, now, came)
                    busy_until[counter.id] = self.clock() + length
                    self.clock.set(now)
            now += TICK
        return DaySummary(self.day, visitors, done, no_shows, waiting, callbacks)


def simulate_day(
    db: Database, site: SiteConfig, day: date, *, visitors: int, seed: int = 0
) -> DaySummary:
    return DaySimulation(db, site, day, seed).run(visitors)

"""A settings version saved on another machine takes effect where and when each role says
(see kiosk.services.settings_in_force): the change feed reads it into the one holder of the
settings in force, and every service reads that holder when it acts."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from kiosk.domain.clock import ManualClock, system_clock
from kiosk.domain.liveness import Challenge
from kiosk.services.liveness_service import LivenessService
from kiosk.services.site_context import SiteContext, open_site
from kiosk.services.ticket_printing import TicketPrinting


@pytest.fixture
def machines(database_url: str) -> Iterator[tuple[SiteContext, SiteContext]]:
    """This machine (listening to the feed) and another machine where settings are saved."""
    here = open_site(database_url)
    there = open_site(database_url)
    feed = here.change_feed(lambda _events: None, lambda _connected: None)
    feed.start()
    yield here, there
    feed.stop()
    here.close()
    there.close()


def save_elsewhere(there: SiteContext, **sections: Any) -> int:
    return there.settings.save_changes(sections, actor="admin elsewhere")


def wait_in_force(here: SiteContext, version: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while here.settings_version != version:
        assert time.monotonic() < deadline, "the new version never came into force here"
        time.sleep(0.02)


def test_the_counters_call_with_new_head_starts_at_once(
    machines: tuple[SiteContext, SiteContext],
) -> None:
    here, there = machines
    clock = ManualClock(system_clock())
    here.queue.clock = clock
    early = here.queue.issue(queue_id="general")
    clock.advance(minutes=5)
    late = here.queue.issue(queue_id="general", priority_class="priority")
    classes = [c.model_dump(mode="json") for c in there.site.priority_classes]
    for entry in classes:
        entry["head_start_minutes"] = 0  # no head start any more: first come, first served
    version = save_elsewhere(there, priority_classes=classes)
    wait_in_force(here, version)
    called = here.queue.call_next("c1", actor="Wang Fang")
    assert called is not None
    assert called.id == early.id != late.id


def test_the_next_print_goes_where_the_new_settings_say(
    machines: tuple[SiteContext, SiteContext], tmp_path: Path
) -> None:
    here, there = machines
    first, second = tmp_path / "first", tmp_path / "second"
    wait_in_force(here, save_elsewhere(there, printer={"pdf_folder": str(first)}))
    printing = TicketPrinting(here.queue)
    ticket = here.queue.issue(queue_id="general")
    printing.print_ticket(ticket.id, "en")
    wait_in_force(here, save_elsewhere(there, printer={"pdf_folder": str(second)}))
    printing.print_ticket(ticket.id, "en", reprint=True)
    assert len(list(first.glob("*.pdf"))) == 1
    assert len(list(second.glob("*.pdf"))) == 1


def test_the_next_face_check_asks_what_the_new_settings_allow(
    machines: tuple[SiteContext, SiteContext],
) -> None:
    here, there = machines
    service = LivenessService(here.db, here.in_force)
    liveness = there.site.liveness.model_dump(mode="json")
    liveness.update(challenges=["blink", "smile"], prompts_min=2, prompts_max=2, max_attempts=1)
    wait_in_force(here, save_elsewhere(there, liveness=liveness))
    check = service.new_check(consent_given=True, seed=1)
    try:
        rules = check.session.rules
        assert set(rules.challenges) == {Challenge.BLINK, Challenge.SMILE}
        assert rules.max_attempts == 1
    finally:
        check.close()


def test_media_is_kept_as_long_as_the_settings_say_when_it_is_saved(
    machines: tuple[SiteContext, SiteContext],
) -> None:
    from kiosk.vision.liveness_check import LivenessOutcome
    from kiosk.vision.recorder import Recording

    here, there = machines
    service = LivenessService(here.db, here.in_force)
    retention = there.site.retention.model_dump(mode="json")
    retention["media_days"] = 7
    wait_in_force(here, save_elsewhere(there, retention=retention))
    outcome = LivenessOutcome(
        {"passed": True, "reasons": []},
        Recording(video=b"v", best_frame=b"f", frames=1, duration_ms=40),
    )
    service.save(outcome)
    (stored, *_rest) = service.vault.listing()
    assert stored.purge_after - stored.created_at == timedelta(days=7)

"""The soak's kiosk and counter processes: real services over the (cuttable) database.

    python -m tests.soak.workers kiosk   URL INDEX SEED LEDGER PDF_FOLDER
    python -m tests.soak.workers counter URL INDEX SEED LEDGER COUNTER_ID

A kiosk submits visits through the intake service as the visitor kiosk does: when the
database is away the visitor is told so and taps again (the same draft, so at most one
ticket), then the ticket is printed. A counter calls the next ticket, serves and completes it.
Each writes one JSON line per visit or call to its ledger; SIGTERM lets the current visit or
call finish, then the process exits 0.
"""

from __future__ import annotations

import faulthandler
import json
import logging
import random
import signal
import sys
import time
from pathlib import Path
from typing import Any

from kiosk.domain.errors import DatabaseUnavailable, DomainError
from kiosk.domain.ticket import AT_COUNTER, TicketState
from kiosk.services.printers import PdfFolderPrinter
from kiosk.services.site_context import SiteContext, open_site
from kiosk.services.visitor_kiosk import compose_visitor_kiosk
from tests.intake_answers import complete_draft

log = logging.getLogger("soak")
STOP = {"asked": False}
#: a visitor keeps tapping "try again" for this long before walking away
PATIENCE_S = 300.0


def _stop(_signum: int, _frame: Any) -> None:
    STOP["asked"] = True


def _open(url: str) -> SiteContext:
    deadline = time.monotonic() + 60
    while True:
        try:
            return open_site(url)
        except DatabaseUnavailable:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


class Ledger:
    def __init__(self, path: Path) -> None:
        self._file = path.open("a", encoding="utf-8")

    def write(self, **entry: Any) -> None:
        self._file.write(json.dumps(entry) + "\n")
        self._file.flush()


def run_kiosk(url: str, index: int, seed: int, ledger: Ledger, folder: Path) -> None:
    site = _open(url)
    feed = site.change_feed(lambda _events: None, lambda _connected: None)
    feed.start(wait=0)
    kiosk = compose_visitor_kiosk(site, camera=None, printer=PdfFolderPrinter(folder))
    kiosk.start_printing()
    assert kiosk.printing is not None
    rng = random.Random(seed * 100 + index)
    while not STOP["asked"]:
        active = site.in_force.snapshot()
        case_type = rng.choice([c.id for c in active.site.case_types])
        draft = complete_draft(active.site, case_type, language=rng.choice(["zh_CN", "en"]))
        shown: list[str] = []
        started = time.monotonic()
        submission = None
        while submission is None:
            try:
                submission = kiosk.intake.submit(
                    draft, site=active.site, settings_version=active.version_id
                )
            except DatabaseUnavailable as exc:
                shown.append(str(exc))  # the visitor reads "try again", keeps every answer
                if time.monotonic() - started > PATIENCE_S:
                    break
                time.sleep(rng.uniform(0.3, 1.2))
        if submission is None:
            ledger.write(visit=draft.submission_id, ticket=None, failures_shown=len(shown))
            continue
        printed: bool | None
        try:
            printed = kiosk.printing.print_ticket(submission.ticket.id, draft.language).printed
        except DatabaseUnavailable:
            printed = None  # the ticket is on screen; staff can reprint it
        ledger.write(
            visit=draft.submission_id,
            ticket=submission.ticket.id,
            code=submission.ticket.code,
            repeated=submission.repeated,
            failures_shown=len(shown),
            printed=printed,
        )
        time.sleep(rng.uniform(0.1, 0.6))
    feed.stop()
    site.close()


def run_counter(url: str, index: int, seed: int, ledger: Ledger, counter_id: str) -> None:
    site = _open(url)
    feed = site.change_feed(lambda _events: None, lambda _connected: None)
    feed.start(wait=0)
    queue = site.queue
    rng = random.Random(seed * 100 + 50 + index)
    actor = f"clerk-{index}"
    while not STOP["asked"]:
        try:
            mine = [
                t for t in queue.tickets(AT_COUNTER) if t.counter_id == counter_id
            ]  # a call whose answer was lost is found here
            ticket = mine[0] if mine else queue.call_next(counter_id, actor=actor)
            if ticket is None:
                time.sleep(rng.uniform(0.2, 0.5))
                continue
            if not mine:
                ledger.write(call=ticket.id, code=ticket.code, counter=counter_id)
            time.sleep(rng.uniform(0.05, 0.3))
            if ticket.state is TicketState.CALLED:
                queue.start(ticket.id, actor=actor)
            queue.complete(ticket.id, "resolved", actor=actor)
        except DatabaseUnavailable:
            time.sleep(rng.uniform(0.3, 1.0))
        except DomainError as exc:  # e.g. the ticket moved on meanwhile: look again
            log.info("counter %s: %s", counter_id, exc)
            time.sleep(0.2)
    feed.stop()
    site.close()


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.ERROR, format="%(asctime)s %(name)s: %(message)s")
    signal.signal(signal.SIGTERM, _stop)
    faulthandler.register(signal.SIGUSR1)  # the soak asks a stuck process where it is
    role, url, index, seed, ledger_path, extra = argv
    ledger = Ledger(Path(ledger_path))
    if role == "kiosk":
        run_kiosk(url, int(index), int(seed), ledger, Path(extra))
    else:
        run_counter(url, int(index), int(seed), ledger, extra)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The retention purge: personal and biometric data kept only as long as the site promises.

One run deletes, with the limits in force when it runs:

    media           face videos and best frames older than ``media_days``
    face_checks     face-check results older than ``case_days``, and those of visits that
                    never became a case (left for more than an hour)
    unused_media    media that no face check refers to (a crash between the two writes)
    cases           answers, call-back details, notes of cases older than ``case_days``
                    (the anonymous rest stays, so reports for old days keep their totals)
    print_jobs      print records older than ``case_days``
    audit_rows      audit rows older than ``audit_days``
    ticket_pdfs     this machine's ticket PDFs older than ``case_days``, and broken leftovers

Every run writes one ``retention_run`` audit row with its counts (numbers only).

On a site, one machine runs it each day at ``purge_time`` (site time): the day's run is a row
that the first machine to insert it owns. A machine started after that time, with no run for
the day yet, runs it then (catching up). Ticket PDFs are per machine: each machine cleans its
own folder every day.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.domain.clock import Clock, system_clock
from kiosk.domain.errors import DatabaseUnavailable
from kiosk.services.machine import machine_name
from kiosk.services.settings_in_force import SettingsSource, settings_source
from kiosk.settings import SiteConfig
from kiosk.storage import Database
from kiosk.storage import retention as rows
from kiosk.storage.audit import record
from kiosk.storage.database import data_dir
from kiosk.storage.vault import Vault

log = logging.getLogger(__name__)

CATEGORIES = (
    "media",
    "face_checks",
    "unused_media",
    "cases",
    "print_jobs",
    "audit_rows",
    "ticket_pdfs",
)
#: a visit that left a face check behind without a case has surely ended after this long
ABANDONED_AFTER = timedelta(hours=1)
#: a run that claimed the day and never finished (its machine died) may be taken over
STALE_RUN = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class RetentionReport:
    run_id: int
    at: datetime
    counts: dict[str, int]


@dataclass(frozen=True, slots=True)
class RetentionStatus:
    last_run: rows.RetentionRun | None
    next_run: datetime
    due: dict[str, int]


def purge_slot(now: datetime, purge_time: time, timezone: str) -> tuple[date, datetime]:
    """The purge day that ``now`` belongs to, and when its run was due (site time)."""
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    today = datetime.combine(local.date(), purge_time, zone)
    if local >= today:
        return local.date(), today
    yesterday = local.date() - timedelta(days=1)
    return yesterday, datetime.combine(yesterday, purge_time, zone)


def ticket_folder(site: SiteConfig) -> Path:
    return Path(site.printer.pdf_folder) if site.printer.pdf_folder else data_dir() / "tickets"


class RetentionService:
    def __init__(
        self,
        db: Database,
        settings: SiteConfig | SettingsSource,
        clock: Clock = system_clock,
        machine: str | None = None,
    ) -> None:
        self.db = db
        self.settings = settings_source(settings)
        self.clock = clock
        self.machine = (machine or machine_name())[:80]
        self.vault = Vault(db)

    # -- one run -------------------------------------------------------------------------------
    def run(
        self, *, now: datetime | None = None, actor: str = "retention", run_id: int | None = None
    ) -> RetentionReport:
        """Delete what is past its limit now (with the limits in force now)."""
        site = self.settings.site
        limits = site.retention
        now = now or self.clock()
        media_before = now - timedelta(days=limits.media_days)
        case_before = now - timedelta(days=limits.case_days)
        if run_id is None:
            with self.db.write() as conn:
                run_id = rows.start_manual_run(conn, now, self.machine, actor)
        counts = dict.fromkeys(CATEGORIES, 0)
        with self.db.read() as conn:
            due_media = rows.media_due(conn, now, media_before)
        counts["media"] = self.vault.purge(now=now, actor=actor, only=due_media)
        with self.db.write() as conn:
            checks = rows.checks_due(conn, case_before, now - ABANDONED_AFTER)
            counts["face_checks"] = rows.delete_checks(conn, [c["id"] for c in checks])
        leftover = [m for c in checks for m in (c["video_id"], c["frame_id"]) if m is not None]
        with self.db.read() as conn:
            leftover += rows.unused_media(conn, now - ABANDONED_AFTER)
        counts["unused_media"] = self.vault.purge(now=now, actor=actor, only=leftover)
        with self.db.write() as conn:
            counts["cases"] = rows.scrub_cases(conn, rows.cases_due(conn, case_before), now)
            counts["print_jobs"] = rows.delete_print_jobs(conn, case_before)
            counts["audit_rows"] = rows.delete_audit(conn, now - timedelta(days=limits.audit_days))
        counts["ticket_pdfs"] = self.clean_ticket_folder(site, now)
        with self.db.write() as conn:
            rows.finish_run(conn, run_id, now, counts)
            record(
                conn,
                at=now,
                actor=actor,
                action="retention_run",
                entity="retention",
                entity_id=run_id,
                details=dict(counts),
            )
        log.info("retention run %s: %s", run_id, counts)
        return RetentionReport(run_id, now, counts)

    def clean_ticket_folder(self, site: SiteConfig, now: datetime) -> int:
        """This machine's ticket PDFs older than the case limit, and half-written leftovers."""
        folder = ticket_folder(site)
        if not folder.is_dir():
            return 0
        oldest = (now - timedelta(days=site.retention.case_days)).timestamp()
        leftovers = (now - ABANDONED_AFTER).timestamp()
        removed = 0
        for path in folder.iterdir():
            try:
                modified = path.stat().st_mtime
                if (path.suffix == ".pdf" and modified < oldest) or (
                    path.suffix == ".part" and modified < leftovers
                ):
                    path.unlink()
                    removed += 1
            except OSError as exc:
                log.warning("retention: cannot remove a ticket file: %s", exc.strerror)
        return removed

    # -- by itself, once a day -----------------------------------------------------------------
    def run_if_due(self, now: datetime | None = None) -> RetentionReport | None:
        """The day's run, if it is due and no other machine of the site has it."""
        now = now or self.clock()
        site = self.settings.site
        slot, _due = purge_slot(now, site.retention.purge_time, site.timezone)
        with self.db.write() as conn:
            run_id = rows.claim_slot(conn, slot, now, self.machine, now - STALE_RUN)
        if run_id is None:
            return None
        log.info("retention: this machine runs the purge of %s", slot)
        return self.run(now=now, run_id=run_id)

    def status(self, now: datetime | None = None) -> RetentionStatus:
        now = now or self.clock()
        site = self.settings.site
        limits = site.retention
        slot, due_at = purge_slot(now, limits.purge_time, site.timezone)
        media_before = now - timedelta(days=limits.media_days)
        case_before = now - timedelta(days=limits.case_days)
        with self.db.read() as conn:
            last = rows.last_finished_run(conn)
            done = rows.run_of_slot(conn, slot) is not None
            due = {
                "media": len(rows.media_due(conn, now, media_before)),
                "face_checks": len(rows.checks_due(conn, case_before, now - ABANDONED_AFTER)),
                "cases": len(rows.cases_due(conn, case_before)),
            }
        next_run = due_at + timedelta(days=1) if done else now
        return RetentionStatus(last, next_run, due)


class RetentionScheduler:
    """Runs the purge when it is due, in a thread of a long-running role (every machine has
    one; the day's run goes to whichever takes it first). Settings are read at each check."""

    def __init__(self, service: RetentionService, *, check_every: timedelta | None = None) -> None:
        self.service = service
        self._every = (check_every or timedelta(minutes=10)).total_seconds()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="retention", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.service.run_if_due()
            except DatabaseUnavailable:
                pass  # logged by storage; tried again at the next check
            except Exception:
                log.exception("retention: the purge failed")
            self._stop.wait(self._every)

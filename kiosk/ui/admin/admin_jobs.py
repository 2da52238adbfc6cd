"""What the admin pages ask of the site (settings, versions, accounts, reports, test prints),
each run on one worker thread so that a slow or absent database never freezes the screen.

Every request takes ``done`` (called on the GUI thread with the answer) and ``refused``
(called with the lines to show: the settings' problems with their paths, the rules' refusal,
or that the database is away). A saved, restored or imported version is read into the
settings in force before ``done`` is called, so the pages rebuilt then show it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from kiosk.services.reports import Report, build_report
from kiosk.services.site_context import SiteContext
from kiosk.services.site_settings import SiteSettings
from kiosk.services.staff_accounts import StaffAccount
from kiosk.settings import SettingsError
from kiosk.settings.models import PrinterSettings
from kiosk.settings.translations import tr
from kiosk.ui.failures import failure_text
from kiosk.ui.jobs import JobRunner

Refused = Callable[[list[str]], None]


class AdminJobs(QObject):
    def __init__(
        self, site: SiteContext, actor: str, language: str, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.site = site
        self.actor = actor
        self.language = language
        self.runner = JobRunner(self, "admin")

    @property
    def settings(self) -> SiteSettings:
        return self.site.settings

    def _run(
        self, what: str, job: Callable[[], Any], done: Callable[[Any], None], refused: Refused
    ) -> None:
        def failed(error: BaseException) -> None:
            if isinstance(error, SettingsError):
                refused(list(error.problems))
            elif isinstance(error, OSError):
                refused([str(error)])
            else:
                refused([failure_text(error, self.language, what)])

        self.runner.run(job, done, failed)

    def _then_in_force(self, job: Callable[[], int]) -> Callable[[], int]:
        def run() -> int:
            version = job()
            self.site.in_force.refresh()
            return version

        return run

    # -- settings versions ---------------------------------------------------------------------
    def save_changes(
        self, changes: dict[str, Any], done: Callable[[int], None], refused: Refused
    ) -> None:
        settings, actor = self.settings, self.actor
        self._run(
            "saving settings",
            self._then_in_force(lambda: settings.save_changes(changes, actor=actor)),
            done,
            refused,
        )

    def restore(self, version: int, done: Callable[[int], None], refused: Refused) -> None:
        settings, actor = self.settings, self.actor
        self._run(
            "restoring settings",
            self._then_in_force(lambda: settings.restore(version, actor=actor)),
            done,
            refused,
        )

    def import_file(self, path: Path, done: Callable[[int], None], refused: Refused) -> None:
        settings, actor = self.settings, self.actor
        self._run(
            "importing settings",
            self._then_in_force(lambda: settings.import_file(path, actor=actor)),
            done,
            refused,
        )

    def export_file(self, path: Path, done: Callable[[int], None], refused: Refused) -> None:
        settings = self.settings
        self._run("exporting settings", lambda: settings.export_file(path), done, refused)

    def history(self, done: Callable[[list[Any]], None], refused: Refused) -> None:
        settings = self.settings
        self._run("reading settings versions", settings.history, done, refused)

    def devices(self, done: Callable[[list[Any]], None], refused: Refused) -> None:
        from kiosk.services.devices import Devices

        devices = Devices(self.site.db, self.site.clock)
        self._run("reading the devices", devices.all, done, refused)

    def check_machine(self, done: Callable[[list[str]], None], refused: Refused) -> None:
        """This machine checked as ``kiosk doctor --role admin`` would: the same checks and
        lines, in the administrator's language."""
        from kiosk.services.doctor import examine_site, finding_lines

        site, language = self.site, self.language

        def check() -> list[str]:
            return finding_lines(examine_site("admin", site.db, site.site), language, "admin")

        self._run("checking this machine", check, done, refused)

    def newest_version(self, done: Callable[[int], None]) -> None:
        settings = self.settings
        self._run(
            "reading the newest settings version",
            lambda: settings.current().version_id,
            done,
            lambda _lines: None,
        )

    # -- staff accounts ------------------------------------------------------------------------
    def accounts(self, done: Callable[[list[StaffAccount]], None], refused: Refused) -> None:
        staff = self.site.staff
        self._run("reading staff accounts", staff.accounts, done, refused)

    def add_account(
        self, name: str, secret: str, role: str, done: Callable[[Any], None], refused: Refused
    ) -> None:
        staff, actor = self.site.staff, self.actor
        self._run(
            "adding a staff account",
            lambda: staff.add(name, secret, role=role, actor=actor),
            done,
            refused,
        )

    def change_account(
        self,
        account_id: int,
        changes: dict[str, Any],
        done: Callable[[Any], None],
        refused: Refused,
    ) -> None:
        staff, actor = self.site.staff, self.actor
        self._run(
            "changing a staff account",
            lambda: staff.change(account_id, actor=actor, **changes),
            done,
            refused,
        )

    # -- reports and printing ------------------------------------------------------------------
    def report(
        self,
        first: date,
        last: date,
        done: Callable[[Report], None],
        refused: Refused,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """The report of the days; ``progress(done, total)`` hears of each step on the way."""
        db, site = self.site.db, self.site.site
        told = self.runner.relay(progress) if progress is not None else None
        self._run(
            "building a report",
            lambda: build_report(db, site, first, last, progress=told),
            done,
            refused,
        )

    def test_print(
        self, settings: PrinterSettings, done: Callable[[tuple[bool, str]], None]
    ) -> None:
        from kiosk.services.ticket_printing import print_test_ticket

        site, language = self.site.site, self.language
        self._run(
            "printing a test ticket",
            lambda: print_test_ticket(site, settings, language),
            done,
            lambda lines: done((False, tr(language, "admin.test_print.failed", detail=lines[0]))),
        )

    def retention_status(self, done: Callable[[Any], None], refused: Refused) -> None:
        from kiosk.services.retention import RetentionService

        service = RetentionService(self.site.db, self.site.in_force, self.site.clock)
        self._run("reading the retention runs", service.status, done, refused)

    def shutdown(self) -> None:
        self.runner.shutdown()

"""One role's window, kept busy with database work, with its GUI stalls measured.

    python -m tests.benchmarks.outage_probe ROLE URL SECONDS OUT

ROLE is visitor, staff, display or admin. Every 250 ms the window is asked to do what its
users make it do (the console reads its queue and calls, the display reloads, the admin screen
reads its pages, the visitor submits a complete visit); a 5 ms timer records how late the GUI
thread answers. OUT gets one JSON object: the timer's samples as [monotonic seconds, late ms].
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

INTERVAL_MS = 5


def _visitor(site: Any) -> tuple[Any, Any]:
    from kiosk.domain.intake import Step
    from kiosk.services.visitor_kiosk import compose_visitor_kiosk
    from kiosk.ui.visitor.visitor_window import VisitorWindow
    from tests.intake_answers import complete_draft

    window = VisitorWindow(compose_visitor_kiosk(site, camera=None))
    wizard = window.wizard

    def act() -> None:
        step = wizard.position[0]
        if step is Step.TICKET:
            wizard.finish()
        elif step is Step.WELCOME:
            wizard.draft = complete_draft(wizard.site, "other")
            wizard.go_to(Step.REVIEW)
        elif step is Step.REVIEW and not wizard.desk._jobs.pending:
            wizard.submit()  # fails politely while the database is away; tapped again later

    return window, act


def _staff(site: Any) -> tuple[Any, Any]:
    from kiosk.services.staff_accounts import StaffMember
    from kiosk.ui.staff.staff_window import StaffWindow

    window = StaffWindow(site, "en")
    member = next(m for m in site.staff.members() if m.name == "probe")
    window._on_sign_in_signed_in(StaffMember(member.id, member.name, member.role), "c1")

    def act() -> None:
        console = window.console
        if console is None or console.jobs.pending:
            return
        if console.buttons["call_next"].isEnabled():
            console.call_next()
        elif console.buttons["complete"].isEnabled():
            console.complete_current()
        else:
            console.refresh()

    return window, act


def _display(site: Any) -> tuple[Any, Any]:
    from kiosk.ui.display.display_window import DisplayWindow

    window = DisplayWindow(site, None, speech=False)
    return window, window.board.refresh


def _admin(site: Any) -> tuple[Any, Any]:
    from kiosk.services.staff_accounts import StaffMember
    from kiosk.ui.admin.admin_window import AdminWindow

    window = AdminWindow(site, "en")
    member = next(m for m in site.staff.members() if m.name == "probe")
    window._on_sign_in_signed_in(StaffMember(member.id, member.name, member.role), "")

    def act() -> None:
        admin = window.admin
        if admin is not None and admin.jobs.runner.idle:
            admin.versions.refresh()
            admin.staff.refresh()

    return window, act


def main(role: str, url: str, seconds: float, out: Path) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.services.site_context import open_site
    from kiosk.ui.app import application

    app = application(on_screen_keyboard=role == "visitor")
    site = open_site(url)
    window, act = {"visitor": _visitor, "staff": _staff, "display": _display, "admin": _admin}[
        role
    ](site)
    window.resize(1600, 1000)
    window.show()
    samples: list[tuple[float, float]] = []
    last = [time.monotonic()]

    def tick() -> None:
        now = time.monotonic()
        samples.append((now, max(0.0, (now - last[0]) * 1000 - INTERVAL_MS)))
        last[0] = now

    meter = QTimer()
    meter.timeout.connect(tick)
    meter.start(INTERVAL_MS)
    busy = QTimer()
    busy.timeout.connect(act)
    busy.start(250)
    QTimer.singleShot(int(seconds * 1000), app.quit)
    print("ready", flush=True)
    QApplication.instance().exec()  # type: ignore[union-attr]
    meter.stop()
    busy.stop()
    out.write_text(json.dumps({"samples": samples}), encoding="utf-8")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], float(sys.argv[3]), Path(sys.argv[4])))
